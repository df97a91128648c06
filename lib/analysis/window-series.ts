import type { AudioEnvelope, FrameFeatures } from './types';
import { resampleUniform } from './signals/rppg';
import { round } from './math/stats';
import { faceSize } from './signals/geometry';

/**
 * The uniform per-window series (skin RGB, jawOpen, audio RMS) stored with each window, so that
 * session-level rPPG and lip-sync can run from stored windows alone (server-side recompute).
 */

export interface WindowSeries {
  t0: number;
  rateHz: number;
  r: number[];
  g: number[];
  b: number[];
  jaw: number[];
  lips: number[];
  audio: number[] | null;
}

/** Grid times k * 1000 / rate inside [startMs, endMs): global grid, so windows join seamlessly. */
export function gridTimes(startMs: number, endMs: number, rateHz: number): number[] {
  const step = 1000 / rateHz;
  const out: number[] = [];
  for (let k = Math.ceil(startMs / step - 1e-9); k * step < endMs - 1e-9; k++) out.push(k * step);
  return out;
}

/**
 * `faceFrames` must include the last face frame before the window and the first after it, when
 * known, so the grid edges interpolate. Any gap longer than 250 ms empties the face series: a broken
 * series would fake spectral content.
 */
export function buildSeries(
  faceFrames: readonly FrameFeatures[],
  audio: readonly AudioEnvelope[],
  startMs: number,
  endMs: number,
  rateHz: number,
): WindowSeries {
  const grid = gridTimes(startMs, endMs, rateHz);
  const t0 = round(grid[0] ?? startMs, 2);
  const faces = faceFrames.filter((f) => f.face);
  const ts = faces.map((f) => f.t);
  const pick = (get: (f: FrameFeatures) => number): Array<number | null> =>
    resampleUniform(ts, faces.map(get), rateHz, grid[0] ?? startMs, grid.length);
  const r = pick((f) => f.face?.skin.r ?? 0);
  const g = pick((f) => f.face?.skin.g ?? 0);
  const b = pick((f) => f.face?.skin.b ?? 0);
  const jaw = pick((f) => f.face?.blend.jawOpen ?? 0);
  const lips = pick((f) => (f.face ? lipGap(f.face.pts) : 0));
  const complete = (xs: Array<number | null>): xs is number[] =>
    xs.length > 0 && xs.every((x) => x !== null);
  const ok = complete(r) && complete(g) && complete(b) && complete(jaw) && complete(lips);
  return {
    t0,
    rateHz,
    r: ok ? r.map((x) => round(x ?? 0, 2)) : [],
    g: ok ? g.map((x) => round(x ?? 0, 2)) : [],
    b: ok ? b.map((x) => round(x ?? 0, 2)) : [],
    jaw: ok ? jaw.map((x) => round(Math.min(1, Math.max(0, x ?? 0)), 3)) : [],
    lips: ok ? lips.map((x) => round(Math.min(1, Math.max(0, x ?? 0)), 3)) : [],
    audio: audioSeries(audio, grid, rateHz),
  };
}

/** LANDMARK_SUBSET positions of the upper (13) and lower (14) inner lip. */
const UPPER_LIP = 28;
const LOWER_LIP = 29;

/** Inner-lip gap as a share of face size: a mouth opening that does not depend on blendshape calibration. */
export function lipGap(pts: readonly number[]): number {
  const size = faceSize(pts);
  const dx = (pts[2 * LOWER_LIP] ?? 0) - (pts[2 * UPPER_LIP] ?? 0);
  const dy = (pts[2 * LOWER_LIP + 1] ?? 0) - (pts[2 * UPPER_LIP + 1] ?? 0);
  return size > 0 ? Math.hypot(dx, dy) / size : 0;
}

/** Mean RMS per grid bin; null unless every bin has audio. */
export function audioSeries(
  chunks: readonly AudioEnvelope[],
  grid: readonly number[],
  rateHz: number,
): number[] | null {
  if (chunks.length === 0 || grid.length === 0) return null;
  const half = 500 / rateHz;
  const out: number[] = [];
  for (const tg of grid) {
    let sum = 0;
    let n = 0;
    for (const c of chunks) {
      // Sample k covers [t0 + k step, t0 + (k + 1) step): its centre is half a step later.
      const step = 1000 / c.rate;
      const centre0 = c.t0 + step / 2;
      const k0 = Math.max(0, Math.ceil((tg - half - centre0) / step));
      const k1 = Math.min(c.rms.length - 1, Math.floor((tg + half - centre0) / step - 1e-9));
      for (let k = k0; k <= k1; k++) {
        sum += c.rms[k] ?? 0;
        n++;
      }
    }
    if (n === 0) return null;
    out.push(round(Math.min(1, Math.max(0, sum / n)), 4));
  }
  return out;
}

/** Drops audio chunks that end before `t` (bounded memory while live). */
export function pruneAudio(chunks: AudioEnvelope[], t: number): AudioEnvelope[] {
  return chunks.filter((c) => c.t0 + (c.rms.length * 1000) / c.rate >= t);
}
