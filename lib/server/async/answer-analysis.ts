import 'server-only';
import type { Prisma } from '@prisma/client';
import { windowize } from '@/lib/analysis/session';
import type { AudioEnvelope, FrameFeatures, Span } from '@/lib/analysis/types';
import { db, type TTx } from '../db';
import { HttpError } from '../http';
import { reserveQuota } from '../session-quota';
import { verifyAnswerChallenges } from './answer-challenges';

/**
 * One async answer's analysis, on the trusted side: the worker runs the same engine as live rooms
 * over the uploaded recording (through an injected RecordingAnalyzer: headless Chromium in
 * scripts/worker.ts) and stores what a live session stores: TRUSTED ENGINE windows, challenge
 * results, then (when every answer is DONE or FAILED) the session verdict.
 *
 * Clock: the frames are placed on the SESSION clock (media time + answer start − session start),
 * so the windows of several answers never overlap in fusion, and windowStart = answer.startedAt + t.
 * Idempotent: every window of an answer carries clientBatchId `async:<answerId>` and the unique
 * (session, source, batch, windowStart) key; all of an answer's rows go in one transaction, so a
 * re-run (retry, a second worker after a crash) neither duplicates nor loses a window.
 */

export interface RecordingAnalysis {
  frames: FrameFeatures[];
  audio: AudioEnvelope | null;
  /** media duration of the recording (last analysed frame's time) */
  durationMs: number;
}

export interface RecordingJob {
  /**
   * Spans of the recording's media time (ms) where the engine runs its landmarker on every
   * analysed frame (the challenges' answer windows: blink-twice and the colour flash need ≥ ~10/s).
   */
  fullRateSpans?: Span[];
}

export type RecordingAnalyzer = (
  path: string,
  onProgress: (share: number) => void,
  job?: RecordingJob,
) => Promise<RecordingAnalysis>;

/** A file that is not a readable video: retrying cannot help, the job ends FAILED with this text. */
export class UnreadableRecordingError extends Error {}

export const batchIdOf = (answerId: string) => `async:${answerId}`;

export interface ClaimedAnswer {
  id: string;
  sessionId: string;
  storageKey: string;
  startedAt: Date;
  /** answer start on the session clock */
  offsetMs: number;
  attempts: number;
}

/**
 * Takes the answer for analysis: UPLOADED (or ANALYSING, left by a worker that died) becomes
 * ANALYSING with one more attempt. Null when there is nothing to do (DONE, FAILED, DISCARDED,
 * still RECORDING, the recording deleted, or the session's biometrics deleted).
 */
export async function claimAnswer(answerId: string): Promise<ClaimedAnswer | null> {
  const a = await db.asyncAnswer.findUnique({
    where: { id: answerId },
    select: {
      id: true,
      status: true,
      storageKey: true,
      recordingDeletedAt: true,
      sessionId: true,
      startedAt: true,
      session: { select: { startedAt: true, biometricsDeletedAt: true } },
    },
  });
  if (!a || !a.storageKey || a.recordingDeletedAt || a.session.biometricsDeletedAt) return null;
  if (a.status !== 'UPLOADED' && a.status !== 'ANALYSING') return null;
  const claimed = await db.asyncAnswer.update({
    where: { id: a.id },
    data: { status: 'ANALYSING', attempts: { increment: 1 }, progress: 0, failureReason: null },
    select: { attempts: true },
  });
  return {
    id: a.id,
    sessionId: a.sessionId,
    storageKey: a.storageKey,
    startedAt: a.startedAt,
    offsetMs: a.startedAt.getTime() - a.session.startedAt.getTime(),
    attempts: claimed.attempts,
  };
}

/** Progress 0–1 while ANALYSING (a finished or discarded answer is never moved back). */
export async function reportProgress(answerId: string, share: number): Promise<void> {
  await db.asyncAnswer.updateMany({
    where: { id: answerId, status: 'ANALYSING' },
    data: { progress: Math.min(0.99, Math.max(0, share)) },
  });
}

