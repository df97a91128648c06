import type { FrameFeatures } from '../types';
import type { TWindowSignals } from '../../schemas/signals';
import { FUSION_CONFIG } from '../fusion-config';
import { std } from '../math/stats';
import { relativeMotion } from './geometry';
import { thumbDiff } from './held';

/**
 * Frame cadence (re-timed replay): a recording pushed through a virtual camera at a higher rate than
 * it was shot at repeats frames in a regular pattern (30 → 60 fps: every 2nd frame; 25 → 30: every
 * 6th), so the content moves at its original rate while the stream declares another. A repeat is a
 * frame whose thumbnail is (near) identical to its predecessor while the frames around it change.
 * Where it stops working: some real cameras repeat frames too (low light, USB bandwidth, a starved
 * encoder): REVIEW evidence, never a FAIL; a re-timed replay that interpolates frames (optical
 * flow) instead of repeating them shows no repeats.
 */

type CadenceConfig = typeof FUSION_CONFIG.cadence;

export function thumbHex(thumb: readonly number[]): string {
  let out = '';
  for (const v of thumb)
    out += Math.max(0, Math.min(255, Math.round(v)))
      .toString(16)
      .padStart(2, '0');
  return out;
}

export function thumbFromHex(hex: string): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < hex.length; i += 2) out.push(parseInt(hex.slice(i, i + 2), 16));
  return out;
}

/** Streaming: is each frame a repeat of its predecessor? null when it cannot be compared. */
export class RepeatTracker {
  private lastChange: number | null = null;

  constructor(private readonly cfg: CadenceConfig = FUSION_CONFIG.cadence) {}

  push(prev: FrameFeatures | null, f: FrameFeatures): boolean | null {
    const a = prev?.face;
    const b = f.face;
    if (!a?.thumb || !b?.thumb || !prev || f.t - prev.t > this.cfg.maxGapMs) {
      this.lastChange = null;
      return null;
    }
    const d = thumbDiff(a.thumb, b.thumb);
    const exact = d <= this.cfg.repeatDiff;
    // A re-encoded repeat is not bit-exact: far smaller than the last real change, landmarks still.
    const near =
      this.lastChange !== null &&
      d <= this.cfg.nearRepeatShare * this.lastChange &&
      relativeMotion(a, b) <= this.cfg.repeatMotionFace;
    if (!exact && !near) this.lastChange = d;
    return exact || near;
  }
}

export interface CadenceSummary {
  compared: number;
  repeats: number;
  share: number;
  /** std of the per-window repeat share over windows with enough comparisons: low = regular */
  spread: number;
  windows: number;
}

/** Session accumulation of the windows' repeat counts. */
export class CadenceStats {
  private compared = 0;
  private repeats = 0;
  private readonly shares: number[] = [];
  firstMs: number | null = null;
  lastMs = 0;

  add(w: TWindowSignals): void {
    if (!w.dup) return;
    this.compared += w.dup.compared;
    this.repeats += w.dup.repeats;
    if (w.dup.compared >= 10 && this.shares.length < 20_000) {
      this.shares.push(w.dup.repeats / w.dup.compared);
      this.firstMs ??= w.startMs;
      this.lastMs = w.endMs;
    }
  }

  summary(): CadenceSummary {
    return {
      compared: this.compared,
      repeats: this.repeats,
      share: this.compared > 0 ? this.repeats / this.compared : 0,
      spread: this.shares.length > 1 ? std(this.shares) : 0,
      windows: this.shares.length,
    };
  }
}
