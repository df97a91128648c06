import type { FrameFeatures, Span } from '../types';
import { FUSION_CONFIG } from '../fusion-config';

/**
 * Blink events from MediaPipe's eyeBlinkLeft/Right blendshapes with hysteresis: closed when their
 * mean rises above the close threshold, a blink when it falls below the open threshold again within
 * `maxBlinkMs`. The thresholds are `closeAbove`/`openBelow` lowered towards the person's own
 * open-eye baseline (slow running mean) when that is low: on small or low-resolution faces the
 * blendshape under-reads closures (peaks of 0.35–0.45 for real blinks), and a fixed 0.5 misses them.
 * Eyes are judged only while the head is within `eyesVisibleYawDeg`. Where it stops working: low
 * frame rates (< ~10 fps) miss short blinks; glasses with glare and looking down inflate the scores;
 * some people blink rarely (a long gap is a weak tell, never proof).
 */

export type BlinkEvent = Span;

type BlinkConfig = typeof FUSION_CONFIG.blink;

export class BlinkDetector {
  private closedSince: number | null = null;
  private lastT: number | null = null;
  /** slow running mean of the open-eye closure score */
  private baseline: number | null = null;
  /** ms during which the eyes were visible (face present, not in profile) */
  eyesVisibleMs = 0;

  constructor(
    private readonly cfg: BlinkConfig = FUSION_CONFIG.blink,
    private readonly maxYaw: number = FUSION_CONFIG.pose.eyesVisibleYawDeg,
  ) {}

  push(f: FrameFeatures): BlinkEvent | null {
    const face = f.face;
    const prevT = this.lastT;
    this.lastT = f.t;
    if (!face || Math.abs(face.pose.yaw) > this.maxYaw) {
      this.closedSince = null;
      return null;
    }
    if (prevT !== null) this.eyesVisibleMs += Math.min(f.t - prevT, 250);
    const closure = (face.blend.eyeBlinkLeft + face.blend.eyeBlinkRight) / 2;
    const base = this.baseline ?? closure;
    const closeAt = Math.min(
      this.cfg.closeAbove,
      Math.max(base + this.cfg.closeAboveBaseline, this.cfg.minCloseAbove),
    );
    const openAt = Math.min(this.cfg.openBelow, base + (closeAt - base) / 2);
    if (this.closedSince === null) {
      if (closure > closeAt) this.closedSince = f.t;
      else this.baseline = base + (closure - base) * this.cfg.baselineRate;
      return null;
    }
    if (closure >= openAt) return null;
    const start = this.closedSince;
    this.closedSince = null;
    return f.t - start <= this.cfg.maxBlinkMs ? { startMs: start, endMs: f.t } : null;
  }
}

export interface BlinkSummary {
  events: BlinkEvent[];
  eyesVisibleMs: number;
  /** blinks per minute of visible eyes; null when under `minObservedMs` */
  ratePerMin: number | null;
  /** longest stretch of visible-eye time without a blink */
  longestGapMs: number;
}

export function detectBlinks(
  frames: readonly FrameFeatures[],
  cfg: BlinkConfig = FUSION_CONFIG.blink,
): BlinkSummary {
  const detector = new BlinkDetector(cfg);
  const events: BlinkEvent[] = [];
  let gapStartVisible = 0;
  let longestGapMs = 0;
  for (const f of frames) {
    const e = detector.push(f);
    if (!e) continue;
    events.push(e);
    longestGapMs = Math.max(longestGapMs, detector.eyesVisibleMs - gapStartVisible);
    gapStartVisible = detector.eyesVisibleMs;
  }
  longestGapMs = Math.max(longestGapMs, detector.eyesVisibleMs - gapStartVisible);
  const observed = detector.eyesVisibleMs;
  return {
    events,
    eyesVisibleMs: observed,
    ratePerMin: observed >= cfg.minObservedMs ? (events.length * 60_000) / observed : null,
    longestGapMs,
  };
}
