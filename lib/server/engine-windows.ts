import 'server-only';
import type {
  TEngineBatchResult,
  TEngineWindowBatch,
  TLiveSession,
} from '@/lib/schemas/live-analysis';
import { Prisma } from '@prisma/client';
import { db, newRowId, pgQuery } from './db';
import { HttpError, notFound } from './http';
import type { TMember } from './members';
import {
  biometricsDeleted,
  LATE_WINDOW_GRACE_MS,
  quotaUpsertSql,
  SESSION_CAPS,
  sessionCapReached,
  sessionClosed,
} from './session-quota';
import { liveVerdictAfterInsert } from './session-verdict';

/**
 * Trusted-side engine windows of a live session. Only OWNER/INTERVIEWER of the session's
 * organization may post them (everyone else, including the candidate, gets the same 404 as a
 * missing session), and the source is TRUSTED because of that role, never because the body says
 * so. Idempotent: the unique (session, source, batch, windowStart) key with skipDuplicates turns a
 * resent batch into a no-op, so retries after reconnects neither duplicate nor lose windows.
 *
 * Late windows: a batch that reaches a CLOSED session is still stored when every window in it ended
 * by the session's end + LATE_WINDOW_GRACE_MS (produced before the close, sent after a reconnect),
 * as kind ENGINE_LATE: kept in the record (export, retention and deletion cover them like any
 * window) and counted against the session's cap, but read by nothing that computes the verdict or
 * the report, so the final verdict taken at the close is never rewritten, not even by the
 * reconciler. A batch reaching past that is refused whole (409 session_closed).
 */

/** Windows may be stamped late (an offline buffer drained after a reconnect), not far from now. */
const MAX_TIME_SKEW_MS = 2 * 60 * 60_000;

const isInterviewer = (m: TMember) => m.role === 'OWNER' || m.role === 'INTERVIEWER';

type TRow = {
  id: string;
  ws: string;
  we: string;
  v: TEngineWindowBatch['windows'][number]['signals'];
};

function rowsOf(input: TEngineWindowBatch): TRow[] {
  return input.windows.map(({ at, signals }) => {
    const start = new Date(at);
    if (Math.abs(Date.now() - start.getTime()) > MAX_TIME_SKEW_MS)
      throw new HttpError(400, 'invalid_input', 'window time is too far from now');
    const end = new Date(start.getTime() + (signals.endMs - signals.startMs));
    return {
      id: newRowId(),
      ws: start.toISOString(),
      we: end.toISOString(),
      v: signals,
    };
  });
}

/**
 * Raised inside the statement when the cap would be passed (a cast of this text that fails at run
 * time: it depends on the inserted count, so the planner cannot fold it), so the whole statement,
 * its insert too, rolls back.
 */
const CAP_MARKER = 'candor_session_cap_reached';

type TStoreRow = {
  status: string | null;
  deleted: boolean | null;
  kind: 'ENGINE' | 'ENGINE_LATE' | null;
  inserted: number;
  held: number | null;
  capCheck: number | null;
  /** what the session's challenge results are now (count and newest): the live verdict's cache key */
  challengeStamp: string;
  /** when the session's newest verdict was stored (ms since the epoch), null when none: the live verdict's throttle */
  lastVerdictMs: number | null;
};