export async function failAnswer(answerId: string, reason: string): Promise<void> {
  await db.asyncAnswer.updateMany({
    where: { id: answerId, status: { in: ['UPLOADED', 'ANALYSING'] } },
    data: { status: 'FAILED', failureReason: reason.slice(0, 300), progress: 0 },
  });
}

/** Frames and audio moved from the recording's clock to the session clock. */
export function toSessionClock(a: RecordingAnalysis, offsetMs: number): RecordingAnalysis {
  return {
    frames: a.frames.map((f) => ({ ...f, t: f.t + offsetMs })),
    audio: a.audio && { ...a.audio, t0: a.audio.t0 + offsetMs },
    durationMs: a.durationMs,
  };
}

function windowRows(
  answer: ClaimedAnswer,
  onSession: RecordingAnalysis,
): Prisma.SignalWindowCreateManyInput[] {
  const sessionStart = answer.startedAt.getTime() - answer.offsetMs;
  return windowize(onSession.frames, onSession.audio).map((w) => ({
    sessionId: answer.sessionId,
    answerId: answer.id,
    source: 'TRUSTED',
    kind: 'ENGINE',
    clientBatchId: batchIdOf(answer.id),
    windowStart: new Date(sessionStart + w.startMs),
    windowEnd: new Date(sessionStart + w.endMs),
    values: w satisfies Prisma.InputJsonObject,
  }));
}

/** The session row locked for share: biometrics must still be kept (the session may be CLOSED). */
async function lockAnalysableSession(tx: TTx, sessionId: string): Promise<void> {
  const [s] = await tx.$queryRaw<Array<{ deleted: boolean }>>`
    SELECT ("biometricsDeletedAt" IS NOT NULL) AS deleted FROM "Session" WHERE id = ${sessionId} FOR SHARE`;
  if (!s || s.deleted)
    throw new HttpError(409, 'biometrics_deleted', 'The session or its biometric data was deleted');
}

/**
 * Stores the windows and challenge results of one analysed answer and marks it DONE, in one
 * transaction. Returns the number of windows the answer has (inserted now or by an earlier run).
 */
export async function storeAnswerAnalysis(
  answer: ClaimedAnswer,
  analysis: RecordingAnalysis,
): Promise<{ windows: number; inserted: number; challenges: number }> {
  const onSession = toSessionClock(analysis, answer.offsetMs);
  const rows = windowRows(answer, onSession);
  return db.$transaction(
    async (tx) => {
      await lockAnalysableSession(tx, answer.sessionId);
      const inserted = await tx.signalWindow.createMany({ data: rows, skipDuplicates: true });
      await reserveQuota(tx, answer.sessionId, 'engineWindows', inserted.count);
      const challenges = await verifyAnswerChallenges(tx, answer, onSession);
      await tx.asyncAnswer.updateMany({
        where: { id: answer.id, status: 'ANALYSING' },
        data: {
          status: 'DONE',
          progress: 1,
          analysedAt: new Date(),
          durationMs: Math.round(analysis.durationMs),
          failureReason: null,
        },
      });
      const windows = await tx.signalWindow.count({
        where: { answerId: answer.id, kind: 'ENGINE', source: 'TRUSTED' },
      });
      return { windows, inserted: inserted.count, challenges };
    },
    { timeout: 60_000 },
  );
}

/** True when no answer of the session is still waiting or being analysed (and at least one is DONE). */
export async function sessionAnalysisComplete(sessionId: string): Promise<boolean> {
  const groups = await db.asyncAnswer.groupBy({
    by: ['status'],
    where: { sessionId, status: { not: 'DISCARDED' } },
    _count: { _all: true },
  });
  const n = (s: string) => groups.find((g) => g.status === s)?._count._all ?? 0;
  return n('RECORDING') + n('UPLOADED') + n('ANALYSING') === 0 && n('DONE') > 0;
}
