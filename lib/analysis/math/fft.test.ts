import { describe, expect, it } from 'vitest';
import { fftInPlace, powerSpectrum2d } from './fft';

describe('fftInPlace', () => {
  it('matches a direct DFT', () => {
    const n = 16;
    const x = Array.from({ length: n }, (_, i) => Math.sin(i * 1.3) + 0.2 * i);
    const re = Float64Array.from(x);
    const im = new Float64Array(n);
    fftInPlace(re, im);
    for (let k = 0; k < n; k++) {
      let sr = 0;
      let si = 0;
      for (let j = 0; j < n; j++) {
        sr += x[j]! * Math.cos((-2 * Math.PI * j * k) / n);
        si += x[j]! * Math.sin((-2 * Math.PI * j * k) / n);
      }
      expect(re[k]).toBeCloseTo(sr, 9);
      expect(im[k]).toBeCloseTo(si, 9);
    }
  });

  it('refuses a length that is not a power of two', () => {
    expect(() => fftInPlace(new Float64Array(12), new Float64Array(12))).toThrow(/power of two/);
  });
});

describe('powerSpectrum2d', () => {
  it('puts a 2-D cosine at its two bins', () => {
    const n = 32;
    const [kx, ky] = [5, 3];
    const img = new Float64Array(n * n);
    for (let y = 0; y < n; y++)
      for (let x = 0; x < n; x++) img[y * n + x] = Math.cos((2 * Math.PI * (kx * x + ky * y)) / n);
    const p = powerSpectrum2d(img, n);
    const total = p.reduce((a, b) => a + b, 0);
    const at = (x: number, y: number) => p[(((y % n) + n) % n) * n + (((x % n) + n) % n)]!;
    expect((at(kx, ky) + at(-kx, -ky)) / total).toBeCloseTo(1, 9);
  });
});
