import { describe, expect, it } from 'vitest';
import { LANDMARK_SUBSET } from '../analysis/types';
import { applyTransform, CHIP_EYES, chipTransform, eyeCentres } from './align';

function ptsWithEyes(l: [number, number], r: [number, number]): number[] {
  const pts = new Array<number>(LANDMARK_SUBSET.length * 2).fill(0);
  const set = (mesh: number, x: number, y: number): void => {
    const i = (LANDMARK_SUBSET as readonly number[]).indexOf(mesh);
    pts[2 * i] = x;
    pts[2 * i + 1] = y;
  };
  set(33, l[0] - 10, l[1]);
  set(133, l[0] + 10, l[1]);
  set(263, r[0] + 10, r[1]);
  set(362, r[0] - 10, r[1]);
  return pts;
}

describe('face chip alignment', () => {
  it('finds the eye centres from the corner landmarks', () => {
    const e = eyeCentres(ptsWithEyes([200, 150], [280, 160]));
    expect(e.left).toEqual({ x: 200, y: 150 });
    expect(e.right).toEqual({ x: 280, y: 160 });
  });

  it('maps both eyes onto the chip template, whatever the tilt and scale', () => {
    for (const [l, r] of [
      [
        { x: 200, y: 150 },
        { x: 280, y: 160 },
      ],
      [
        { x: 300, y: 300 },
        { x: 340, y: 260 },
      ],
    ] as const) {
      const m = chipTransform(l, r);
      const a = applyTransform(m, l);
      const b = applyTransform(m, r);
      expect(a.x).toBeCloseTo(CHIP_EYES.left.x, 6);
      expect(a.y).toBeCloseTo(CHIP_EYES.left.y, 6);
      expect(b.x).toBeCloseTo(CHIP_EYES.right.x, 6);
      expect(b.y).toBeCloseTo(CHIP_EYES.right.y, 6);
      // a similarity: no shear, uniform scale
      expect(m[0]).toBeCloseTo(m[3], 9);
      expect(m[1]).toBeCloseTo(-m[2], 9);
    }
  });

  it('refuses coincident eyes', () => {
    expect(() => chipTransform({ x: 1, y: 1 }, { x: 1, y: 1 })).toThrow(/degenerate/);
  });
});
