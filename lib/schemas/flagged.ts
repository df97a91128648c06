import { z } from 'zod';
import { MAX_THUMBNAIL_BYTES } from './challenges';

/**
 * Flagged moments: a still frame of the RECEIVED video, captured by the interviewer's engine where
 * a hard or review rule was seen (flat motion, loop, freeze, a different face, …). Posted one frame
 * per request; `at` is the frame's wall-clock time on the interviewer's page clock (the same clock
 * its engine windows are stored on), so the report places it on the verdict's timeline.
 */

/** A fusion finding code as fusion.ts emits it (PLANAR_MOTION, REPLAY_LOOP, identity_change, …). */
export const ZFindingCode = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{1,63}$/, 'finding code');

export const ZFlaggedFrameInput = z.strictObject({
  code: ZFindingCode,
  severity: z.enum(['hard', 'review']),
  /** wall-clock time of the frame (ISO 8601) */
  at: z.iso.datetime(),
  jpegBase64: z
    .string()
    .max(Math.ceil((MAX_THUMBNAIL_BYTES * 4) / 3) + 4)
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64'),
});
export type TFlaggedFrameInput = z.infer<typeof ZFlaggedFrameInput>;

export const MAX_FLAGGED_FRAME_BODY = Math.ceil((MAX_THUMBNAIL_BYTES * 4) / 3) + 1024;

export const ZFlaggedFrameRecord = z.strictObject({
  id: z.string(),
  reason: z.string(),
  at: z.string(),
  duplicate: z.boolean(),
});
export type TFlaggedFrameRecord = z.infer<typeof ZFlaggedFrameRecord>;

/** Evidence.reason of a flagged frame: `flag:<severity>:<code>`. */
export const flagReason = (severity: 'hard' | 'review', code: string): string =>
  `flag:${severity}:${code}`;

export function parseFlagReason(
  reason: string,
): { severity: 'hard' | 'review'; code: string } | null {
  const m = /^flag:(hard|review):([A-Za-z][A-Za-z0-9_]{1,63})$/.exec(reason);
  return m ? { severity: m[1] as 'hard' | 'review', code: m[2]! } : null;
}
