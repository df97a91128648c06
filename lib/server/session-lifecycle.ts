import 'server-only';
import { db } from './db';
import { updateSessionIdentity } from './identity';
import { refreshOriginAlertsQuietly } from './origin/origin-alerts';
import { warmReportCache } from './reports/load';
import { closeSession, lockInterviewRooms } from './room-sessions';
import { forgetLiveState, recomputeVerdict } from './session-verdict';

/**
 * A session's life after its room: closing is one short transaction (room-sessions.ts); the final
 * verdict and the report cache are computed here, after that commit, and a failure here is logged
 * and retried by the reconciler (a CLOSED session whose newest verdict predates its end is stale).
 * Nothing here can leave a session OPEN.
 */

/** The final verdict and the report's summaries for a closed session; never throws. */
export async function finalizeSession(sessionId: string): Promise<boolean> {
  forgetLiveState(sessionId);
  try {
    await recomputeVerdict(sessionId, { force: true });
    // The identity template and its alerts (cross-interview matches) are shown by the report.
    await updateSessionIdentity(sessionId).catch((err: unknown) =>
      console.error(`[identity] template/alerts of session ${sessionId} failed`, err),
    );
    await refreshOriginAlertsQuietly(sessionId);
    await warmReportCache(sessionId);
    return true;
  } catch (err) {
    console.error(`[lifecycle] final verdict of session ${sessionId} failed`, err);
    return false;
  }
}

/** Closes one OPEN session whose room is gone, under the interview's room lock; true if it closed it. */
export async function closeOrphanSession(sessionId: string, at: Date): Promise<boolean> {
  const closed = await db.$transaction(async (tx) => {
    const s = await tx.session.findUnique({
      where: { id: sessionId },
      select: { interview: { select: { id: true, organizationId: true, status: true } } },
    });
    if (!s) return false;
    await lockInterviewRooms(tx, s.interview.id);
    return closeSession(tx, s.interview, sessionId, at);
  });
  if (closed) await finalizeSession(sessionId);
  return closed;
}

/** OPEN live sessions older than `graceMs`, with their room names. */
export function openLiveSessions(graceMs: number, limit = 500) {
  return db.session.findMany({
    where: {
      status: 'OPEN',
      roomSid: { not: null },
      startedAt: { lt: new Date(Date.now() - graceMs) },
    },
    select: { id: true, interview: { select: { roomName: true } } },
    orderBy: { startedAt: 'asc' },
    take: limit,
  });
}

/**
 * CLOSED sessions (ended within `withinMs`) that have TRUSTED engine windows but no verdict computed
 * after they ended and after their last window: the close-time computation failed or the process stopped before it ran.
 */
export async function staleVerdictSessions(withinMs: number, limit = 50): Promise<string[]> {
  const since = new Date(Date.now() - withinMs);
  const rows = await db.$queryRaw<Array<{ id: string }>>`
    SELECT s.id FROM "Session" s
    WHERE s.status = 'CLOSED' AND s."endedAt" IS NOT NULL AND s."endedAt" > ${since}
      AND s."biometricsDeletedAt" IS NULL
      AND EXISTS (SELECT 1 FROM "SignalWindow" w WHERE w."sessionId" = s.id
                  AND w.source = 'TRUSTED' AND w.kind = 'ENGINE')
      AND NOT EXISTS (SELECT 1 FROM "Verdict" v WHERE v."sessionId" = s.id
        AND v."createdAt" >= GREATEST(s."endedAt", (SELECT max(w."createdAt") FROM "SignalWindow" w
          WHERE w."sessionId" = s.id AND w.source = 'TRUSTED' AND w.kind = 'ENGINE')))
    ORDER BY s."endedAt" LIMIT ${limit}`;
  return rows.map((r) => r.id);
}