export async function storeEngineWindows(
  member: TMember,
  sessionId: string,
  input: TEngineWindowBatch,
): Promise<TEngineBatchResult> {
  // Everyone but OWNER/INTERVIEWER gets the same 404 as a missing session (or another org's).
  if (!isInterviewer(member)) throw notFound('Session not found');
  const rows = rowsOf(input);
  const latestEnd = new Date(Math.max(0, ...rows.map((r) => new Date(r.we).getTime())));
  const cap = SESSION_CAPS.engineWindows;
  if (rows.length > cap) throw sessionCapReached('engineWindows');
  // ONE statement, so one round trip and atomic on its own (what the interactive transaction of
  // lock + createMany + reserveQuota did in five): the session is locked FOR
  // SHARE (it cannot close meanwhile) and must be this organization's LIVE one; an OPEN session
  // takes ENGINE rows, a CLOSED one only windows that ended by its end + LATE_WINDOW_GRACE_MS (as
  // ENGINE_LATE), anything else inserts nothing; duplicates (the idempotency key) are skipped; only
  // the rows actually inserted are counted in SessionUsage with the conditional upsert, and when
  // that would pass the cap the statement raises (a failing cast naming CAP_MARKER), so the insert
  // rolls back with it. Errors are told apart from the returned state, as before.
  // Prisma's columns are TIMESTAMP(3) holding UTC: ISO strings cast to timestamp (the zone is
  // ignored) store exactly what Prisma stores, whatever the database session's TimeZone.
  const createdAt = new Date().toISOString();
  let r: TStoreRow | undefined;
  try {
    [r] = await pgQuery<TStoreRow>(
      Prisma.sql`
      WITH s AS (
        SELECT s.status::text AS status, s."endedAt", (s."biometricsDeletedAt" IS NOT NULL) AS deleted
        FROM "Session" s JOIN "Interview" i ON i.id = s."interviewId"
        WHERE s.id = ${sessionId} AND i."organizationId" = ${member.organizationId} AND i.kind = 'LIVE'
        FOR SHARE OF s
      ), target AS (
        SELECT CASE
          WHEN deleted THEN NULL
          WHEN status = 'OPEN' THEN 'ENGINE'
          WHEN "endedAt" IS NOT NULL
            AND ${latestEnd.toISOString()}::timestamp <= "endedAt" + make_interval(secs => ${LATE_WINDOW_GRACE_MS / 1000})
            THEN 'ENGINE_LATE'
        END AS kind
        FROM s
      ), ins AS (
        INSERT INTO "SignalWindow"
          (id, "sessionId", source, kind, "clientBatchId", "windowStart", "windowEnd", "values", "createdAt")
        SELECT w.id, ${sessionId}, 'TRUSTED', t.kind::"SignalKind", ${input.clientBatchId}, w.ws, w.we, w.v, ${createdAt}::timestamp
        FROM target t, jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
          AS w(id text, ws timestamp, we timestamp, v jsonb)
        WHERE t.kind IS NOT NULL
        ON CONFLICT DO NOTHING
        RETURNING 1
      ), n AS (
        SELECT count(*)::int AS k FROM ins
      ), q AS (${quotaUpsertSql('engineWindows', Prisma.sql`SELECT ${sessionId}, k FROM n WHERE k > 0`)})
      SELECT
        (SELECT status FROM s) AS status,
        (SELECT deleted FROM s) AS deleted,
        (SELECT kind FROM target) AS kind,
        (SELECT k FROM n) AS inserted,
        (SELECT q.n FROM q) AS held,
        (SELECT CASE WHEN n.k > 0 AND NOT EXISTS (SELECT 1 FROM q)
                THEN (${CAP_MARKER} || n.k)::int ELSE 0 END FROM n) AS "capCheck",
        (SELECT count(*) || ':' || coalesce(max(c."createdAt")::text, '')
         FROM "ChallengeResult" c WHERE c."sessionId" = ${sessionId}) AS "challengeStamp",
        (SELECT (extract(epoch FROM max(v."createdAt")) * 1000)::float8
         FROM "Verdict" v WHERE v."sessionId" = ${sessionId}) AS "lastVerdictMs"`,
      'candor_store_engine_windows',
    );
  } catch (err) {
    if (err instanceof Error && err.message.includes(CAP_MARKER))
      throw sessionCapReached('engineWindows');
    throw err;
  }
  if (!r || r.status === null) throw notFound('Session not found');
  if (r.deleted) throw biometricsDeleted();
  if (r.kind === null) throw sessionClosed();
  const late = r.kind === 'ENGINE_LATE';
  const count = r.inserted;
  // The final verdict is computed when the session closes (session-lifecycle.ts); this one is live,
  // kept incrementally from the windows just stored (session-verdict.ts liveVerdictAfterInsert)
  // and computed after this answer: the page does not wait for it (the report reads the stored
  // Verdict rows). The quota row's count is the session's stored total after this insert.
  if (count > 0 && !late && r.held !== null)
    liveVerdictAfterInsert(
      sessionId,
      input.windows.map((w) => w.signals),
      count,
      r.held,
      r.challengeStamp,
      r.lastVerdictMs,
    ).catch((err: unknown) => console.error('[live-verdict]', sessionId, err));
  return {
    stored: count,
    duplicate: rows.length - count,
    late: late ? count : 0,
  };
}

/**
 * The interview's OPEN session: how the interviewer's page learns the session id (the session is
 * opened by LiveKit's webhook, after the first token, so the page asks until it exists). A closed
 * one is never offered: a re-opened room must not write into the previous session.
 */
export async function getLiveSession(member: TMember, interviewId: string): Promise<TLiveSession> {
  const interview = isInterviewer(member)
    ? await db.interview.findFirst({
        where: { id: interviewId, organizationId: member.organizationId },
        select: { id: true },
      })
    : null;
  if (!interview) throw notFound('Interview not found');
  const session = await db.session.findFirst({
    where: { interviewId: interview.id, status: 'OPEN' },
    orderBy: { startedAt: 'desc' },
    select: { id: true, status: true },
  });
  if (!session)
    throw new HttpError(
      409,
      'no_open_session',
      'The interview session has not started yet: retry shortly',
    );
  return { sessionId: session.id, status: session.status };
}
