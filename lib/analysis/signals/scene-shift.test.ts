import { describe, expect, test } from 'vitest';
import { rng } from '../testing/synthetic-face';
import { sceneOf } from '../testing/synthetic-thumbs';
import type { FrameFeatures } from '../types';
import { sceneShift } from './scene-shift';

const W = 640;
const H = 480;
const face = {
  box: { x: 250, y: 120, w: 140, h: 170 },
  pts: [],
  pose: { yaw: 0, pitch: 0, roll: 0 },
  blend: { eyeBlinkLeft: 0, eyeBlinkRight: 0, jawOpen: 0, mouthSmileLeft: 0, mouthSmileRight: 0 },
  skin: { r: 0, g: 0, b: 0 },
  hash: '0000000000000000',
  diff: null,
};
const frame = (scene: number[]): FrameFeatures => ({
  t: 0,
  width: W,
  height: H,
  faceCount: 1,
  face,
  scene,
});

describe('background shift from the scene thumbnail', () => {
  test.each([
    [0.3, -0.2],
    [1.2, 0.8],
    [-2, 1.5],
  ])('recovers a whole-frame shift of (%s, %s) px under cell noise', (dx, dy) => {
    const rand = rng(3);
    const s = sceneShift(
      frame(sceneOf(W, H, 0, 0, 0.3, rand)),
      frame(sceneOf(W, H, dx, dy, 0.3, rand)),
    );
    expect(s).not.toBeNull();
    expect(Math.abs((s?.dx ?? 0) - dx)).toBeLessThan(0.2 + 0.15 * Math.abs(dx));
    expect(Math.abs((s?.dy ?? 0) - dy)).toBeLessThan(0.2 + 0.15 * Math.abs(dy));
  });

  test('what moves inside the face box and below it (the person) does not count', () => {
    const rand = rng(4);
    const a = sceneOf(W, H, 0, 0, 0.3, rand);
    // Paint a big change over the face, hair and everything below the chin only.
    const b = a.map((v, k) => {
      const x = ((k % 24) + 0.5) * (W / 24);
      const y = (Math.floor(k / 24) + 0.5) * (H / 24);
      const person = (x > 230 && x < 410 && y > 75) || y > 300;
      return person ? v + 40 * Math.sin(k) : v;
    });
    const s = sceneShift(frame(a), frame(b));
    expect(Math.hypot(s?.dx ?? 9, s?.dy ?? 9)).toBeLessThan(0.2);
  });

  test('limit: a featureless background gives no shift (null), nor do missing thumbnails', () => {
    const rand = rng(5);
    const flat = () => Array.from({ length: 24 * 24 }, () => 128 + 0.3 * (rand() - 0.5));
    expect(sceneShift(frame(flat()), frame(flat()))).toBeNull();
    expect(sceneShift({ ...frame([]), scene: undefined }, frame(flat()))).toBeNull();
  });
});
