import { describe, expect, test } from 'vitest';
import { applyH, type Mat3 } from './linalg';
import { fitHomography, robustHomography, transferErrors, trimmedRms } from './homography';

const GRID = [0, 0, 100, 0, 100, 100, 0, 100, 50, 50, 20, 70, 80, 30, 60, 90, 10, 40];

function mapped(h: Mat3, pts: number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < pts.length; i += 2) {
    const p = applyH(h, pts[i] ?? 0, pts[i + 1] ?? 0);
    out.push(p?.[0] ?? NaN, p?.[1] ?? NaN);
  }
  return out;
}

describe('homography', () => {
  test.each<[string, Mat3]>([
    ['identity', [1, 0, 0, 0, 1, 0, 0, 0, 1]],
    ['translation', [1, 0, 12, 0, 1, -7, 0, 0, 1]],
    ['similarity', [0.9, -0.3, 40, 0.3, 0.9, 5, 0, 0, 1]],
    ['perspective', [1.1, 0.05, 3, -0.02, 0.95, 8, 0.0008, -0.0005, 1]],
  ])('recovers %s exactly from clean points', (_name, h) => {
    const fit = fitHomography(GRID, mapped(h, GRID));
    expect(fit).not.toBeNull();
    const err = transferErrors(fit as Mat3, GRID, mapped(h, GRID));
    expect(Math.max(...err)).toBeLessThan(1e-6);
  });

  test('robust fit ignores one gross outlier', () => {
    const h: Mat3 = [1, 0.1, 5, -0.1, 1, 2, 0.0005, 0, 1];
    const dst = mapped(h, GRID);
    dst[8] = (dst[8] ?? 0) + 30; // corrupt one point
    const fit = robustHomography(GRID, dst, 0.05);
    expect(fit).not.toBeNull();
    expect(trimmedRms(fit?.errors ?? [], 1)).toBeLessThan(0.5);
  });

  test('degenerate input returns null', () => {
    expect(fitHomography([0, 0, 1, 1], [0, 0, 1, 1])).toBeNull();
  });
});
