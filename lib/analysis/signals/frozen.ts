import type { FrameFeatures, Span } from '../types';
import { FUSION_CONFIG } from '../fusion-config';
import { relativeMotion } from './geometry';

/**
 * Frozen feed: the face crop's grey difference and the landmark motion both at the noise floor for
 * a run of frames. A live camera always has sensor noise (diff of ~1 grey level or more) and a live
 * face always moves a little; a still image injected through a virtual camera, or a feed frozen on
 * one frame, does neither. Stops working when the sender's encoder is starved (very low bitrate can
 * repeat frames) and on cameras with aggressive temporal denoising: hence runs, not single frames.
 */

type FrozenConfig = typeof FUSION_CONFIG.frozen;

export type FrozenRun = Span;

export function isStillFrame(
  prev: FrameFeatures | null,
  f: FrameFeatures,
  cfg: FrozenConfig = FUSION_CONFIG.frozen,
): boolean {
  if (!prev?.face || !f.face || f.face.diff === null) return false;
  return f.face.diff <= cfg.maxDiff && relativeMotion(prev.face, f.face) <= cfg.maxMotionFace;
}

/** Streaming run tracker: feed every frame with its "still" flag. */
export class FrozenTracker {
  private runStart: number | null = null;
  private runEnd = 0;

  /** Returns the run this frame ended (if it was long enough), else null. */
  push(t: number, still: boolean, minRunMs: number): FrozenRun | null {
    if (still) {
      // The run starts at the previous frame: that is the frame being repeated.
      if (this.runStart === null) this.runStart = this.runEnd > 0 ? this.runEnd : t;
      this.runEnd = t;
      return null;
    }
    const ended = this.current();
    this.runStart = null;
    this.runEnd = t;
    return ended && ended.endMs - ended.startMs >= minRunMs ? ended : null;
  }

  /** The run in progress, if any. */
  current(): FrozenRun | null {
    return this.runStart === null ? null : { startMs: this.runStart, endMs: this.runEnd };
  }
}

export function detectFrozen(
  frames: readonly FrameFeatures[],
  cfg: FrozenConfig = FUSION_CONFIG.frozen,
): FrozenRun[] {
  const tracker = new FrozenTracker();
  const runs: FrozenRun[] = [];
  frames.forEach((f, i) => {
    const run = tracker.push(f.t, isStillFrame(frames[i - 1] ?? null, f, cfg), cfg.minRunMs);
    if (run) runs.push(run);
  });
  const last = tracker.current();
  if (last && last.endMs - last.startMs >= cfg.minRunMs) runs.push(last);
  return runs;
}
