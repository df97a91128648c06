/** Tiny dense linear algebra for 3x3 and 9x9 problems (homography DLT). */

export type Mat3 = [number, number, number, number, number, number, number, number, number];

/**
 * Eigenvector of the smallest eigenvalue of a symmetric positive semi-definite n x n matrix
 * (row-major) by shifted inverse iteration. For a homography DLT that eigenvalue is (near) zero and
 * well separated from the rest, so a few iterations converge; this is ~50x cheaper than Jacobi.
 */
export function smallestEigenvector(sym: readonly number[], n: number): number[] {
  let trace = 0;
  for (let i = 0; i < n; i++) trace += sym[i * n + i] ?? 0;
  const shifted = [...sym];
  for (let i = 0; i < n; i++)
    shifted[i * n + i] = (shifted[i * n + i] ?? 0) + 1e-12 * Math.max(trace, 1e-300);
  const lu = luDecompose(shifted, n);
  let x: number[] = Array.from({ length: n }, (_, i) => 1 + i * 0.1);
  if (!lu) return x;
  for (let it = 0; it < 8; it++) {
    const y = luSolve(lu, x, n);
    const norm = Math.sqrt(y.reduce((s, v) => s + v * v, 0));
    if (!(norm > 0) || !Number.isFinite(norm)) break;
    x = y.map((v) => v / norm);
  }
  return x;
}

interface Lu {
  m: number[];
  perm: number[];
}

function luDecompose(a: readonly number[], n: number): Lu | null {
  const m = [...a];
  const perm = Array.from({ length: n }, (_, i) => i);
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++)
      if (Math.abs(m[i * n + k] ?? 0) > Math.abs(m[p * n + k] ?? 0)) p = i;
    if (Math.abs(m[p * n + k] ?? 0) < 1e-300) return null;
    if (p !== k) {
      for (let j = 0; j < n; j++)
        [m[k * n + j], m[p * n + j]] = [m[p * n + j] ?? 0, m[k * n + j] ?? 0];
      [perm[k], perm[p]] = [perm[p] ?? p, perm[k] ?? k];
    }
    const pivot = m[k * n + k] ?? 1;
    for (let i = k + 1; i < n; i++) {
      const f = (m[i * n + k] ?? 0) / pivot;
      m[i * n + k] = f;
      for (let j = k + 1; j < n; j++) m[i * n + j] = (m[i * n + j] ?? 0) - f * (m[k * n + j] ?? 0);
    }
  }
  return { m, perm };
}

function luSolve(lu: Lu, b: readonly number[], n: number): number[] {
  const { m, perm } = lu;
  const y = perm.map((p) => b[p] ?? 0);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < i; j++) y[i] = (y[i] ?? 0) - (m[i * n + j] ?? 0) * (y[j] ?? 0);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = i + 1; j < n; j++) y[i] = (y[i] ?? 0) - (m[i * n + j] ?? 0) * (y[j] ?? 0);
    y[i] = (y[i] ?? 0) / (m[i * n + i] ?? 1);
  }
  return y;
}

export function mul3(a: Mat3, b: Mat3): Mat3 {
  const out: number[] = [];
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) {
      let s = 0;
      for (let k = 0; k < 3; k++) s += (a[r * 3 + k] ?? 0) * (b[k * 3 + c] ?? 0);
      out.push(s);
    }
  }
  return out as Mat3;
}

/** Applies a homography to (x, y); returns null for points mapped to infinity. */
export function applyH(h: Mat3, x: number, y: number): [number, number] | null {
  const w = h[6] * x + h[7] * y + h[8];
  if (Math.abs(w) < 1e-12) return null;
  return [(h[0] * x + h[1] * y + h[2]) / w, (h[3] * x + h[4] * y + h[5]) / w];
}
