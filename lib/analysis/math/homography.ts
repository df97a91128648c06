import { applyH, mul3, smallestEigenvector, type Mat3 } from './linalg';
import { median } from './stats';

/**
 * Homography between two 2D point sets (flattened [x0, y0, x1, y1, ...]) by the normalised DLT
 * (Hartley & Zisserman, alg. 4.2) with iteratively reweighted least squares for robustness.
 * IRLS rather than RANSAC: deterministic, and with ~34 landmarks and few gross outliers it converges
 * in a handful of iterations.
 */

interface Normaliser {
  t: Mat3;
  tInv: Mat3;
}

/** Similarity that moves the centroid to 0 and the mean distance to sqrt(2). */
function normaliser(pts: readonly number[]): Normaliser {
  const n = pts.length / 2;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < n; i++) {
    cx += pts[2 * i] ?? 0;
    cy += pts[2 * i + 1] ?? 0;
  }
  cx /= n;
  cy /= n;
  let d = 0;
  for (let i = 0; i < n; i++) d += Math.hypot((pts[2 * i] ?? 0) - cx, (pts[2 * i + 1] ?? 0) - cy);
  const s = d > 1e-9 ? (Math.SQRT2 * n) / d : 1;
  return {
    t: [s, 0, -s * cx, 0, s, -s * cy, 0, 0, 1],
    tInv: [1 / s, 0, cx, 0, 1 / s, cy, 0, 0, 1],
  };
}

function transform(t: Mat3, pts: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < pts.length; i += 2) {
    out.push(t[0] * (pts[i] ?? 0) + t[2], t[4] * (pts[i + 1] ?? 0) + t[5]);
  }
  return out;
}

/** Weighted DLT; returns null when the points are degenerate. */
export function fitHomography(
  src: readonly number[],
  dst: readonly number[],
  weights?: readonly number[],
): Mat3 | null {
  const n = Math.min(src.length, dst.length) / 2;
  if (n < 4) return null;
  const ns = normaliser(src);
  const nd = normaliser(dst);
  const a = transform(ns.t, src);
  const b = transform(nd.t, dst);
  const ata: number[] = new Array<number>(81).fill(0);
  for (let i = 0; i < n; i++) {
    const w = weights?.[i] ?? 1;
    if (w <= 0) continue;
    const x = a[2 * i] ?? 0;
    const y = a[2 * i + 1] ?? 0;
    const u = b[2 * i] ?? 0;
    const v = b[2 * i + 1] ?? 0;
    accumulate(ata, [-x, -y, -1, 0, 0, 0, u * x, u * y, u], w);
    accumulate(ata, [0, 0, 0, -x, -y, -1, v * x, v * y, v], w);
  }
  const h = smallestEigenvector(ata, 9) as Mat3;
  const full = mul3(mul3(nd.tInv, h), ns.t);
  const scale = full[8];
  if (!Number.isFinite(scale) || Math.abs(scale) < 1e-12) return null;
  return full.map((x) => x / scale) as Mat3;
}

function accumulate(ata: number[], row: readonly number[], w: number): void {
  for (let r = 0; r < 9; r++) {
    const rr = (row[r] ?? 0) * w;
    if (rr === 0) continue;
    for (let c = 0; c < 9; c++) ata[r * 9 + c] = (ata[r * 9 + c] ?? 0) + rr * (row[c] ?? 0);
  }
}

/** Forward transfer error |H src_i - dst_i| per point (pixels). */
export function transferErrors(h: Mat3, src: readonly number[], dst: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < Math.min(src.length, dst.length); i += 2) {
    const p = applyH(h, src[i] ?? 0, src[i + 1] ?? 0);
    out.push(
      p ? Math.hypot(p[0] - (dst[i] ?? 0), p[1] - (dst[i + 1] ?? 0)) : Number.POSITIVE_INFINITY,
    );
  }
  return out;
}

export interface RobustFit {
  h: Mat3;
  errors: number[];
}

/**
 * IRLS with Cauchy weights. `minScale` (pixels) keeps the weights from collapsing onto a perfect
 * subset when residuals are at the noise floor.
 */
export function robustHomography(
  src: readonly number[],
  dst: readonly number[],
  minScale: number,
  iterations = 4,
): RobustFit | null {
  let h = fitHomography(src, dst);
  if (!h) return null;
  let errors = transferErrors(h, src, dst);
  for (let it = 0; it < iterations; it++) {
    const scale = Math.max(2.5 * 1.4826 * median(errors), minScale);
    const weights = errors.map((e) => 1 / (1 + (e / scale) ** 2));
    const next = fitHomography(src, dst, weights);
    if (!next) break;
    h = next;
    errors = transferErrors(h, src, dst);
  }
  return { h, errors };
}

/** RMS of the errors after dropping the `drop` largest: tolerant of a glitched landmark or two. */
export function trimmedRms(errors: readonly number[], drop: number): number {
  const kept = [...errors].sort((a, b) => a - b).slice(0, Math.max(1, errors.length - drop));
  let s = 0;
  for (const e of kept) s += Number.isFinite(e) ? e * e : 1e12;
  return Math.sqrt(s / kept.length);
}
