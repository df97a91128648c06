import type { FrameFace, FrameFeatures } from '../types';
import { FUSION_CONFIG } from '../fusion-config';
import { median } from '../math/stats';
import { motionAgainst, relativeMotion } from './geometry';
import { sceneShift } from './scene-shift';

/**
 * Held frame under fresh noise (a still shown through a virtual camera, a paused stream that is
 * re-encoded, a frozen frame with added sensor noise): the picture changes every frame, but only by
 * noise. Its structure of change is flat in the lag: the difference to the frame 1 s back is no larger
 * than the difference to the previous frame, for the face thumbnail and for the landmarks alike. A
 * live face drifts (breathing, eye movement, micro-motion), so its difference grows with the lag.
 * Where it stops working: a live person who is perfectly still for seconds under a camera whose
 * noise dwarfs that drift (tiny face, very dark room) is indistinguishable from a held frame for
 * that stretch; blinks and any movement end such a stretch.
 * Landmark motion is measured against the background (scene-shift.ts): a held still on a shaking
 * rig or a hand-held phone moves the face and the background together, so that shift is removed;
 * a live person moves against a still background and keeps the motion. The thumbnail follows the
 * face box, so it needs no compensation. Without a textured background (plain wall, face filling
 * the frame, older features without `scene`) the motion is uncompensated, and a shaken still is not
 * held here (left to the planar test).
 */

type HeldConfig = typeof FUSION_CONFIG.held;

export function thumbDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.min(a.length, b.length);
  if (n === 0) return Infinity;
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.abs((a[i] ?? 0) - (b[i] ?? 0));
  return s / n;
}

interface Entry {
  t: number;
  frame: FrameFeatures;
  face: FrameFace & { thumb: number[] };
  /** thumb difference to the previous entry (null if none or an exact duplicate) */
  adj: number | null;
  /** landmark motion to the previous entry */
  adjMotion: number | null;
  /** thumb difference and landmark motion to the frame lagMs back (null until there is one) */
  lagDiff: number | null;
  lagMotion: number | null;
}

export interface HeldVerdict {
  /** the frame is explained by noise around a frame held for at least lagMs */
  held: boolean;
  /** lag / adjacent ratios (for diagnostics); null when not measurable */
  pixelRatio: number | null;
  motionRatio: number | null;
  /** this frame's thumbnail difference and landmark motion (background shift removed) to the frame lagMs back */
  lagDiff?: number | null;
  lagMotion?: number | null;
}

/** Landmark motion from an earlier entry to this frame, with the background's shift removed. */
function motionOf(from: Entry, f: FrameFeatures, face: FrameFace): number {
  const shift = sceneShift(from.frame, f);
  return shift
    ? motionAgainst(from.face, face, shift.dx, shift.dy)
    : relativeMotion(from.face, face);
}

const blinkOf = (f: FrameFace): number => (f.blend.eyeBlinkLeft + f.blend.eyeBlinkRight) / 2;

/** Streaming: push every frame in time order; a gap or a frame without a face resets it. */
export class HeldFrameDetector {
  private buf: Entry[] = [];

  constructor(private readonly cfg: HeldConfig = FUSION_CONFIG.held) {}

  push(f: FrameFeatures): HeldVerdict {
    const none = { held: false, pixelRatio: null, motionRatio: null };
    const face = f.face;
    const last = this.buf.at(-1);
    if (!face?.thumb || face.thumb.length === 0 || (last && f.t - last.t > this.cfg.maxGapMs)) {
      this.buf = [];
      if (!face?.thumb) return none;
    }
    const withThumb = face as FrameFace & { thumb: number[] };
    const prev = this.buf.at(-1);
    const d = prev ? thumbDiff(withThumb.thumb, prev.face.thumb) : null;
    const entry: Entry = {
      t: f.t,
      frame: f,
      face: withThumb,
      adj: d !== null && d > this.cfg.dupDiff ? d : null,
      adjMotion: prev ? motionOf(prev, f, withThumb) : null,
      lagDiff: null,
      lagMotion: null,
    };
    while (this.buf.length > 1 && f.t - (this.buf[1]?.t ?? f.t) >= this.cfg.lagMs) this.buf.shift();
    const lag = this.buf[0];
    const ready = lag !== undefined && f.t - lag.t >= this.cfg.lagMs;
    if (ready) {
      entry.lagDiff = thumbDiff(withThumb.thumb, lag.face.thumb);
      entry.lagMotion = motionOf(lag, f, withThumb);
    }
    this.buf.push(entry);
    return ready
      ? { ...this.judge(entry, lag), lagDiff: entry.lagDiff, lagMotion: entry.lagMotion }
      : none;
  }

  /** Medians over the last second: one noisy frame neither makes nor breaks a held stretch. */
  private judge(now: Entry, lag: Entry): HeldVerdict {
    const c = this.cfg;
    const pick = (get: (e: Entry) => number | null): number[] =>
      this.buf.flatMap((e) => {
        const v = get(e);
        return v === null ? [] : [v];
      });
    const med = (xs: number[]): number => (xs.length > 0 ? median(xs) : 0);
    const noise = med(pick((e) => e.adj));
    const motionNoise = med(pick((e) => e.adjMotion));
    const dLag = med(pick((e) => e.lagDiff));
    const mLag = med(pick((e) => e.lagMotion));
    const pixelRatio = dLag / Math.max(noise, c.noiseFloorDiff);
    const motionRatio = mLag / Math.max(motionNoise, c.noiseFloorMotion);
    const blinkJump = Math.abs(blinkOf(now.face) - blinkOf(lag.face)) > c.maxBlinkChange;
    const held =
      noise <= c.maxNoiseDiff &&
      dLag <= c.flatRatio * noise + c.slackDiff &&
      mLag <= c.flatRatio * motionNoise + c.slackMotion &&
      !blinkJump;
    return { held, pixelRatio, motionRatio };
  }
}
