import { z } from 'zod';
import { CHALLENGE_KINDS } from './signals';

/**
 * Active liveness challenges: what the server issues, what travels to the candidate over the
 * LiveKit data channel (signed), what the trusted side (interviewer's browser) measures, and what it
 * posts back. Every array, string and number is bounded: these are trust boundaries.
 */

export const ZChallengeKind = z.enum(CHALLENGE_KINDS);
export type TChallengeKind = z.infer<typeof ZChallengeKind>;

const ms = z.number().finite().min(0).max(1e9);
const byte = z.number().int().min(0).max(255);

/** One colour of the flash sequence, shown from `offsetMs` after the prompt is displayed. */
export const ZFlashStep = z.strictObject({
  offsetMs: z.number().int().min(0).max(20_000),
  durMs: z.number().int().min(100).max(2000),
  rgb: z.tuple([byte, byte, byte]),
});
export type TFlashStep = z.infer<typeof ZFlashStep>;

/** Random parameters chosen by the server; only these kinds carry any. */
export const ZChallengeParams = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('none') }),
  z.strictObject({
    type: z.literal('phrase'),
    words: z.array(z.string().min(1).max(24)).min(3).max(8),
  }),
  z.strictObject({ type: z.literal('flash'), steps: z.array(ZFlashStep).min(4).max(16) }),
]);
export type TChallengeParams = z.infer<typeof ZChallengeParams>;

/** The signed payload the candidate page renders (compact: it rides on the data channel). */
export const ZChallengePromptBody = z.strictObject({
  v: z.literal(1),
  id: z.string().min(1).max(64),
  sessionId: z.string().min(1).max(64),
  kind: ZChallengeKind,
  attempt: z.number().int().min(1).max(2),
  /** answer window length: the candidate page shows a countdown of this */
  windowMs: z.number().int().min(1000).max(30_000),
  params: ZChallengeParams,
  /** server wall-clock ms at issue; the candidate page refuses prompts older than a minute */
  issuedAt: z.number().int().min(0),
});
export type TChallengePromptBody = z.infer<typeof ZChallengePromptBody>;

/** Data-channel message: topic `candor.challenge`; `sig` = base64url HMAC-SHA256 over `body`. */
export const CHALLENGE_TOPIC = 'candor.challenge';
export const ZChallengeMessage = z.strictObject({
  type: z.literal('challenge.prompt'),
  /** base64url(JSON of TChallengePromptBody): signed as sent, so no canonical JSON is needed */
  body: z.string().min(8).max(4096),
  sig: z.string().min(16).max(128),
});
export type TChallengeMessage = z.infer<typeof ZChallengeMessage>;

export const VERIFIER_OUTCOMES = ['passed', 'failed', 'not_performed', 'unreliable'] as const;
export const ZVerifierOutcome = z.enum(VERIFIER_OUTCOMES);
export type TVerifierOutcome = z.infer<typeof ZVerifierOutcome>;

const measuredValue = z.union([z.number().finite(), z.boolean(), z.string().max(80), z.null()]);
export const ZMeasured = z
  .record(z.string().min(1).max(40), measuredValue)
  .refine((m) => Object.keys(m).length <= 40, 'at most 40 measured values');
export type TMeasured = z.infer<typeof ZMeasured>;

/** Media times (ms, the received stream's clock) of the three evidence frames. */
export const ZEvidenceTimes = z.strictObject({
  before: ms.nullable(),
  peak: ms.nullable(),
  after: ms.nullable(),
});
export type TEvidenceTimes = z.infer<typeof ZEvidenceTimes>;

/** What a pure verifier returns (lib/analysis/challenges). */
export const ZChallengeVerdict = z.strictObject({
  kind: ZChallengeKind,
  outcome: ZVerifierOutcome,
  /** ms from the prompt to the first evidence of compliance; null when never complied */
  latencyMs: z.number().int().min(0).max(60_000).nullable(),
  evidence: ZEvidenceTimes,
  measured: ZMeasured,
  /** face-swap dropout tells fired during the challenge (profile, occlusion) */
  swapSuspect: z.boolean(),
  note: z.string().max(200),
});
export type TChallengeVerdict = z.infer<typeof ZChallengeVerdict>;

