import 'server-only';
import { Prisma } from '@prisma/client';
import { z } from 'zod';
import { DASHBOARD_PAGE_SIZE, ZDashboardCursor, type TDashboardQuery } from '@/lib/schemas/report';
import { db } from './db';
import type { TMember } from './members';

/**
 * The dashboard list: interviews with their candidate, latest session and latest verdict, filtered
 * and sorted from URL params, paged by keyset (the last row's sort key + id), so page 400 costs what
 * page 1 does. Latest session/verdict come from LATERAL lookups on (interviewId, startedAt) and
 * (sessionId, createdAt) indexes, evaluated only for rows the outer index scan reaches.
 */

const ZRow = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.enum(['LIVE', 'ASYNC']),
  status: z.enum(['SCHEDULED', 'IN_PROGRESS', 'COMPLETED', 'CANCELLED']),
  createdAt: z.date(),
  scheduledAt: z.date().nullable(),
  candidateName: z.string(),
  candidateEmail: z.string(),
  sortKey: z.string(),
  sessionId: z.string().nullable(),
  sessionAt: z.date().nullable(),
  verdict: z.enum(['PASS', 'REVIEW', 'FAIL', 'INCONCLUSIVE']).nullable(),
  score: z.number().int().nullable(),
  /** ASYNC only: the latest session's current takes (discarded retakes not counted) */
  answers: z
    .object({
      total: z.number().int(),
      recording: z.number().int(),
      queued: z.number().int(),
      analysing: z.number().int(),
      done: z.number().int(),
      failed: z.number().int(),
      /** share of the uploaded answers' analysis done, 0–1 */
      analysed: z.number(),
      failureReason: z.string().nullable(),
    })
    .nullable(),
});
export type TDashboardRow = z.infer<typeof ZRow>;

export type TAsyncStatus = {
  code: 'waiting' | 'recording' | 'queued' | 'analysing' | 'done' | 'failed';
  text: string;
};

/**
 * One line for an async interview on the dashboard: failed (with the reason) wins, then what is
 * still moving (recording, analysing n %, queued), then done. Null for live interviews.
 */
export function asyncStatusOf(answers: TDashboardRow['answers']): TAsyncStatus | null {
  if (!answers) return null;
  if (answers.failed > 0) {
    return {
      code: 'failed',
      text: `failed: ${answers.failureReason ?? 'analysis failed'}`,
    };
  }
  if (answers.total === 0) return { code: 'waiting', text: 'waiting for the candidate' };
  if (answers.recording > 0) return { code: 'recording', text: 'candidate recording' };
  if (answers.analysing > 0) {
    return { code: 'analysing', text: `analysing ${Math.floor(answers.analysed * 100)} %` };
  }
  if (answers.queued > 0) return { code: 'queued', text: 'queued for analysis' };
  return { code: 'done', text: 'done' };
}

const ORDER = {
  newest: {
    key: Prisma.sql`to_char(i."createdAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS')`,
    order: Prisma.sql`i."createdAt" DESC, i.id DESC`,
    cmp: '<',
  },
  oldest: {
    key: Prisma.sql`to_char(i."createdAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS')`,
    order: Prisma.sql`i."createdAt" ASC, i.id ASC`,
    cmp: '>',
  },
  candidate: {
    key: Prisma.sql`lower(c.name)`,
    order: Prisma.sql`lower(c.name) ASC, i.id ASC`,
    cmp: '>',
  },
} as const;

function decodeCursor(after: string | undefined) {
  if (!after) return null;
  try {
    const parsed = ZDashboardCursor.safeParse(
      JSON.parse(Buffer.from(after, 'base64url').toString('utf8')),
    );
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export const encodeCursor = (row: TDashboardRow) =>
  Buffer.from(JSON.stringify({ k: row.sortKey, id: row.id })).toString('base64url');

function keysetCondition(q: TDashboardQuery): Prisma.Sql {
  const cursor = decodeCursor(q.after);
  if (!cursor) return Prisma.empty;
  const o = ORDER[q.sort];
  const keyExpr = q.sort === 'candidate' ? Prisma.sql`lower(c.name)` : Prisma.sql`i."createdAt"`;
  const keyValue =
    q.sort === 'candidate' ? Prisma.sql`${cursor.k}` : Prisma.sql`${cursor.k}::timestamp`;
  return Prisma.sql`AND (${keyExpr}, i.id) ${Prisma.raw(o.cmp)} (${keyValue}, ${cursor.id})`;
}

function filters(q: TDashboardQuery): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (q.status) parts.push(Prisma.sql`AND i.status = ${q.status}::"InterviewStatus"`);
  if (q.kind) parts.push(Prisma.sql`AND i.kind = ${q.kind}::"InterviewKind"`);
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    parts.push(Prisma.sql`AND (c.name ILIKE ${like} OR c.email ILIKE ${like})`);
  }
  if (q.alerts === 'OPEN')
    parts.push(Prisma.sql`AND EXISTS (SELECT 1 FROM "SessionAlert" a JOIN "Session" s ON s.id = a."sessionId"
      WHERE s."interviewId" = i.id AND a."organizationId" = i."organizationId" AND a.status = 'OPEN')`);
  if (q.verdict === 'NONE') parts.push(Prisma.sql`AND lv.label IS NULL`);
  else if (q.verdict) parts.push(Prisma.sql`AND lv.label = ${q.verdict}`);
  return parts.length ? Prisma.join(parts, ' ') : Prisma.empty;
}

