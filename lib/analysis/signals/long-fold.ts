/**
 * Long phase fold (re-timed replay, re-encoded): a file re-timed to a higher declared rate repeats
 * frames on a fixed schedule (30 → 60 fps: every 2nd frame; 25 → 30: one in 6; 25 → 60: 7 of every
 * 12, which leaves an empty phase at 6; 12 → 30: 3 of every 5). The content therefore moves only on
 * the source's clock: folded at the repeat period p, the adjacent-frame change has one phase that
 * carries no motion, only the coding noise of the second encode. One second holds too few periods
 * for that to stand out of the codec noise (signals/cadence.ts phaseFold); summed over the whole
 * session the noise averages out while the empty phase stays empty.
 *
 * Per frame: the frame index k counts nominal frame intervals from the timestamps (a dropped frame
 * advances k by 2, so the phase survives it); the change to the previous frame (8x8 face thumbnail
 * difference / 2 + landmark motion × 100 of face size) is divided by the median change of its own
 * 1-s window (so the local motion level cancels) and clamped at `clamp`. Each window stores, for
 * every period p = 2…maxPeriod and phase j = k mod p, the count and sum of those relative changes
 * (summable across windows) plus the sum of squares of all of them.
 *
 * Session: for each p, the emptiest phase's mean m_min against the mean M of all changes, as a
 * ratio (m_min / M) and as a z-score ((M − m_min) / (sd · √(1/n_min − 1/n))). Chance alone gives |z| ≲ 4 over
 * the 54 phases tested; a re-timed stream gives z ≫ 5 once enough seconds are summed.
 *
 * Where it stops working: the analysed frames must be the stream's own consecutive frames (the file
 * harness analyses every frame; the async worker at 15 fps sees every 2nd frame of a 30-fps upload,
 * so only periods that survive the halving remain; the live room at ~6 fps samples a frame in 5 and
 * sees no cadence at all — the signal is uninformative under `minFps`); a camera that itself
 * duplicates frames on a fixed clock looks the same (REVIEW evidence, never a FAIL); a re-timed file
 * that interpolates frames instead of repeating them has no empty phase; a nearly motionless face
 * re-encoded at a low bit rate leaves too little motion above the coding noise.
 */

/**
 * Largest per-cell change between two whole-frame scene thumbnails (24x24 grey cells, area-averaged;
 * FrameFeatures.scene), or null when either is missing. The second fold (`sfold`) folds this instead
 * of the face's mean change: a duplicated frame re-encoded as a P-frame changes *every* cell by coding
 * noise only (the encoder copies its reference block by block), while a real new frame of a person,
 * however still overall, has some region that moves (mouth, eyes, hands, the head's edge). A mean
 * dilutes that region by the still rest of the picture; the largest cell keeps it.
 */
export function sceneMaxChange(
  a: readonly number[] | undefined,
  b: readonly number[] | undefined,
): number | null {
  if (!a || !b || a.length !== b.length || a.length === 0) return null;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs((a[i] ?? 0) - (b[i] ?? 0));
    if (d > m) m = d;
  }
  return m;
}

/** Periods folded: 2…LONG_FOLD_MAX_PERIOD. */
export const LONG_FOLD_MAX_PERIOD = 10;
/** Number of (period, phase) slots: Σ_{p=2..10} p. */
export const LONG_FOLD_SLOTS = (LONG_FOLD_MAX_PERIOD * (LONG_FOLD_MAX_PERIOD + 1)) / 2 - 1;

/** Index of phase j of period p in the flat per-window arrays. */
export function foldSlot(p: number, j: number): number {
  return (p * (p - 1)) / 2 - 1 + j;
}

/** One adjacent change: frame index (nominal intervals since the start) and the raw change. */
export interface FoldSample {
  k: number;
  c: number;
}

/** Per-window sums (stored with the window, summed by the session). */
export interface FoldSums {
  /** counts per (period, phase) slot */
  n: number[];
  /** sums of relative changes per slot */
  s: number[];
  /** sum of squares of all relative changes of the window (each counted once) */
  q: number;
}

/**
 * Assigns frame indices from timestamps: k advances by the number of nominal intervals between two
 * frames, the nominal interval being the median of the last `memory` frame intervals.
 */
