/** Tiny dense linear algebra for 3x3 and 9x9 problems (homography DLT). */

export type Mat3 = [number, number, number, number, number, number, number, number, number];

/**
 * Eigenvector of the smallest eigenvalue of a symmetric n x n matrix (row-major), by cyclic Jacobi
 * rotations. n is 9 here, so this is cheap and, unlike power iteration, robust to close eigenvalues.
 */
export function smallestEigenvector(sym: number[], n: number): number[] {
  const a = [...sym];
  const v: number[] = new Array<number>(n * n).fill(0);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  const at = (r: number, c: number): number => a[r * n + c] ?? 0;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += at(p, q) ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = at(p, q);
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (at(q, q) - at(p, p)) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        rotate(a, v, n, p, q, c, s);
      }
    }
  }
  let best = 0;
  for (let i = 1; i < n; i++) if (at(i, i) < at(best, best)) best = i;
  const out: number[] = [];
  for (let r = 0; r < n; r++) out.push(v[r * n + best] ?? 0);
  return out;
}

function rotate(a: number[], v: number[], n: number, p: number, q: number, c: number, s: number): void {
  for (let k = 0; k < n; k++) {
    const akp = a[k * n + p] ?? 0;
    const akq = a[k * n + q] ?? 0;
    a[k * n + p] = c * akp - s * akq;
    a[k * n + q] = s * akp + c * akq;
  }
  for (let k = 0; k < n; k++) {
    const apk = a[p * n + k] ?? 0;
    const aqk = a[q * n + k] ?? 0;
    a[p * n + k] = c * apk - s * aqk;
    a[q * n + k] = s * apk + c * aqk;
  }
  for (let k = 0; k < n; k++) {
    const vkp = v[k * n + p] ?? 0;
    const vkq = v[k * n + q] ?? 0;
    v[k * n + p] = c * vkp - s * vkq;
    v[k * n + q] = s * vkp + c * vkq;
  }
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
