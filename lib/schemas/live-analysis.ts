import { z } from 'zod';
import { ZBatchId } from './rooms';
import { ZWindowSignals } from './signals';

/**
 * Live trusted-side analysis API: the interviewer's browser posts the engine's closed 1 s windows of
 * the RECEIVED candidate video; the server stores them as TRUSTED (from the caller's role, never
 * from the body) and refreshes the session verdict. Strict and bounded: these are trust boundaries.
 */

const ZIsoTime = z.iso.datetime({ offset: true });

/** Engine windows per POST: the client's batch queue sends at most 12; a little headroom. */
export const MAX_ENGINE_WINDOWS_PER_BATCH = 24;
/** 24 windows of ~6 KB each plus slack; under the 300 KB the bad-input spec pads with. */
export const MAX_ENGINE_BATCH_BYTES = 256 * 1024;

export const ZEngineWindow = z.strictObject({
  /** wall-clock time of `signals.startMs` as the interviewer's browser mapped it */
  at: ZIsoTime,
  /** ZWindowSignals strips unknown keys, so a stored engine window never carries a `kind` key */
  signals: ZWindowSignals,
});
export type TEngineWindow = z.infer<typeof ZEngineWindow>;

export const ZEngineWindowBatch = z.strictObject({
  /** client-generated, reused verbatim on retries: with windowStart, the idempotency key */
  clientBatchId: ZBatchId,
  windows: z.array(ZEngineWindow).min(1).max(MAX_ENGINE_WINDOWS_PER_BATCH),
});
export type TEngineWindowBatch = z.infer<typeof ZEngineWindowBatch>;

export const ZEngineBatchResult = z.strictObject({
  stored: z.number().int(),
  duplicate: z.number().int(),
  /**
   * of `stored`, windows kept as late ones of a closed session (they change no verdict); optional so
   * a page keeps working against a server from before late windows.
   */
  late: z.number().int().optional(),
  /**
   * sent by servers before 2026-12-01 (the live verdict after this batch); the live verdict is now
   * computed after the answer, and the page never used it
   */
  verdict: z
    .strictObject({
      score: z.number().int(),
      label: z.enum(['PASS', 'REVIEW', 'FAIL', 'INCONCLUSIVE']),
      configVersion: z.string(),
    })
    .nullable()
    .optional(),
});
export type TEngineBatchResult = z.infer<typeof ZEngineBatchResult>;

/** The interview's current live session, for the interviewer's page (GET /api/interviews/[id]/live-session). */
export const ZLiveSession = z.strictObject({
  sessionId: z.string().min(1).max(64),
  status: z.enum(['OPEN', 'CLOSED']),
});
export type TLiveSession = z.infer<typeof ZLiveSession>;