export class FrameClock {
  private readonly dts: number[] = [];
  private k = 0;
  private lastT: number | null = null;

  constructor(private readonly memory = 31) {}

  /** Returns the frame index of a frame at time t (ms); t must increase. */
  push(t: number): number {
    if (this.lastT === null) {
      this.lastT = t;
      return this.k;
    }
    const dt = t - this.lastT;
    this.lastT = t;
    if (dt > 0 && dt < 1000) {
      this.dts.push(dt);
      if (this.dts.length > this.memory) this.dts.shift();
    }
    const nominal = medianOf(this.dts);
    this.k += nominal > 0 ? Math.max(1, Math.round(dt / nominal)) : 1;
    return this.k;
  }
}

function medianOf(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}

/** Sums of one window's samples, each change relative to the window's median change. */
export function foldWindow(
  samples: readonly FoldSample[],
  clamp: number,
  maxPeriod = LONG_FOLD_MAX_PERIOD,
): FoldSums | null {
  const med = medianOf(samples.map((x) => x.c));
  if (samples.length < 4 || !(med > 0)) return null;
  const slots = (maxPeriod * (maxPeriod + 1)) / 2 - 1;
  const n = new Array<number>(slots).fill(0);
  const s = new Array<number>(slots).fill(0);
  let q = 0;
  for (const { k, c } of samples) {
    const r = Math.min(clamp, c / med);
    q += r * r;
    for (let p = 2; p <= maxPeriod; p++) {
      const i = foldSlot(p, k % p);
      n[i] = (n[i] ?? 0) + 1;
      s[i] = (s[i] ?? 0) + r;
    }
  }
  return { n, s, q };
}

/** Session accumulation of the windows' fold sums. */
export class LongFoldStats {
  private readonly n = new Array<number>(LONG_FOLD_SLOTS).fill(0);
  private readonly s = new Array<number>(LONG_FOLD_SLOTS).fill(0);
  private q = 0;
  windows = 0;
  firstMs: number | null = null;
  lastMs = 0;

  add(sums: FoldSums, startMs: number, endMs: number): void {
    if (sums.n.length !== LONG_FOLD_SLOTS || sums.s.length !== LONG_FOLD_SLOTS) return;
    for (let i = 0; i < LONG_FOLD_SLOTS; i++) {
      this.n[i] = (this.n[i] ?? 0) + (sums.n[i] ?? 0);
      this.s[i] = (this.s[i] ?? 0) + (sums.s[i] ?? 0);
    }
    this.q += sums.q;
    this.windows++;
    this.firstMs ??= startMs;
    this.lastMs = endMs;
  }

  summary(): LongFoldResult | null {
    return longFoldResult(this.n, this.s, this.q);
  }
}

export interface LongFoldResult {
  /** the period whose emptiest phase stands out most (highest z) */
  period: number;
  /** emptiest phase's mean / mean of all changes (1 = no phase structure) */
  ratio: number;
  /** (mean − emptiest phase mean) / its standard error */
  z: number;
  /** changes folded */
  samples: number;
  /** per period: [ratio, z] of its emptiest phase (index p − 2) */
  byPeriod: [number, number][];
  /** every phase's mean / the mean of all changes at `period` (the phase profile) */
  phases: number[];
  /** the same profile for every period (index p − 2) */
  profiles: number[][];
}

/** Emptiest phase per period from the summed slots; null when nothing was folded. */
export function longFoldResult(
  n: readonly number[],
  s: readonly number[],
  q: number,
  maxPeriod = LONG_FOLD_MAX_PERIOD,
): LongFoldResult | null {
  // Every sample is in exactly one phase of p = 2: its two slots hold the totals.
  const total = (n[0] ?? 0) + (n[1] ?? 0);
  const sum = (s[0] ?? 0) + (s[1] ?? 0);
  if (total < 2 || !(sum > 0)) return null;
  const mean = sum / total;
  const sd = Math.sqrt(Math.max(0, q / total - mean * mean));
  const byPeriod: [number, number][] = [];
  const profiles: number[][] = [];
  let best: LongFoldResult | null = null;
  for (let p = 2; p <= maxPeriod; p++) {
    let low = { m: Infinity, n: 0 };
    const phases: number[] = [];
    for (let j = 0; j < p; j++) {
      const cnt = n[foldSlot(p, j)] ?? 0;
      const m = cnt > 0 ? (s[foldSlot(p, j)] ?? 0) / cnt : mean;
      phases.push(m / mean);
      if (cnt > 0 && m < low.m) low = { m, n: cnt };
    }
    profiles.push(phases);
    if (low.n === 0) continue;
    const ratio = low.m / mean;
    const se = sd * Math.sqrt(Math.max(0, 1 / low.n - 1 / total));
    const z = se > 0 ? (mean - low.m) / se : 0;
    byPeriod.push([ratio, z]);
    if (!best || z > best.z)
      best = { period: p, ratio, z, samples: total, byPeriod, phases, profiles };
  }
  return best ? { ...best, byPeriod, profiles } : null;
}

