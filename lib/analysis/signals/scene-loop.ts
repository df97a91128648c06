import { FUSION_CONFIG } from '../fusion-config';
import { median } from '../math/stats';
import type { LoopEvent } from './loops';

/**
 * Cut loops seen on the whole picture (fusion config 2026-12-01.5-temporal).
 *
 * Physical reason: a cut loop repeats a 1.5–3 s piece end to end, so *every* frame recurs at one
 * fixed period P, background and all. On the whole-frame grey thumbnail (`FrameFeatures.scene`,
 * 24x24 area averages: coding noise mostly averages out) a frame then differs from the frame P
 * back by coding noise only, and far less than from the frames a few hundred ms either side of P
 * (which show the content's own motion). A live scene never returns to the same state at one lag
 * for every frame of a second: its closest earlier frames drift (smallest lag) or come back only
 * approximately (a still talker returning to a pose, with a background that is the same at every
 * lag, gives a shallow dip at best). The face-hash rule (`loops.ts`) needs a 64-bit face hash to
 * match within 5 bits for 1 s; a small or low-frame-rate face re-encoded loses that, the whole
 * picture does not.
 *
 * Per window (worker side, never stored raw): every frame's mean absolute thumbnail difference to
 * each earlier frame 0.6–6 s back (root-mean-square over the cells), averaged per lag bin (40 ms); at
 * most one compared frame per 60 ms (cost: ≤ ~17 frames x ~150–360 earlier frames a second). The window reports the bin with
 * the lowest mean at lag ≥ 1 s (`lag`, `d`), the median over all bins (`med`) and the mean of the
 * bins 120–240 ms either side of it (`loc`). Session side: a window is loop-like when `d` is a small
 * share of both `med` and `loc` and `med` − `d` is above coding noise; `minWindows` consecutive
 * loop-like windows at one lag (± `lagToleranceMs`) make a loop event.
 */

type SceneLoopConfig = typeof FUSION_CONFIG.loop.scene;

export interface SceneLagSummary {
  /** lag (ms) of the lowest per-bin mean difference at lag ≥ minLagMs */
  lag: number;
  /** that mean difference (grey levels) */
  d: number;
  /** median of all bins' mean differences */
  med: number;
  /** mean of the bins localMinMs..localMaxMs either side of `lag`; null when none */
  loc: number | null;
  /** frames of the window that were compared */
  n: number;
}

/**
 * Root-mean-square difference of two thumbnails: a small face that moves changes a few cells a lot,
 * coding noise changes every cell a little; the square weights the first (a mean absolute difference
 * dilutes a small face's motion by its share of the picture).
 */
function rmsDiff(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    s += d * d;
  }
  return Math.sqrt(s / a.length);
}

/**
 * Pure summary of a window's per-lag-bin sums: `bins` maps a bin index (lag / binMs, rounded) to
 * [sum of differences, count]; bins with fewer than half the window's compared frames are ignored
 * (a lag only some frames reached).
 */
export function summarizeLagBins(
  bins: ReadonlyMap<number, readonly [number, number]>,
  frames: number,
  cfg: SceneLoopConfig = FUSION_CONFIG.loop.scene,
): SceneLagSummary | null {
  const need = Math.max(2, frames / 2);
  const means: { lag: number; m: number }[] = [];
  for (const [b, [sum, n]] of bins) if (n >= need) means.push({ lag: b * cfg.binMs, m: sum / n });
  if (means.length < cfg.minBins) return null;
  let low: { lag: number; m: number } | null = null;
  for (const x of means) if (x.lag >= cfg.minLagMs && (!low || x.m < low.m)) low = x;
  if (!low) return null;
  // A loop matches at every multiple of its period: report the shortest local minimum about as
  // good as the lowest (within 25 % or 0.1 grey), so the period is P and not 2P.
  const lowM = low.m;
  const isLocalMin = (x: { lag: number; m: number }) =>
    means.every((y) => Math.abs(y.lag - x.lag) >= cfg.localMinMs || y.m >= x.m);
  const best = means
    .filter(
      (x) => x.lag >= cfg.minLagMs && x.m <= Math.max(1.25 * lowM, lowM + 0.1) && isLocalMin(x),
    )
    .reduce((a, x) => (x.lag < a.lag ? x : a), low);
  const lag = best.lag;
  const near = means.filter(
    (x) => Math.abs(x.lag - lag) >= cfg.localMinMs && Math.abs(x.lag - lag) <= cfg.localMaxMs,
  );
  return {
    lag,
    d: best.m,
    med: median(means.map((x) => x.m)),
    loc: near.length > 0 ? near.reduce((a, x) => a + x.m, 0) / near.length : null,
    n: frames,
  };
}

