/**
 * Small radix-2 FFTs for the display-grid measurement (64 x 64 patches): no allocation per call
 * beyond the output, no dependency.
 */

function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && (n & (n - 1)) === 0;
}

/** In-place iterative radix-2 DFT X[k] = sum x[j] e^(-2 pi i jk/n) of (re, im); n a power of two. */
export function fftInPlace(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  if (im.length !== n || !isPowerOfTwo(n)) throw new Error(`fft length ${n} is not a power of two`);
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j]!, re[i]!];
      [im[i], im[j]] = [im[j]!, im[i]!];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = (-2 * Math.PI) / len;
    const wr = Math.cos(ang);
    const wi = Math.sin(ang);
    for (let i = 0; i < n; i += len) {
      let cr = 1;
      let ci = 0;
      for (let k = 0; k < len / 2; k++) {
        const a = i + k;
        const b = a + len / 2;
        const xr = re[b]! * cr - im[b]! * ci;
        const xi = re[b]! * ci + im[b]! * cr;
        re[b] = re[a]! - xr;
        im[b] = im[a]! - xi;
        re[a] = re[a]! + xr;
        im[a] = im[a]! + xi;
        const t = cr * wr - ci * wi;
        ci = cr * wi + ci * wr;
        cr = t;
      }
    }
  }
}

/**
 * |F(kx, ky)|² of an n x n real image (row-major, n a power of two), row-major by (ky, kx) with
 * bins 0..n-1 (bin k > n/2 is the negative frequency k - n).
 */
export function powerSpectrum2d(img: ArrayLike<number>, n: number): Float64Array {
  if (!isPowerOfTwo(n) || img.length !== n * n) throw new Error(`need an n x n image, n = 2^k`);
  const re = new Float64Array(n * n);
  const im = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) re[i] = img[i]!;
  const rr = new Float64Array(n);
  const ri = new Float64Array(n);
  for (let pass = 0; pass < 2; pass++) {
    // pass 0: rows; pass 1: columns
    for (let line = 0; line < n; line++) {
      for (let k = 0; k < n; k++) {
        const idx = pass === 0 ? line * n + k : k * n + line;
        rr[k] = re[idx]!;
        ri[k] = im[idx]!;
      }
      fftInPlace(rr, ri);
      for (let k = 0; k < n; k++) {
        const idx = pass === 0 ? line * n + k : k * n + line;
        re[idx] = rr[k]!;
        im[idx] = ri[k]!;
      }
    }
  }
  const out = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) out[i] = re[i]! * re[i]! + im[i]! * im[i]!;
  return out;
}