/**
 * Dropped frames, not repeated ones: a stream converted DOWN to a lower rate (a 30-fps camera written
 * as 25 fps, 25 as 20) skips a source frame on a fixed schedule, so one adjacent pair per period spans
 * two source intervals and carries up to twice the motion, while every other pair carries one. Folded,
 * that is one phase ABOVE a flat rest. The emptiest-phase test above also sees it (the peak raises the
 * mean, so the flat rest reads as "emptier"), but a duplicate schedule (the re-timed replay) never
 * raises a phase above its full level: it empties one or more phases and leaves the full ones equal.
 *
 * For a profile of p ≥ 4 phases (`LongFoldResult.phases`): the highest phase's excess over the mean of
 * the others, and the spread of those others (largest deviation from their mean, as a share of it):
 * an empty phase, or a second full phase among empty ones (30 → 60 folded at 4), makes it large. Null
 * for p < 4: at p = 2 a peak and an empty phase are the same profile, and at p = 3 a graded profile
 * (a re-timed 25 → 30 replay analysed at 15 fps: 0.8 / 1.0 / 1.2 of the mean) reads either way.
 */
export function peakProfile(phases: readonly number[]): { excess: number; spread: number } | null {
  if (phases.length < 4) return null;
  let hi = 0;
  for (let j = 1; j < phases.length; j++) if ((phases[j] ?? 0) > (phases[hi] ?? 0)) hi = j;
  const rest = phases.filter((_, j) => j !== hi);
  const restMean = rest.reduce((a, b) => a + b, 0) / rest.length;
  if (!(restMean > 0)) return null;
  return {
    excess: (phases[hi] ?? 0) / restMean - 1,
    spread: Math.max(...rest.map((x) => Math.abs(x - restMean))) / restMean,
  };
}

/** Thresholds of `isDroppedFrameProfile` (fusion config `cadence.longFold.dropped`). */
export interface DroppedFrameLimits {
  /** the peak phase exceeds the rest's mean by at least this share… */
  minExcess: number;
  /** …and by at most this (two source intervals carry at most twice the change of one) */
  maxExcess: number;
  /** the rest is flat: no phase of it lies further than this share from its mean */
  maxSpread: number;
  /** and the peak's excess is at least this many times that spread */
  excessOverSpread: number;
}

/**
 * The period whose profile is one peak above a flat rest (frames dropped on a fixed schedule), or
 * null. Checked at the fold's best period and at its divisors and multiples ≥ 4: the emptiest-phase
 * test can pick p 2 for frames dropped every 4th (half of its phases hold the peak) or p 8 (two
 * peaks, one of them in the "rest").
 */
export function droppedFramesAt(r: LongFoldResult, lim: DroppedFrameLimits): number | null {
  for (let d = 4; d <= LONG_FOLD_MAX_PERIOD; d++) {
    const prof = r.profiles[d - 2];
    const related = r.period % d === 0 || d % r.period === 0;
    if (related && prof && isDroppedFrameProfile(prof, lim)) return d;
  }
  return null;
}

/** True when the phase profile is one peak above a flat rest (frames dropped on a fixed schedule). */
export function isDroppedFrameProfile(phases: readonly number[], lim: DroppedFrameLimits): boolean {
  const pp = peakProfile(phases);
  return (
    pp !== null &&
    pp.excess >= lim.minExcess &&
    pp.excess <= lim.maxExcess &&
    pp.spread <= lim.maxSpread &&
    pp.excess >= lim.excessOverSpread * pp.spread
  );
}