/** Window builder side: keeps ~6 s of whole-frame thumbnails and folds each frame against them. */
export class SceneLagProfile {
  private history: { t: number; s: Float32Array }[] = [];
  private bins = new Map<number, [number, number]>();
  private frames = 0;
  private lastCompared = -Infinity;

  constructor(private readonly cfg: SceneLoopConfig = FUSION_CONFIG.loop.scene) {}

  push(t: number, scene: ArrayLike<number> | undefined): void {
    if (!scene || scene.length === 0) return;
    const s = Float32Array.from(scene);
    const keepFrom = t - this.cfg.maxLagMs - this.cfg.binMs;
    while (this.history.length > 0 && (this.history[0]?.t ?? 0) < keepFrom) this.history.shift();
    // Bounded cost: at most one compared frame per compareStepMs (every frame stays in the history,
    // so the lags keep the stream's own frame spacing).
    if (t - this.lastCompared < this.cfg.compareStepMs) {
      this.history.push({ t, s });
      return;
    }
    let compared = false;
    for (let j = this.history.length - 1; j >= 0; j--) {
      const h = this.history[j];
      if (!h || h.s.length !== s.length) continue;
      const lag = t - h.t;
      if (lag < this.cfg.scanFromMs) continue;
      if (lag > this.cfg.maxLagMs) break;
      const b = Math.round(lag / this.cfg.binMs);
      const cell = this.bins.get(b);
      const d = rmsDiff(s, h.s);
      if (cell) {
        cell[0] += d;
        cell[1] += 1;
      } else this.bins.set(b, [d, 1]);
      compared = true;
    }
    if (compared) {
      this.frames++;
      this.lastCompared = t;
    }
    this.history.push({ t, s });
  }

  /** Summary of the window so far; starts the next window (history is kept). */
  take(): SceneLagSummary | null {
    const out = summarizeLagBins(this.bins, this.frames, this.cfg);
    this.bins = new Map();
    this.frames = 0;
    return out;
  }
}

/** A window's summary reads as a loop: the frames P back match far better than anything nearby. */
export function loopLike(
  w: SceneLagSummary,
  cfg: SceneLoopConfig = FUSION_CONFIG.loop.scene,
  localRatio: number = cfg.maxLocalRatio,
): boolean {
  return (
    w.loc !== null &&
    w.d <= cfg.maxRatio * w.med &&
    w.d <= localRatio * w.loc &&
    w.med - w.d >= cfg.minSpread
  );
}

/** Two lags of one loop: equal, or one a multiple (2–4x) of the other, within tol ms per period. */
export function samePeriod(a: number, b: number, tol: number): boolean {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  if (lo <= 0) return false;
  const k = Math.round(hi / lo);
  return k >= 1 && k <= 4 && Math.abs(hi - k * lo) <= tol * k;
}

/**
 * Session side: consecutive loop-like windows at one period (a loop also matches at 2P, 3P, …, and
 * a window may find its best match there) become loop events.
 */
export class SceneLoopRuns {
  private run: { startMs: number; endMs: number; lag: number; windows: number } | null = null;
  private readonly done: LoopEvent[] = [];

  constructor(private readonly cfg: SceneLoopConfig = FUSION_CONFIG.loop.scene) {}

  /** Windows must arrive in time order (SessionState sorts them). */
  add(startMs: number, endMs: number, w: SceneLagSummary | null | undefined): void {
    const r = this.run;
    const like = !!w && loopLike(w, this.cfg);
    const contiguous = r !== null && startMs - r.endMs <= this.cfg.maxGapMs;
    // Hysteresis: once a period is established, a window at that same period continues the run
    // with a weaker local dip (slow content moves little 200–400 ms either side of P).
    const continues =
      !!w &&
      r !== null &&
      contiguous &&
      samePeriod(w.lag, r.lag, this.cfg.lagToleranceMs) &&
      loopLike(w, this.cfg, this.cfg.continueLocalRatio);
    if (w && r && continues) {
      r.endMs = endMs;
      r.windows++;
      // the period is the shortest lag seen; a lag that merely wanders does not move it
      if (w.lag < r.lag - this.cfg.lagToleranceMs) r.lag = w.lag;
      return;
    }
    this.close();
    if (like) this.run = { startMs, endMs, lag: w.lag, windows: 1 };
  }

  private close(): void {
    const r = this.run;
    if (r && r.windows >= this.cfg.minWindows && this.done.length < 100)
      this.done.push({ startMs: r.startMs, endMs: r.endMs, offsetMs: r.lag });
    this.run = null;
  }

  /** Events so far, including a qualifying run in progress (does not close it). */
  events(): LoopEvent[] {
    const r = this.run;
    const open =
      r && r.windows >= this.cfg.minWindows
        ? [{ startMs: r.startMs, endMs: r.endMs, offsetMs: r.lag }]
        : [];
    return [...this.done, ...open];
  }
}
