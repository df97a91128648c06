import 'server-only';
import { updateSessionIdentity } from './identity';
import { warmReportCache } from './reports/load';
import type { Prisma } from '@prisma/client';
import type {
  TEngineBatchResult,
  TEngineWindowBatch,
  TLiveSession,
} from '@/lib/schemas/live-analysis';
import { db } from './db';
import { HttpError, notFound } from './http';
import type { TMember } from './members';
import {
  countEngineWindows,
  MAX_ENGINE_WINDOWS_PER_SESSION,
  recomputeVerdict,
} from './session-verdict';

/**
 * Trusted-side engine windows of a live session. Only OWNER/INTERVIEWER of the session's
 * organization may post them (everyone else, including the candidate, gets the same 404 as a
 * missing session), and the source is TRUSTED because of that role, never because the body says
 * so. Idempotent: the unique (session, source, batch, windowStart) key with skipDuplicates turns a
 * resent batch into a no-op, so retries after reconnects neither duplicate nor lose windows.
 */

/** Windows may be stamped late (an offline buffer drained after a reconnect), not far from now. */
const MAX_TIME_SKEW_MS = 2 * 60 * 60_000;
/** The last batches may arrive just after the room closed (the page flushes on the way out). */
const LATE_AFTER_CLOSE_MS = 10 * 60_000;

const isInterviewer = (m: TMember) => m.role === 'OWNER' || m.role === 'INTERVIEWER';

async function writableSession(member: TMember, sessionId: string) {
  const session = isInterviewer(member)
    ? await db.session.findFirst({
        where: {
          id: sessionId,
          interview: { organizationId: member.organizationId, kind: 'LIVE' },
        },
        select: { id: true, status: true, endedAt: true, biometricsDeletedAt: true },
      })
    : null;
  if (!session) throw notFound('Session not found');
  if (session.biometricsDeletedAt)
    throw new HttpError(409, 'biometrics_deleted', 'This session’s biometric data was deleted');
  if (
    session.status === 'CLOSED' &&
    (!session.endedAt || Date.now() - session.endedAt.getTime() > LATE_AFTER_CLOSE_MS)
  ) {
    throw new HttpError(409, 'session_closed', 'The session has ended');
  }
  return session;
}

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
  const session = await writableSession(member, sessionId);
  const rows = rowsOf(session.id, input);
  if ((await countEngineWindows(session.id)) + rows.length > MAX_ENGINE_WINDOWS_PER_SESSION) {
    throw new HttpError(429, 'too_many_windows', 'Too many signal windows for this session');
  }
  const res = await db.signalWindow.createMany({ data: rows, skipDuplicates: true });
  // After the room closed every late batch refreshes the verdict: the close-time one missed it.
  const verdict =
    res.count > 0
      ? await recomputeVerdict(session.id, { force: session.status === 'CLOSED' })
      : null;
  if (res.count > 0 && session.status === 'CLOSED') {
    await updateSessionIdentity(session.id).catch((err: unknown) =>
      console.error('[identity] template/alerts on late windows failed', err),
    );
    await warmReportCache(session.id);
  }
  return {
    stored: res.count,
    duplicate: rows.length - res.count,
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
