import type { FrameFeatures } from '../types';
import type { TWindowSignals } from '../../schemas/signals';
import { FUSION_CONFIG } from '../fusion-config';
import { median, std } from '../math/stats';
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
  /** windows with a phase fold, those on a lattice (ratio <= lowRatio), and their modal period */
  foldWindows: number;
  foldLow: number;
  foldPeriod: number;
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
  private foldWindows = 0;
  private readonly foldPeriods = new Map<number, number>();
  firstMs: number | null = null;
  lastMs = 0;

  constructor(private readonly cfg: CadenceConfig = FUSION_CONFIG.cadence) {}

  add(w: TWindowSignals): void {
    if (!w.dup) return;
    if (w.dup.fold) {
      this.foldWindows++;
      if (w.dup.fold.ratio <= this.cfg.fold.lowRatio) {
        const p = w.dup.fold.period;
        this.foldPeriods.set(p, (this.foldPeriods.get(p) ?? 0) + 1);
      }
    }
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
      ...this.foldSummary(),
    };
  }

  /** Windows on a lattice; periods that are multiples of the smallest such period count for it. */
  private foldSummary(): { foldWindows: number; foldLow: number; foldPeriod: number } {
    const periods = [...this.foldPeriods.keys()].sort((a, b) => a - b);
    let best = { foldLow: 0, foldPeriod: 0 };
    for (const p of periods) {
      const n = periods
        .filter((q) => q % p === 0)
        .reduce((a, q) => a + (this.foldPeriods.get(q) ?? 0), 0);
      if (n > best.foldLow) best = { foldLow: n, foldPeriod: p };
    }
    return { foldWindows: this.foldWindows, ...best };
  }
}

/**
 * Cadence by phase (re-timed replay after re-encoding). A codec re-quantises each copy of a duplicated
 * frame, so the copies are no longer (near) identical and RepeatTracker misses them; but the CONTENT
 * still moves only on the source's frame clock: with period p (30 → 60 fps: p = 2; 25 → 30: p = 6)
 * one frame change in every p carries no motion, only coding noise. Split a run of adjacent-frame
 * changes (landmark motion + thumbnail difference, each relative to its own block median, so the
 * local noise and motion level cancel) into blocks of p; a re-timed stream has one phase whose median
 * relative change sits far under 1, a live camera has none (all phases ~1).
 * Returns the period with the lowest phase median, or null when too few blocks (< minBlocks).
 * Where it stops working: when the coding noise between two copies is as large as the real
 * frame-to-frame motion (a nearly still talker at a high frame rate and a low bit rate), the empty
 * phase is no emptier than the others; a camera that itself duplicates on a fixed clock looks the same.
 */
export function phaseFold(
  changes: readonly (readonly [number, number])[],
  maxPeriod = 6,
  minBlocks = 4,
): { period: number; ratio: number } | null {
  let best: { period: number; ratio: number } | null = null;
  for (let p = 2; p <= maxPeriod; p++) {
    const phases: number[][] = Array.from({ length: p }, () => []);
    for (let i = 0; i + p <= changes.length; i += p) {
      const block = changes.slice(i, i + p);
      const rel: number[] = new Array<number>(p).fill(0);
      for (const k of [0, 1] as const) {
        const vals = block.map((c) => c[k]);
        const med = [...vals].sort((x, y) => x - y)[Math.floor(p / 2)] ?? 0;
        vals.forEach((v, j) => (rel[j] = (rel[j] ?? 0) + (med > 0 ? v / med : 1) / 2));
      }
      rel.forEach((r, j) => phases[j]?.push(r));
    }
    if ((phases[0]?.length ?? 0) < minBlocks) continue;
    const ratio = Math.min(...phases.map((a) => median(a)));
    if (!best || ratio < best.ratio - 1e-9) best = { period: p, ratio };
  }
  return best;
}