const LATEST_VERDICT = Prisma.sql`LEFT JOIN LATERAL (
      SELECT v.label::text AS label, v.score FROM "Session" s JOIN "Verdict" v ON v."sessionId" = s.id
      WHERE s."interviewId" = i.id ORDER BY v."createdAt" DESC LIMIT 1
    ) lv ON true`;

/** An async interview's current takes in its latest session, as one JSON object (null for LIVE). */
const ASYNC_COUNTS = Prisma.sql`CASE WHEN i.kind = 'ASYNC' THEN (
      SELECT json_build_object(
        'total', count(*),
        'recording', count(*) FILTER (WHERE a.status = 'RECORDING'),
        'queued', count(*) FILTER (WHERE a.status = 'UPLOADED'),
        'analysing', count(*) FILTER (WHERE a.status = 'ANALYSING'),
        'done', count(*) FILTER (WHERE a.status = 'DONE'),
        'failed', count(*) FILTER (WHERE a.status = 'FAILED'),
        'analysed', coalesce(avg(CASE WHEN a.status = 'DONE' THEN 1 ELSE a.progress END)
          FILTER (WHERE a.status IN ('UPLOADED', 'ANALYSING', 'DONE')), 0),
        'failureReason', (array_agg(a."failureReason" ORDER BY a."updatedAt" DESC)
          FILTER (WHERE a.status = 'FAILED'))[1])
      FROM "AsyncAnswer" a WHERE a."sessionId" = ls.id AND a.status <> 'DISCARDED'
    ) END`;

export async function listDashboard(
  member: TMember,
  q: TDashboardQuery,
): Promise<{ rows: TDashboardRow[]; next: string | null }> {
  const o = ORDER[q.sort];
  // The page is chosen first and only its rows get the latest-session/verdict lookups; a verdict
  // filter needs the lookup while choosing, so only then it joins inside.
  const raw = await db.$queryRaw<unknown[]>`
    WITH page AS (
      SELECT i.id, i.title, i.kind::text AS kind, i.status::text AS status, i."createdAt", i."scheduledAt",
        c.name AS "candidateName", c.email AS "candidateEmail", ${o.key} AS "sortKey"
      FROM "Interview" i
      JOIN "Candidate" c ON c.id = i."candidateId"
      ${q.verdict ? LATEST_VERDICT : Prisma.empty}
      WHERE i."organizationId" = ${member.organizationId} ${filters(q)} ${keysetCondition(q)}
      ORDER BY ${o.order}
      LIMIT ${DASHBOARD_PAGE_SIZE + 1}
    )
    SELECT i.*, ls.id AS "sessionId", ls."startedAt" AS "sessionAt", lv.label, lv.score,
      ${ASYNC_COUNTS} AS answers
    FROM page i
    LEFT JOIN LATERAL (
      SELECT s.id, s."startedAt" FROM "Session" s WHERE s."interviewId" = i.id ORDER BY s."startedAt" DESC LIMIT 1
    ) ls ON true
    ${LATEST_VERDICT}
    ORDER BY ${q.sort === 'candidate' ? Prisma.sql`lower(i."candidateName") ASC, i.id ASC` : o.order}`;
  const rows = raw.map((r) => {
    const { label, ...rest } = r as { label: unknown } & Record<string, unknown>;
    return ZRow.parse({ ...rest, verdict: label ?? null });
  });
  const page = rows.slice(0, DASHBOARD_PAGE_SIZE);
  const last = page.at(-1);
  return {
    rows: page,
    next: rows.length > DASHBOARD_PAGE_SIZE && last ? encodeCursor(last) : null,
  };
}
