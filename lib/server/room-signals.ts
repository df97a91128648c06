import 'server-only';
import type { Prisma } from '@prisma/client';
import type { TCandidateReportInput, TNetworkStatsInput, TStoredBatch } from '@/lib/schemas/rooms';
import { db } from './db';
import { HttpError, notFound } from './http';
import type { TMember } from './members';
import { requireConsentedInvite } from './rooms';
import { lockWritableSession, reserveQuota } from './session-quota';

/** A candidate joins a handful of times per interview; more reports than this are noise or abuse. */
const MAX_CANDIDATE_REPORTS_PER_SESSION = 20;
/** Windows may be posted late (retries after a reconnect) but not stamped far from now. */
const MAX_TIME_SKEW_MS = 60 * 60_000;
const MAX_WINDOW_MS = 60_000;

const noSession = () =>
  new HttpError(
    409,
    'no_open_session',
    'The interview session has not started yet (or has ended): retry shortly',
  );

async function openSessionId(interviewId: string): Promise<string> {
  const session = await db.session.findFirst({
    where: { interviewId, status: 'OPEN' },
    orderBy: { startedAt: 'desc' },
    select: { id: true },
  });
  if (!session) throw noSession();
  return session.id;
}

function checkTime(iso: string, what: string): Date {
  const at = new Date(iso);
  if (Math.abs(Date.now() - at.getTime()) > MAX_TIME_SKEW_MS) {
    throw new HttpError(400, 'invalid_input', `${what} is too far from the current time`);
  }
  return at;
}

/**
 * Stores the candidate's self-reported device facts as one CANDIDATE-sourced signal window.
 * Untrusted by construction: the report pages label it so and compare it with trusted figures.
 */
export async function storeCandidateReport(input: TCandidateReportInput): Promise<TStoredBatch> {
  const invite = await requireConsentedInvite(input.token);
  const sessionId = await openSessionId(invite.interviewId);
  const at = checkTime(input.capturedAt, 'capturedAt');
  const existing = await db.signalWindow.count({
    where: { sessionId, source: 'CANDIDATE', kind: 'DEVICE', clientBatchId: input.batchId },
  });
  if (existing > 0) return { stored: 0, duplicate: 1 };
  const count = await db.signalWindow.count({
    where: { sessionId, source: 'CANDIDATE', kind: 'DEVICE' },
  });
  if (count >= MAX_CANDIDATE_REPORTS_PER_SESSION) {
    throw new HttpError(429, 'too_many_reports', 'Too many device reports for this session');
  }
  const values = { ...input.facts, inviteId: invite.id } satisfies Prisma.InputJsonObject;
  const res = await db.signalWindow.createMany({
    data: [
      {
        sessionId,
        source: 'CANDIDATE',
        kind: 'DEVICE',
        clientBatchId: input.batchId,
        windowStart: at,
        windowEnd: at,
        values,
      },
    ],
    skipDuplicates: true,
  });
  return { stored: res.count, duplicate: 1 - res.count };
}

/**
 * Stores the interviewer's measurements of the RECEIVED candidate video as TRUSTED windows. A retry
 * resends the same batch id and windows; the unique (session, source, batch, windowStart) key and
 * skipDuplicates make that a no-op, so nothing is duplicated and nothing is lost.
 */
export async function storeNetworkStats(
  member: TMember,
  interviewId: string,
  input: TNetworkStatsInput,
): Promise<TStoredBatch> {
  const interview = await db.interview.findFirst({
    where: { id: interviewId, organizationId: member.organizationId },
    select: { id: true },
  });
  if (!interview) throw notFound('Interview not found');
  const sessionId = await openSessionId(interview.id);
  const rows = input.windows.map((w) => {
    const start = checkTime(w.windowStart, 'windowStart');
    const end = checkTime(w.windowEnd, 'windowEnd');
    const span = end.getTime() - start.getTime();
    if (span < 0 || span > MAX_WINDOW_MS)
      throw new HttpError(400, 'invalid_input', 'window must last 0–60 s');
    return {
      sessionId,
      source: 'TRUSTED' as const,
      kind: 'NETWORK' as const,
      clientBatchId: input.batchId,
      windowStart: start,
      windowEnd: end,
      values: w satisfies Prisma.InputJsonObject,
    };
  });
  const res = await db.$transaction(async (tx) => {
    await lockWritableSession(tx, sessionId);
    const inserted = await tx.signalWindow.createMany({ data: rows, skipDuplicates: true });
    await reserveQuota(tx, sessionId, 'networkStats', inserted.count);
    return inserted;
  });
  return { stored: res.count, duplicate: rows.length - res.count };
}