// ---------- HTTP API ----------

export const ZIssueChallengeInput = z.strictObject({
  kind: ZChallengeKind.optional(),
  /** retry of an earlier challenge (same kind, fresh parameters); one retry per challenge */
  retryOf: z.string().min(1).max(64).optional(),
});
export type TIssueChallengeInput = z.infer<typeof ZIssueChallengeInput>;

export const ZIssuedChallenge = z.strictObject({
  id: z.string(),
  kind: ZChallengeKind,
  attempt: z.number().int(),
  issuedAt: z.string(),
  deadlineAt: z.string(),
  params: ZChallengeParams,
  /** forward verbatim on the data channel (topic CHALLENGE_TOPIC) */
  message: ZChallengeMessage,
});
export type TIssuedChallenge = z.infer<typeof ZIssuedChallenge>;

export const EVIDENCE_ROLES = ['before', 'peak', 'after'] as const;
/** 200 KB of JPEG as base64 (4/3) plus slack */
export const MAX_THUMBNAIL_BYTES = 200 * 1024;
const base64Jpeg = z
  .string()
  .max(Math.ceil((MAX_THUMBNAIL_BYTES * 4) / 3) + 4)
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64');

export const ZEvidenceUpload = z.strictObject({
  role: z.enum(EVIDENCE_ROLES),
  /** media time of the frame; mapped to wall-clock through issuedMediaMs */
  mediaMs: ms,
  jpegBase64: base64Jpeg,
});
export type TEvidenceUpload = z.infer<typeof ZEvidenceUpload>;

export const ZChallengeResultInput = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('verdict'),
    /** media time at which the prompt went out, on the same clock as the verdict's evidence */
    issuedMediaMs: ms,
    verdict: ZChallengeVerdict,
    evidence: z.array(ZEvidenceUpload).max(3),
  }),
  z.strictObject({
    /** the candidate asked for an accessible alternative (e.g. cannot turn their head): never a fail */
    type: z.literal('alternative'),
    note: z.string().trim().min(1).max(200),
  }),
]);
export type TChallengeResultInput = z.infer<typeof ZChallengeResultInput>;
/** 3 thumbnails + the verdict */
export const MAX_RESULT_BODY = 3 * (Math.ceil((MAX_THUMBNAIL_BYTES * 4) / 3) + 512) + 16 * 1024;

export const ZStoredChallengeOutcome = z.enum([
  'PASSED',
  'FAILED',
  'NOT_PERFORMED',
  'UNRELIABLE',
  'ALTERNATIVE',
]);
export type TStoredChallengeOutcome = z.infer<typeof ZStoredChallengeOutcome>;

export const ZChallengeResultRecord = z.strictObject({
  id: z.string(),
  challengeId: z.string(),
  kind: ZChallengeKind,
  outcome: ZStoredChallengeOutcome,
  latencyMs: z.number().int().nullable(),
  issuedAt: z.string(),
  completedAt: z.string().nullable(),
  evidenceIds: z.array(z.string()).max(3),
  /** true when this challenge id had already been recorded (a retried POST) */
  duplicate: z.boolean(),
});
export type TChallengeResultRecord = z.infer<typeof ZChallengeResultRecord>;

/** ChallengeResult.measured as stored (zod-validated JSON column). */
export const ZStoredChallengeMeasured = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('verdict'),
    v: z.literal(1),
    issuedMediaMs: ms,
    note: z.string().max(200),
    swapSuspect: z.boolean(),
    evidence: ZEvidenceTimes,
    values: ZMeasured,
  }),
  z.strictObject({ type: z.literal('alternative'), v: z.literal(1), note: z.string().max(200) }),
]);
export type TStoredChallengeMeasured = z.infer<typeof ZStoredChallengeMeasured>;
