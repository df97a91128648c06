/** Small numeric helpers shared by the signals. Empty inputs give NaN-free defaults (0). */

export function mean(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

export function std(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  let s = 0;
  for (const x of xs) s += (x - m) * (x - m);
  return Math.sqrt(s / (xs.length - 1));
}

/** A list of numbers: an array or a typed array (a column of a session-long series). */
export type TNumbers = readonly number[] | Float64Array;

/** Linear-interpolated quantile, q in 0..1 (the reference: sorts a copy). */
export function quantileBySort(xs: TNumbers, q: number): number {
  if (xs.length === 0) return 0;
  const sorted = [...xs].sort((a, b) => a - b);
  const pos = Math.min(Math.max(q, 0), 1) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  const a = sorted[lo] ?? 0;
  const b = sorted[hi] ?? a;
  return a + (b - a) * (pos - lo);
}

/** Below this length sorting a copy is as fast as selecting. */
const SELECT_MIN = 64;
let scratch = new Float64Array(1024);

/**
 * Rearranges a[from..to] so that a[k] holds the value a sorted copy would have there, everything
 * before it is ≤ and everything after it ≥ (Hoare partitioning around the median of three; O(n)
 * expected, no allocation).
 */
function selectInPlace(a: Float64Array, k: number, from: number, to: number): void {
  let l = from;
  let r = to;
  while (r > l) {
    const m = (l + r) >> 1;
    // median of a[l], a[m], a[r] as the pivot
    const x = a[l]!;
    const y = a[m]!;
    const z = a[r]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = l;
    let j = r;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) r = j;
    else if (k >= i) l = i;
    else return;
  }
}

/**
 * Linear-interpolated quantile, q in 0..1. Same value as sorting a copy (`quantileBySort`) but in
 * O(n) by selection on a reused typed buffer: the report derivation calls it on session-long series
 * (20,000 values) dozens of times. Inputs holding NaN or -0 take the sorting path, so the result is
 * identical for every input, not only for finite ones.
 */
export function quantile(xs: TNumbers, q: number): number {
  const n = xs.length;
  if (n < SELECT_MIN) return quantileBySort(xs, q);
  if (scratch.length < n) scratch = new Float64Array(Math.max(n, scratch.length * 2));
  const a = scratch;
  for (let i = 0; i < n; i++) {
    const x = xs[i]!;
    // NaN (x !== x) or -0: the comparator sort orders them its own way; keep its answer exactly
    if (x !== x || (x === 0 && 1 / x < 0)) return quantileBySort(xs, q);
    a[i] = x;
  }
  const pos = Math.min(Math.max(q, 0), 1) * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  selectInPlace(a, lo, 0, n - 1);
  const va = a[lo]!;
  let vb = va;
  if (hi > lo) {
    // the next order statistic is the smallest value after position lo
    vb = a[hi]!;
    for (let i = hi + 1; i < n; i++) if (a[i]! < vb) vb = a[i]!;
  }
  return va + (vb - va) * (pos - lo);
}

export function median(xs: TNumbers): number {
  return quantile(xs, 0.5);
}

export function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/** Maps x linearly from [from, to] to [0, 1], clamped; `from > to` is allowed (decreasing). */
export function ramp(x: number, from: number, to: number): number {
  if (from === to) return x >= to ? 1 : 0;
  return clamp((x - from) / (to - from), 0, 1);
}

/** Pearson correlation of equal-length arrays; 0 when either is constant. */
export function pearson(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  if (n < 3) return 0;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i] ?? 0;
    mb += b[i] ?? 0;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = (a[i] ?? 0) - ma;
    const db = (b[i] ?? 0) - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  const d = Math.sqrt(saa * sbb);
  return d > 1e-12 ? sab / d : 0;
}

/** Rounds to `digits` decimals (compact storage). */
export function round(x: number, digits: number): number {
  const k = 10 ** digits;
  return Math.round(x * k) / k;
}

/** Running mean/variance (Welford) that can be merged: bounded memory for hour-long sessions. */
export interface Moments {
  n: number;
  mean: number;
  m2: number;
}

export function emptyMoments(): Moments {
  return { n: 0, mean: 0, m2: 0 };
}

export function mergeMoments(a: Moments, b: Moments): Moments {
  const n = a.n + b.n;
  if (n === 0) return emptyMoments();
  const d = b.mean - a.mean;
  return { n, mean: a.mean + (d * b.n) / n, m2: a.m2 + b.m2 + (d * d * a.n * b.n) / n };
}

export function momentsStd(m: Moments): number {
  return m.n > 1 ? Math.sqrt(m.m2 / (m.n - 1)) : 0;
}

/** Formats ms as m:ss for reasons shown to reviewers. */
export function clock(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
