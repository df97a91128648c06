import { FUSION_CONFIG } from '../fusion-config';
import { clock, median, quantile, ramp } from '../math/stats';
import type { GeomWindow } from '../session-face-swap';
import { uninformative, type Assessment } from '../assessment';

/**
 * Identity stability of the inner face from landmark geometry (a proxy until a face embedding is
 * available): the proportions of a person's face (face and jaw width, nose length, upper-face
 * height, eye widths over the inter-ocular distance) do not change during a call. A sustained
 * change means a different face: another person, or a swap that drops in and out.
 * A landmark swap warped onto the talker's own landmarks keeps the talker's proportions, so this
 * proxy does not see a steady swap; it sees a change of face.
 */

const cfg = FUSION_CONFIG.faceSwap;
/** Windows need this many near-frontal frames to count. */
const MIN_FRAMES = 3;

const small = new Float64Array(64);

/** Median relative deviation of a window's ratios from the session's reference ratios. */
export function geometryDistance(ratios: readonly number[], ref: readonly number[]): number {
  const n = ratios.length;
  if (n === 0) return 0;
  if (n > small.length) return median(ratios.map((r, i) => relDev(r, ref[i] ?? 0)));
  // insertion sort into a scratch buffer: the same value as `median` of the deviations (they are
  // never -0; a NaN takes median's own path), without allocating per window
  for (let i = 0; i < n; i++) {
    const x = relDev(ratios[i]!, ref[i] ?? 0);
    if (x !== x) return median(ratios.map((r, k) => relDev(r, ref[k] ?? 0)));
    let j = i - 1;
    while (j >= 0 && small[j]! > x) {
      small[j + 1] = small[j]!;
      j--;
    }
    small[j + 1] = x;
  }
  const pos = 0.5 * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  const a = small[lo]!;
  const b = small[hi]!;
  return a + (b - a) * (pos - lo);
}

const relDev = (r: number, m: number): number => (m > 0 ? Math.abs(r - m) / m : 0);

/**
 * Longest run of consecutive windows (no gap over 2 s) with d at or over `limit`, as [first index,
 * length] (the first such run when several are longest).
 */
function longestRun(
  ws: readonly GeomWindow[],
  d: readonly number[],
  limit: number,
): [start: number, length: number] {
  let bestStart = 0;
  let bestLen = 0;
  let runStart = 0;
  let runLen = 0;
  for (let j = 0; j < ws.length; j++) {
    const hit = d[j]! >= limit;
    if (hit && (runLen === 0 || ws[j]!.startMs - ws[j - 1]!.endMs <= 2000)) {
      if (runLen === 0) runStart = j;
      runLen++;
    } else if (hit) {
      runStart = j;
      runLen = 1;
    } else runLen = 0;
    if (runLen > bestLen) [bestStart, bestLen] = [runStart, runLen];
  }
  return [bestStart, bestLen];
}

interface TGeomColumns {
  /** how many of the source windows were taken in, and the last of them (to detect another array) */
  seen: number;
  last: GeomWindow | undefined;
  /** the windows with enough frames, in order */
  ws: GeomWindow[];
  dims: number;
  /** cols[i][j] = ws[j].geom.ratios[i] ?? 0 */
  cols: Float64Array[];
}

/**
 * The usable windows and their ratio columns, per source array. SessionState's window list only
 * grows (append-only, windows never change), so the next call on the same array takes in only the
 * new windows; any other array (or one that did not just grow) is read from the start.
 */
const columnCache = new WeakMap<readonly GeomWindow[], TGeomColumns>();

function columnsOf(windows: readonly GeomWindow[]): TGeomColumns {
  let c = columnCache.get(windows);
  if (!c || c.seen > windows.length || (c.seen > 0 && windows[c.seen - 1] !== c.last)) {
    c = { seen: 0, last: undefined, ws: [], dims: 0, cols: [] };
    columnCache.set(windows, c);
  }
  for (let j = c.seen; j < windows.length; j++) {
    const w = windows[j]!;
    if (w.geom.n < MIN_FRAMES) continue;
    const k = c.ws.length;
    if (k === 0) {
      c.dims = w.geom.ratios.length;
      c.cols = Array.from({ length: c.dims }, () => new Float64Array(256));
    } else if (k >= (c.cols[0]?.length ?? 0))
      c.cols = c.cols.map((col) => {
        const grown = new Float64Array(col.length * 2);
        grown.set(col);
        return grown;
      });
    for (let i = 0; i < c.dims; i++) c.cols[i]![k] = w.geom.ratios[i] ?? 0;
    c.ws.push(w);
  }
  c.seen = windows.length;
  c.last = windows.at(-1);
  return c;
}

/**
 * Runs on every running-score point of a report over up to 20,000 windows, so it allocates no
 * object per window (ratio columns kept per source array, distances in one array, runs as index
 * ranges). The result equals the straightforward version kept in identity-geometry.equal.test.ts.
 */
export function assessGeometry(windows: readonly GeomWindow[]): Assessment {
  const { ws, dims, cols } = columnsOf(windows);
  if (ws.length < cfg.minWindows * 2)
    return uninformative('geometry', 'too few near-frontal seconds to compare face proportions');
  const ref = Array.from({ length: dims }, (_, i) => median(cols[i]!.subarray(0, ws.length)));
  const d: number[] = new Array<number>(ws.length);
  for (let j = 0; j < ws.length; j++) d[j] = geometryDistance(ws[j]!.geom.ratios, ref);
  const value = quantile(d, 0.9);
  const base = {
    signal: 'geometry' as const,
    value: Math.round(value * 1000) / 1000,
    frames: ws.length,
    confidence: ramp(ws.length, 0, 20),
    informative: true,
    note: `face proportions vary by ${(value * 100).toFixed(1)} % (p90 over ${ws.length} near-frontal seconds)`,
  };
  const [runStart, runLen] = longestRun(ws, d, cfg.geometryStrong);
  if (value < cfg.geometrySuspect && runLen < cfg.geometryRunWindows)
    return { ...base, evidence: 0, finding: null };
  let first = runStart;
  let lastIx = runStart + runLen - 1;
  let shownLen = runLen;
  if (runLen === 0) {
    // no strong run: every window over the suspect level
    first = -1;
    for (let j = 0; j < ws.length; j++)
      if (d[j]! >= cfg.geometrySuspect) {
        if (first < 0) first = j;
        lastIx = j;
        shownLen++;
      }
  }
  const startMs = first >= 0 && shownLen > 0 ? ws[first]!.startMs : 0;
  const endMs = shownLen > 0 ? ws[lastIx]!.endMs : 0;
  const review = runLen >= cfg.geometryRunWindows;
  return {
    ...base,
    evidence: -Math.max(ramp(value, cfg.geometrySuspect, cfg.geometryStrong), review ? 1 : 0),
    finding: {
      code: 'FACE_PROPORTIONS_CHANGED',
      text: `the face's proportions changed (by ${(value * 100).toFixed(0)} %) for ${runLen || shownLen} s (${clock(startMs)}–${clock(endMs)}): a different face, or a swap dropping in and out`,
      startMs,
      endMs,
      severity: review ? 'review' : 'soft',
    },
  };
}
