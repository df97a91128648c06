import 'server-only';
import type { Prisma } from '@prisma/client';
import type {
  TEngineBatchResult,
  TEngineWindowBatch,
  TLiveSession,
} from '@/lib/schemas/live-analysis';
import { db } from './db';
import { HttpError, notFound } from './http';
import type { TMember } from './members';
import { lockSessionForProducedAt, reserveQuota } from './session-quota';
import { recomputeVerdict } from './session-verdict';

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

function rowsOf(
  sessionId: string,
  input: TEngineWindowBatch,
): Prisma.SignalWindowCreateManyInput[] {
  return input.windows.map(({ at, signals }) => {
    const start = new Date(at);
    if (Math.abs(Date.now() - start.getTime()) > MAX_TIME_SKEW_MS)
      throw new HttpError(400, 'invalid_input', 'window time is too far from now');
    const end = new Date(start.getTime() + (signals.endMs - signals.startMs));
    const values = signals satisfies Prisma.InputJsonObject;
    return {
      sessionId,
      source: 'TRUSTED',
      kind: 'ENGINE',
      clientBatchId: input.clientBatchId,
      windowStart: start,
      windowEnd: end,
      values,
    };
  });
}

export async function storeEngineWindows(
  member: TMember,
  sessionId: string,
  input: TEngineWindowBatch,
): Promise<TEngineBatchResult> {
  // Everyone but OWNER/INTERVIEWER gets the same 404 as a missing session (or another org's).
  if (!isInterviewer(member)) throw notFound('Session not found');
  const session = { id: sessionId };
  const rows = rowsOf(session.id, input);
  const latestEnd = new Date(Math.max(0, ...rows.map((r) => new Date(r.windowEnd).getTime())));
  // One transaction (one round trip per step): the session is the member's organization's LIVE one
  // and still OPEN (and cannot close meanwhile) or the windows are late
  // ones of a closed session, the rows go in, and only the rows actually inserted (not duplicates)
  // are counted against the session's cap.
  const res = await db.$transaction(async (tx) => {
    const state = await lockSessionForProducedAt(tx, session.id, latestEnd, {
      organizationId: member.organizationId,
    });
    const data =
      state === 'late' ? rows.map((r) => ({ ...r, kind: 'ENGINE_LATE' as const })) : rows;
    const inserted = await tx.signalWindow.createMany({ data, skipDuplicates: true });
    const held = await reserveQuota(tx, session.id, 'engineWindows', inserted.count);
    return { count: inserted.count, late: state === 'late', held };
  });
  // The final verdict is computed when the session closes (session-lifecycle.ts); this one is live.
  // The quota row's count stands in for counting the windows again (the throttle's input).
  const verdict =
    res.count > 0 && !res.late
      ? await recomputeVerdict(session.id, { windows: res.held ?? undefined })
      : null;
  return {
    stored: res.count,
    duplicate: rows.length - res.count,
    late: res.late ? res.count : 0,
    verdict: verdict && {
      score: verdict.score,
      label: verdict.label,
      configVersion: verdict.configVersion,
    },
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
