import { z } from 'zod';
import { ZChallengeKind, ZChallengeParams } from './challenges';

/** Async (one-way recorded) interviews: authoring, the candidate's answers and their uploads. */

export const ASYNC_LIMITS = {
  maxQuestions: 10,
  thinkSeconds: { min: 0, max: 600 },
  maxAnswerSeconds: { min: 10, max: 600 },
  retakes: { min: 0, max: 2 },
  /**
   * Bitrate cap of a recording (video + audio + container), bits/s: the page records at about
   * 1.6 Mbit/s; anything far above that is not our recorder.
   */
  bitrateCapBps: 4_000_000,
  /** slack on top of the answer length (MediaRecorder stops a little late) */
  slackSeconds: 5,
  /** one tus PATCH at most (the page sends 128 KiB chunks) */
  chunkCapBytes: 4 * 1024 * 1024,
  /** server-issued challenges per answer */
  challengesPerAnswer: 1,
} as const;

/** Bytes an answer's recording may hold: maximum answer length × the bitrate cap. */
export const answerByteLimit = (maxAnswerSeconds: number): number =>
  Math.ceil(((maxAnswerSeconds + ASYNC_LIMITS.slackSeconds) * ASYNC_LIMITS.bitrateCapBps) / 8);

export const ZAsyncQuestionInput = z.strictObject({
  prompt: z.string().trim().min(3).max(1000),
  thinkSeconds: z
    .number()
    .int()
    .min(ASYNC_LIMITS.thinkSeconds.min)
    .max(ASYNC_LIMITS.thinkSeconds.max),
  maxAnswerSeconds: z
    .number()
    .int()
    .min(ASYNC_LIMITS.maxAnswerSeconds.min)
    .max(ASYNC_LIMITS.maxAnswerSeconds.max),
  retakesAllowed: z.number().int().min(ASYNC_LIMITS.retakes.min).max(ASYNC_LIMITS.retakes.max),
});
export type TAsyncQuestionInput = z.infer<typeof ZAsyncQuestionInput>;

export const ZAsyncQuestions = z.array(ZAsyncQuestionInput).min(1).max(ASYNC_LIMITS.maxQuestions);

const ZToken = z.string().min(10).max(2048);
const ZId = z.string().min(1).max(64);

export const ZAsyncStartInput = z.strictObject({ token: ZToken });
export const ZCreateAnswerInput = z.strictObject({ token: ZToken, questionId: ZId });
export const ZDueChallengesInput = z.strictObject({ token: ZToken, answerId: ZId });

export const ASYNC_ANSWER_STATUSES = [
  'RECORDING',
  'UPLOADED',
  'ANALYSING',
  'DONE',
  'FAILED',
  'DISCARDED',
] as const;
export const ZAsyncAnswerStatus = z.enum(ASYNC_ANSWER_STATUSES);
export type TAsyncAnswerStatus = z.infer<typeof ZAsyncAnswerStatus>;

/** What the candidate page needs to render its flow (no challenge is ever in here). */
export const ZAsyncCandidateState = z.strictObject({
  sessionId: z.string(),
  questions: z.array(
    z.strictObject({
      id: z.string(),
      position: z.number().int(),
      prompt: z.string(),
      thinkSeconds: z.number().int(),
      maxAnswerSeconds: z.number().int(),
      retakesAllowed: z.number().int(),
      takesUsed: z.number().int(),
      latest: z
        .strictObject({
          answerId: z.string(),
          take: z.number().int(),
          status: ZAsyncAnswerStatus,
          uploadId: z.string().nullable(),
          receivedBytes: z.number().int(),
        })
        .nullable(),
    }),
  ),
});
export type TAsyncCandidateState = z.infer<typeof ZAsyncCandidateState>;

export const ZCreatedAnswer = z.strictObject({
  answerId: z.string(),
  take: z.number().int(),
  maxBytes: z.number().int(),
  maxAnswerSeconds: z.number().int(),
});
export type TCreatedAnswer = z.infer<typeof ZCreatedAnswer>;

/**
 * ChallengeIssue.params of an async challenge: the live catalogue's params plus `offsetMs`, the
 * time into the answer's recording at which the page shows the prompt.
 */
export const ZAsyncChallengeMeta = z.strictObject({
  offsetMs: z.number().int().min(0).max(3_600_000),
});
export function parseAsyncChallengeParams(json: unknown) {
  const obj = z.record(z.string(), z.unknown()).parse(json);
  const { offsetMs, ...rest } = obj;
  return {
    offsetMs: ZAsyncChallengeMeta.parse({ offsetMs }).offsetMs,
    params: ZChallengeParams.parse(rest),
  };
}

/** A challenge the page shows now (returned only once its offset is near). */
export const ZDueChallenge = z.strictObject({
  id: z.string(),
  kind: ZChallengeKind,
  params: ZChallengeParams,
  offsetMs: z.number().int(),
  windowMs: z.number().int(),
});
export type TDueChallenge = z.infer<typeof ZDueChallenge>;
export const ZDueChallenges = z.strictObject({ challenges: z.array(ZDueChallenge) });

/** The report's view of one async answer: status and progress, and its place on the session clock. */
export interface TAnswerView {
  id: string;
  position: number;
  prompt: string;
  take: number;
  status: string;
  progress: number;
  failureReason: string | null;
  /** answer start on the session clock (ms) */
  offsetMs: number;
  durationMs: number | null;
  hasRecording: boolean;
}
