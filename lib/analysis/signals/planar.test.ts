import { describe, expect, test } from 'vitest';
import { syntheticFrames, type Motion } from '../testing/synthetic-face';
import { classifyPair, combineKinds, planarMotion } from './planar';

type MotionFn = (t: number) => Partial<Motion>;

const PLANAR: Array<[string, MotionFn]> = [
  ['translated', (t) => ({ tx: 5 * Math.sin(2 * t), ty: 2 * Math.cos(3 * t) })],
  ['rotated in plane', (t) => ({ roll: 20 * Math.sin(1.5 * t), tx: 1 })],
  ['scaled (moved to and from the camera)', (t) => ({ tz: 15 * Math.sin(2 * t) })],
  [
    'tilted in perspective while panned',
    (t) => ({ yaw: 25 * Math.sin(1.5 * t), pitch: 12 * Math.sin(t), tx: 3 * Math.sin(2.2 * t) }),
  ],
  [
    'handheld shake, all at once',
    (t) => ({
      tx: 2 * Math.sin(7 * t),
      ty: 1.5 * Math.sin(9 * t),
      roll: 4 * Math.sin(5 * t),
      yaw: 8 * Math.sin(3 * t),
      tz: 4 * Math.sin(2 * t),
    }),
  ],
];

const HEAD_3D: Array<[string, MotionFn]> = [
  ['yaw +-30', (t) => ({ yaw: 30 * Math.sin(1.2 * t) })],
  ['pitch +-15', (t) => ({ pitch: 15 * Math.sin(1.5 * t) })],
  [
    'yaw and pitch with drift',
    (t) => ({ yaw: 25 * Math.sin(t), pitch: 10 * Math.sin(0.7 * t), tx: 2 * Math.sin(0.4 * t) }),
  ],
];

describe('planar motion vs 3D rigidity', () => {
  test.each(PLANAR.flatMap(([name, m]) => [0.3, 0.8].map((noise) => [name, noise, m] as const)))(
    'a flat face picture %s (noise %s px) is flagged planar',
    (_name, noisePx, motion) => {
      const { summary } = planarMotion(
        syntheticFrames({ durationMs: 5000, fps: 20, planar: true, motion, noisePx, seed: 7 }),
      );
      expect(summary.informative).toBeGreaterThan(10);
      expect(summary.planarShare).toBeGreaterThanOrEqual(0.8);
      expect(summary.threeDShare).toBeLessThanOrEqual(0.05);
    },
  );

  test.each(HEAD_3D.flatMap(([name, m]) => [0.3, 0.8].map((noise) => [name, noise, m] as const)))(
    'a real head turning (%s, noise %s px) is not planar',
    (_name, noisePx, motion) => {
      const { summary } = planarMotion(
        syntheticFrames({ durationMs: 5000, fps: 20, motion, noisePx, seed: 8 }),
      );
      expect(summary.informative).toBeGreaterThan(5);
      expect(summary.planarShare).toBeLessThanOrEqual(0.15);
      expect(summary.threeDShare).toBeGreaterThanOrEqual(0.6);
    },
  );

  test('no motion is uninformative, not planar', () => {
    const { summary } = planarMotion(
      syntheticFrames({ durationMs: 4000, fps: 20, planar: true, motion: () => ({}), seed: 9 }),
    );
    expect(summary.informative).toBe(0);
  });

  test.each([
    // motion, residual, noise (shares of face size) -> kind
    [0.005, 0.004, 0.004, 'still'],
    [0.1, 0.005, 0.005, 'planar'],
    [0.1, 0.03, 0.005, '3d'],
    [0.1, 0.01, 0.005, 'ambiguous'],
  ] as const)(
    'classifyPair(motion %s, residual %s, noise %s) = %s',
    (motion, residual, noise, kind) => {
      expect(classifyPair(motion, residual, noise)).toBe(kind);
    },
  );

  test.each([
    // landmarks' kind, surround -> pair kind
    ['3d', 'locked', 'planar'],
    ['ambiguous', 'locked', 'planar'],
    ['3d', 'unclear', 'ambiguous'],
    ['3d', 'free', '3d'],
    ['3d', 'still', '3d'],
    ['planar', 'free', 'planar'],
    ['still', 'locked', 'still'],
  ] as const)('combineKinds(%s, surround %s) = %s', (byLandmarks, surround, kind) => {
    expect(combineKinds(byLandmarks, surround)).toBe(kind);
  });
});
