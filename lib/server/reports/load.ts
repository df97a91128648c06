import { loadOriginAlerts, loadOriginFacts } from '../origin/origin-facts';
import 'server-only';
import { ZStoredChallengeMeasured } from '@/lib/schemas/challenges';
import { ZVerdictReason, type TVerdictReason } from '@/lib/schemas/signals';
import { listSessionAlerts } from '../alerts';
import { db } from '../db';
import { IDENTITY_ALERT_KINDS } from '../identity-thumbnails';
import { notFound } from '../http';
import type { TMember } from '../members';
import { probeDerived, resolveDerived, type TDerived } from './derived';
import { loadFacts, type TFactRow } from './facts';
import { MODEL_VERSIONS } from './models';
import { buildPlotDataSliced, type TPlotData } from './series';
import { loadPlotRows } from '../evidence/engine-projections';
import { loadChallengeSummaries, mediaZero } from '../evidence/load-session-evidence';

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

function issuedMediaMs(measured: unknown): number | null {
  const m = ZStoredChallengeMeasured.safeParse(measured);
  return m.success && m.data.type === 'verdict' ? m.data.issuedMediaMs : null;
}

/** The verifier's note (or the interviewer's note for an alternative check). */
function noteOf(measured: unknown): string | null {
  const m = ZStoredChallengeMeasured.safeParse(measured);
  return m.success && m.data.note ? m.data.note : null;
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
  const probe = await probeDerived(sessionId);
  if (!probe.cached) await resolveDerived(sessionId, probe);
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
    alerts,
    template,
  ] = await Promise.all([
    mediaZero(session.id, session.startedAt),
    loadSideTables(session.id),
    loadPlotRows(session.id),
    loadFacts(session.id, session.interview.candidate.claimedTimeZone, session.startedAt),
    probeDerived(session.id),
    loadOriginFacts(session.id),
    loadOriginAlerts(session.id),
    listSessionAlerts(member, session.id),
    db.identityTemplate.findUnique({ where: { sessionId: session.id }, select: { samples: true } }),
  ]);
  // What the verdict counted: a retried no-show is listed but marked, never silently re-counted.
  const summaries = new Map((await loadChallengeSummaries(session.id)).map((c) => [c.id, c]));
  const summaryOf = (id: string | null) => (id ? summaries.get(id.slice(0, 64)) : undefined);
  const rel = (d: Date | null) => (d ? Math.max(0, d.getTime() - zero) : null);
  // A challenge's frames sit on the analysed stream's clock like the challenge itself: the prompt's
  // media time plus the frame's offset from the prompt (the route stored issuedAt + that offset).
  const promptOf = new Map(
    challengeRows.flatMap((c) => {
      const media = issuedMediaMs(c.measured);
      return media === null ? [] : [[c.id, { media, issuedAt: c.issuedAt.getTime() }] as const];
    }),
  );
  const evidence: TEvidenceRef[] = evidenceRows.map((e) => {
    const p = e.challengeResultId ? promptOf.get(e.challengeResultId) : undefined;
    return { ...e, atMs: p ? Math.max(0, p.media + e.at.getTime() - p.issuedAt) : rel(e.at) };
  });
  const challenges = challengeRows.map((c) => {
    const media = issuedMediaMs(c.measured);
    const spanMs = c.completedAt ? c.completedAt.getTime() - c.issuedAt.getTime() : 0;
    return {
      id: c.id,
      kind: c.kind,
      outcome: c.outcome,
      counted: c.challengeId === null || summaryOf(c.challengeId) !== undefined,
      latencyMs: c.latencyMs,
      note: noteOf(c.measured),
      issuedAt: c.issuedAt,
      completedAt: c.completedAt,
      // On the analysed stream's clock, as the verdict placed it (wall clock only for old rows).
      startMs: summaryOf(c.challengeId)?.startMs ?? media ?? rel(c.issuedAt),
      endMs:
        summaryOf(c.challengeId)?.endMs ?? (media !== null ? media + spanMs : rel(c.completedAt)),
      evidence: evidence.filter((e) => e.challengeResultId === c.id),
    };
  });
  const derived: TDerived = await resolveDerived(session.id, probe);
  const plot: TPlotData = await buildPlotDataSliced(plotRows);
  return {
    session,
    interview: session.interview,
    candidate: session.interview.candidate,
    verdict: verdict && { ...verdict, reasons: parseReasons(verdict.reasons) },
    plot,
    derived,
    challenges,
    flagged: evidence.filter((e) => e.challengeResultId === null),
    evidence,
    facts: facts satisfies TFactRow[],
    origin,
    originAlerts,
    identity: {
      templateSamples: template?.samples ?? null,
      alerts: alerts.filter((a) => (IDENTITY_ALERT_KINDS as readonly string[]).includes(a.kind)),
    },
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
