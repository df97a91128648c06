import { loadOriginAlerts, loadOriginFacts } from '../origin/origin-facts';
import 'server-only';
import { ZVerdictReason, type TVerdictReason } from '@/lib/schemas/signals';
import { db } from '../db';
import { notFound } from '../http';
import type { TMember } from '../members';
import { probeDerived, resolveDerived, type TDerived } from './derived';
import { loadFacts, type TFactRow } from './facts';
import { MODEL_VERSIONS } from './models';
import { buildPlotData, loadPlotRows, type TPlotData } from './series';

/** Everything the report page, the JSON export and the PDF show about one session. */

export interface TEvidenceRef {
  id: string;
  at: Date;
  atMs: number | null;
  reason: string;
  challengeResultId: string | null;
  hasImage: boolean;
}

/** The organization's session (with interview and candidate), or a 404 that reveals nothing. */
export async function findSessionForMember(member: TMember, id: string) {
  // Authorisation first, by a single indexed lookup; the include runs only for the right organization.
  const session = await db.session.findUnique({
    where: { id },
    include: { interview: { include: { candidate: true } } },
  });
  if (!session || session.interview.organizationId !== member.organizationId)
    throw notFound('Session not found');
  return session;
}

/** Wall-clock time of media time 0: windows carry both their wall-clock start and their media start. */
async function mediaZero(sessionId: string, fallback: Date): Promise<number> {
  const [row] = await db.$queryRaw<Array<{ zero: number | null }>>`
    SELECT (extract(epoch FROM "windowStart") * 1000 - ("values"->>'startMs')::float8)::float8 AS zero
    FROM "SignalWindow" WHERE "sessionId" = ${sessionId} AND "source" = 'TRUSTED' AND NOT ("values" ? 'kind')
    ORDER BY "windowStart" LIMIT 1`;
  return row?.zero ?? fallback.getTime();
}

function parseReasons(json: unknown): TVerdictReason[] {
  if (!Array.isArray(json)) return [];
  return json.flatMap((r) => {
    const parsed = ZVerdictReason.safeParse(r);
    return parsed.success ? [parsed.data] : [];
  });
}

async function loadSideTables(sessionId: string) {
  return Promise.all([
    db.verdict.findFirst({ where: { sessionId }, orderBy: { createdAt: 'desc' } }),
    db.challengeResult.findMany({ where: { sessionId }, orderBy: { issuedAt: 'asc' }, take: 200 }),
    db.$queryRaw<Array<Omit<TEvidenceRef, 'atMs'>>>`
      SELECT id, "challengeResultId", at, reason, (thumbnail IS NOT NULL) AS "hasImage"
      FROM "Evidence" WHERE "sessionId" = ${sessionId} ORDER BY at LIMIT 300`,
    db.reviewNote.findMany({
      where: { sessionId },
      orderBy: { createdAt: 'asc' },
      take: 200,
      include: { author: { select: { name: true } } },
    }),
    db.reviewDecision.findMany({
      where: { sessionId },
      orderBy: { createdAt: 'desc' },
      take: 20,
      include: { reviewer: { select: { name: true } } },
    }),
  ]);
}

/**
 * Computes and caches the report's derived data (running score, signal summaries) so the first view
 * after an interview is a cache hit; called when a session closes and when late windows arrive.
 */
export async function warmReportCache(sessionId: string): Promise<void> {
  const session = await db.session.findUnique({
    where: { id: sessionId },
    select: { startedAt: true },
  });
  if (!session) return;
  const [zero, challengeRows, probe] = await Promise.all([
    mediaZero(sessionId, session.startedAt),
    db.challengeResult.findMany({ where: { sessionId }, orderBy: { issuedAt: 'asc' }, take: 200 }),
    probeDerived(sessionId),
  ]);
  if (probe.cached) return;
  const rel = (d: Date | null) => (d ? Math.max(0, d.getTime() - zero) : null);
  const inputs = challengeRows.map((c) => ({
    id: c.id,
    kind: c.kind,
    outcome: c.outcome,
    startMs: rel(c.issuedAt),
    endMs: rel(c.completedAt),
  }));
  await resolveDerived(sessionId, probe, inputs);
}

export async function getSessionReport(member: TMember, id: string) {
  const session = await findSessionForMember(member, id);
  // Everything below depends only on the (authorised) session id: one parallel round.
  const [
    zero,
    [verdict, challengeRows, evidenceRows, notes, decisions],
    plotRows,
    facts,
    probe,
    origin,
    originAlerts,
  ] = await Promise.all([
    mediaZero(session.id, session.startedAt),
    loadSideTables(session.id),
    loadPlotRows(session.id),
    loadFacts(session.id, session.interview.candidate.claimedTimeZone, session.startedAt),
    probeDerived(session.id),
    loadOriginFacts(session.id),
    loadOriginAlerts(session.id),
  ]);
  const rel = (d: Date | null) => (d ? Math.max(0, d.getTime() - zero) : null);
  const evidence: TEvidenceRef[] = evidenceRows.map((e) => ({ ...e, atMs: rel(e.at) }));
  const challenges = challengeRows.map((c) => ({
    id: c.id,
    kind: c.kind,
    outcome: c.outcome,
    latencyMs: c.latencyMs,
    issuedAt: c.issuedAt,
    completedAt: c.completedAt,
    startMs: rel(c.issuedAt),
    endMs: rel(c.completedAt),
    evidence: evidence.filter((e) => e.challengeResultId === c.id),
  }));
  const derived: TDerived = await resolveDerived(session.id, probe, challenges);
  return {
    session,
    interview: session.interview,
    candidate: session.interview.candidate,
    verdict: verdict && { ...verdict, reasons: parseReasons(verdict.reasons) },
    plot: buildPlotData(plotRows) satisfies TPlotData,
    derived,
    challenges,
    flagged: evidence.filter((e) => e.challengeResultId === null),
    evidence,
    facts: facts satisfies TFactRow[],
    origin,
    originAlerts,
    notes: notes.map((n) => ({
      id: n.id,
      body: n.body,
      author: n.author.name,
      createdAt: n.createdAt,
    })),
    decisions: decisions.map((d) => ({
      id: d.id,
      decision: d.decision,
      comment: d.comment,
      by: d.reviewer.name,
      createdAt: d.createdAt,
    })),
    models: MODEL_VERSIONS,
  };
}
export type TSessionReport = Awaited<ReturnType<typeof getSessionReport>>;
