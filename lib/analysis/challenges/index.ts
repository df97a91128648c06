import type { TChallengeKind, TChallengeParams, TChallengeVerdict } from '../../schemas/challenges';
import type { AudioEnvelope, FrameFeatures } from '../types';
import type { ChallengeCtx } from './common';
import { verifyBlinkTwice, verifySmile } from './expression';
import { verifyFlash } from './flash';
import { verifyLook } from './look';
import { verifyHandOcclusion } from './occlusion';
import { verifyReadPhrase } from './phrase';
import { verifyProfile } from './profile';

/**
 * Pure verifiers of the active liveness challenges, one per family, on the trusted side's
 * FrameFeatures of the RECEIVED stream. Each returns passed / failed / not_performed / unreliable,
 * its measured values, the response latency and three evidence frame times (before, peak, after).
 * Each file's doc comment says the rule, the thresholds and where it stops working.
 */

export { verifyBlinkTwice, verifySmile } from './expression';
export { verifyFlash, makeFlashSteps, FLASH, FLASH_PALETTE } from './flash';
export { verifyLook, LOOK } from './look';
export { verifyHandOcclusion, OCCLUSION } from './occlusion';
export { verifyReadPhrase, PHRASE } from './phrase';
export { verifyProfile, geoYaw, PROFILE } from './profile';
export { measureSwapTells, SWAP_THRESHOLDS } from './swap-tells';
export { toChallengeSummary } from './summary';
export type { ChallengeCtx } from './common';

/** Default answer windows: long enough to read the prompt and act, short enough to stay unpredictable for a replay. */
export const ANSWER_WINDOW_MS: Record<TChallengeKind, number> = {
  profile_left: 8000,
  profile_right: 8000,
  look_up: 6000,
  look_down: 6000,
  blink_twice: 6000,
  smile: 6000,
  hand_occlusion: 8000,
  read_phrase: 10_000,
  flash: 8000,
};

export interface VerifyInput extends ChallengeCtx {
  kind: TChallengeKind;
  params: TChallengeParams;
  audio?: AudioEnvelope | null;
}

/** Dispatches on the kind; a flash challenge without its colour steps is unreliable, not a crash. */
export function verifyChallenge(
  frames: readonly FrameFeatures[],
  input: VerifyInput,
): TChallengeVerdict {
  const ctx: ChallengeCtx = { issuedAtMs: input.issuedAtMs, deadlineMs: input.deadlineMs };
  switch (input.kind) {
    case 'profile_left':
      return verifyProfile(frames, { ...ctx, direction: 'left' });
    case 'profile_right':
      return verifyProfile(frames, { ...ctx, direction: 'right' });
    case 'look_up':
      return verifyLook(frames, { ...ctx, direction: 'up' });
    case 'look_down':
      return verifyLook(frames, { ...ctx, direction: 'down' });
    case 'blink_twice':
      return verifyBlinkTwice(frames, ctx);
    case 'smile':
      return verifySmile(frames, ctx);
    case 'hand_occlusion':
      return verifyHandOcclusion(frames, ctx);
    case 'read_phrase':
      return verifyReadPhrase(frames, { ...ctx, audio: input.audio ?? null });
    case 'flash':
      return verifyFlash(frames, {
        ...ctx,
        steps: input.params.type === 'flash' ? input.params.steps : [],
      });
  }
}
