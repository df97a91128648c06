import type { TWindowSignals } from '../../schemas/signals';
import { FUSION_CONFIG } from '../fusion-config';
import { median } from '../math/stats';
import type { Span } from '../types';

/**
 * No sign of life: a held frame re-encoded at a low bit rate escapes the held-frame test
 * (signals/held.ts) because the codec's reconstruction wobbles slowly around the held picture, so
 * its change still grows a little with the lag. But it grows from a far lower level: over a whole
 * stretch, the face's change to the frame 1 s back stays at the coding-noise level (8x8 thumbnail
 * ≲ 2 grey levels, landmarks against the background ≲ 1.5 % of the face size), and no blink ever
 * happens. A live face that talks, looks around or breathes changes more than that within a second
 * (tune half: clip medians ≥ 4.5 grey levels and 2 % of the face), and a live person who holds still
 * still blinks every few seconds.
 * Per window the worker-side builder stores the medians of those two 1-s-lag changes (`lag`); the
 * session keeps the longest stretch of consecutive windows without a blink event and checks the
 * medians over that stretch (one noisy second neither makes nor breaks it).
 * Where it stops working: a live person perfectly still, not blinking for the whole stretch (or
 * whose blinks the landmarker misses: small face, tinted glasses) is REVIEW — never a FAIL; a held
 * frame that is warped, zoomed or colour-graded over time changes more than coding noise; a
 * stretch interrupted by a detected blink (a glitch of the blendshapes) restarts.
 */

type LifelessConfig = typeof FUSION_CONFIG.frozen.lifeless;

export interface LifelessResult extends Span {
  /** medians over the stretch's windows */
  diff: number;
  motion: number;
}

export class LifelessStretches {
  private run: { startMs: number; endMs: number; diff: number[]; motion: number[] } | null = null;
  private best: LifelessResult | null = null;
  /** the longest blink-free stretch measured, lifeless or not (for the note) */
  longestMs = 0;

  constructor(private readonly cfg: LifelessConfig = FUSION_CONFIG.frozen.lifeless) {}

  /** Windows in time order. */
  add(w: TWindowSignals): void {
    const lag = w.lag;
    const contiguous = this.run !== null && w.startMs <= this.run.endMs + 1;
    if (!lag || w.blink.events.length > 0 || !contiguous) this.close();
    if (!lag || w.blink.events.length > 0) return;
    if (!this.run) this.run = { startMs: w.startMs, endMs: w.endMs, diff: [], motion: [] };
    this.run.endMs = w.endMs;
    if (this.run.diff.length < 20_000) {
      this.run.diff.push(lag.diff);
      this.run.motion.push(lag.motion);
    }
  }

  private close(): void {
    const r = this.run;
    this.run = null;
    if (!r) return;
    const len = r.endMs - r.startMs;
    this.longestMs = Math.max(this.longestMs, len);
    if (len < this.cfg.minMs) return;
    const diff = median(r.diff);
    const motion = median(r.motion);
    if (diff > this.cfg.maxDiff || motion > this.cfg.maxMotion) return;
    if (!this.best || len > this.best.endMs - this.best.startMs)
      this.best = { startMs: r.startMs, endMs: r.endMs, diff, motion };
  }

  /** The longest lifeless stretch so far (the open one included). */
  result(): LifelessResult | null {
    const open = this.run
      ? { ...this.run, diff: [...this.run.diff], motion: [...this.run.motion] }
      : null;
    if (open) {
      const saved = { best: this.best, longest: this.longestMs };
      this.close();
      const out = this.best;
      this.best = saved.best;
      this.longestMs = Math.max(saved.longest, open.endMs - open.startMs);
      this.run = open;
      return out;
    }
    return this.best;
  }
}
