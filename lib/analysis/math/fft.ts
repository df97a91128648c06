/**
 * Small radix-2 FFTs for the display-grid measurement (64 x 64 patches, a few per second in the
 * worker): cached bit-reversal and twiddle tables, strided in-place transforms, no dependency.
 */

function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && (n & (n - 1)) === 0;
}

interface Plan {
  rev: Uint32Array;
  cos: Float64Array;
  sin: Float64Array;
}

const plans = new Map<number, Plan>();

function plan(n: number): Plan {
  let p = plans.get(n);
  if (!p) {
    const rev = new Uint32Array(n);
    const bits = Math.round(Math.log2(n));
    for (let i = 0; i < n; i++) {
      let r = 0;
      for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
      rev[i] = r;
    }
    const cos = new Float64Array(n / 2);
    const sin = new Float64Array(n / 2);
    for (let k = 0; k < n / 2; k++) {
      cos[k] = Math.cos((-2 * Math.PI * k) / n);
      sin[k] = Math.sin((-2 * Math.PI * k) / n);
    }
    p = { rev, cos, sin };
    plans.set(n, p);
  }
  return p;
}

/** In-place DFT of n points of (re, im) starting at `offset`, `stride` apart. */
function fftStrided(
  re: Float64Array,
  im: Float64Array,
  n: number,
  offset: number,
  stride: number,
): void {
  const { rev, cos, sin } = plan(n);
  for (let i = 0; i < n; i++) {
    const j = rev[i]!;
    if (i < j) {
      const a = offset + i * stride;
      const b = offset + j * stride;
      const tr = re[a]!;
      re[a] = re[b]!;
      re[b] = tr;
      const ti = im[a]!;
      im[a] = im[b]!;
      im[b] = ti;
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const half = len >> 1;
    const step = n / len;
    for (let i = 0; i < n; i += len) {
      for (let k = 0; k < half; k++) {
        const wr = cos[k * step]!;
        const wi = sin[k * step]!;
        const a = offset + (i + k) * stride;
        const b = a + half * stride;
        const xr = re[b]! * wr - im[b]! * wi;
        const xi = re[b]! * wi + im[b]! * wr;
        re[b] = re[a]! - xr;
        im[b] = im[a]! - xi;
        re[a] = re[a]! + xr;
        im[a] = im[a]! + xi;
      }
    }
  }
}

/** In-place DFT X[k] = sum x[j] e^(-2 pi i jk/n) of (re, im); n a power of two. */
export function fftInPlace(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  if (im.length !== n || !isPowerOfTwo(n)) throw new Error(`fft length ${n} is not a power of two`);
  fftStrided(re, im, n, 0, 1);
}

/**
 * |F(kx, ky)|² of an n x n real image (row-major, n a power of two), row-major by (ky, kx) with
 * bins 0..n-1 (bin k >= n/2 is the negative frequency k - n).
 */
export function powerSpectrum2d(img: ArrayLike<number>, n: number): Float64Array {
  if (!isPowerOfTwo(n) || img.length !== n * n) throw new Error(`need an n x n image, n = 2^k`);
  const re = Float64Array.from(img);
  const im = new Float64Array(n * n);
  for (let row = 0; row < n; row++) fftStrided(re, im, n, row * n, 1);
  for (let col = 0; col < n; col++) fftStrided(re, im, n, col, n);
  const out = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) out[i] = re[i]! * re[i]! + im[i]! * im[i]!;
  return out;
}
