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

/** Repeat gaps (frames between consecutive repeats) are counted in buckets 1..GAP_BUCKETS (last = more). */
export const GAP_BUCKETS = 8;

/** Streaming: is each frame a repeat of its predecessor? null when it cannot be compared. */
export class RepeatTracker {
  private lastChange: number | null = null;
  private frame = 0;
  private lastRepeat: number | null = null;
  /** frames since the previous repeat, set when the last push was a repeat that followed another */
  lastGap: number | null = null;

  constructor(private readonly cfg: CadenceConfig = FUSION_CONFIG.cadence) {}

  push(prev: FrameFeatures | null, f: FrameFeatures): boolean | null {
    const a = prev?.face;
    const b = f.face;
    this.frame++;
    this.lastGap = null;
    if (!a?.thumb || !b?.thumb || !prev || f.t - prev.t > this.cfg.maxGapMs) {
      this.lastChange = null;
      this.lastRepeat = null;
      return null;
    }
    const d = thumbDiff(a.thumb, b.thumb);
    const exact = d <= this.cfg.repeatDiff;
    // A re-encoded repeat is not bit-exact: far smaller than the last real change, landmarks still.
    const near =
      this.lastChange !== null &&
      d <= this.cfg.nearRepeatShare * this.lastChange &&
      relativeMotion(a, b) <= this.cfg.repeatMotionFace;
    if (!exact && !near) {
      this.lastChange = d;
      return false;
    }
    if (this.lastRepeat !== null) this.lastGap = this.frame - this.lastRepeat;
    this.lastRepeat = this.frame;
    return true;
  }
}

export interface CadenceSummary {
  compared: number;
  repeats: number;
  share: number;
  /** std of the per-window repeat share over windows with enough comparisons: low = steady */
  spread: number;
  windows: number;
  /** the most common gap between repeats (frames), and the share of gaps that are its multiples */
  period: number;
  onLattice: number;
}

/** Modal gap >= 2 and the share of all gaps that fall on its multiples (1 = a strict cadence). */
export function lattice(gaps: readonly number[]): { period: number; onLattice: number } {
  const total = gaps.reduce((a, b) => a + b, 0);
  let period = 0;
  gaps.forEach((n, i) => {
    if (n > (gaps[period - 1] ?? 0)) period = i + 1;
  });
  if (total === 0 || period < 2) return { period, onLattice: 0 };
  const on = gaps.reduce(
    (a, n, i) => a + ((i + 1) % period === 0 && i + 1 < gaps.length ? n : 0),
    0,
  );
  return { period, onLattice: on / total };
}

/** Session accumulation of the windows' repeat counts. */
export class CadenceStats {
  private compared = 0;
  private repeats = 0;
  private readonly shares: number[] = [];
  private readonly gaps: number[] = new Array<number>(GAP_BUCKETS).fill(0);
  firstMs: number | null = null;
  lastMs = 0;

  add(w: TWindowSignals): void {
    if (!w.dup) return;
    this.compared += w.dup.compared;
    this.repeats += w.dup.repeats;
    w.dup.gaps.forEach((n, i) => {
      if (i < GAP_BUCKETS) this.gaps[i] = (this.gaps[i] ?? 0) + n;
    });
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
      ...lattice(this.gaps),
    };
  }
}
