import { describe, expect, test } from 'vitest';
import { LANDMARK_SUBSET, type FrameFace, type FrameFeatures } from '../analysis/types';
import {
  extrapolateLandmarks,
  eyeDarkness,
  eyeRects,
  inSpans,
  interpolateCarried,
  patchDelta,
} from './carry';

const pt = (x: number, y: number) => ({ x, y, z: 0, visibility: 0 });

function face(x: number, blink: number, carried = false): FrameFace {
  return {
    box: { x, y: 10, w: 100, h: 120 },
    pts: LANDMARK_SUBSET.flatMap((_, i) => [x + i, 10 + i]),
    pose: { yaw: x / 10, pitch: 0, roll: 0 },
    blend: {
      eyeBlinkLeft: blink,
      eyeBlinkRight: blink,
      jawOpen: 0,
      mouthSmileLeft: 0,
      mouthSmileRight: 0,
    },
    skin: { r: 100 + x, g: 80, b: 70 },
    hash: '0123456789abcdef',
    diff: x,
    ...(carried ? { carried: true as const } : {}),
  };
}
const frame = (t: number, f: FrameFace | null): FrameFeatures => ({
  t,
  width: 640,
  height: 480,
  faceCount: f ? 1 : 0,
  face: f,
});

describe('extrapolateLandmarks', () => {
  test('moves the last landmarks on at the velocity since the frame before', () => {
    const out = extrapolateLandmarks([pt(0.1, 0.2)], 0, [pt(0.2, 0.2)], 100, 150);
    expect(out[0]!.x).toBeCloseTo(0.25, 9);
    expect(out[0]!.y).toBeCloseTo(0.2, 9);
  });
  test('without a usable previous frame (none, other count, too old) it carries them as they are', () => {
    const cur = [pt(0.2, 0.3)];
    expect(extrapolateLandmarks(null, 0, cur, 100, 150)[0]!.x).toBe(0.2);
    expect(extrapolateLandmarks([pt(0, 0), pt(1, 1)], 0, cur, 100, 150)[0]!.x).toBe(0.2);
    expect(extrapolateLandmarks([pt(0.1, 0.3)], -1000, cur, 100, 150)[0]!.x).toBe(0.2);
  });
});

describe('eye-change trigger', () => {
  // two 12×6 eyes side by side; an open eye has a dark iris in its centre
  const eyes = (iris: (x: number) => boolean) =>
    Float32Array.from({ length: 144 }, (_, i) => {
      const x = i % 12;
      const y = Math.floor(i / 24);
      return y >= 1 && y <= 4 && iris(x) ? 40 : 160;
    });
  const open = eyes((x) => x >= 4 && x < 8);
  test('patchDelta: a blink changes it, a brightness change or a gaze shift hardly does', () => {
    const closed = new Float32Array(144).fill(150);
    const brighter = open.map((v) => v + 50);
    const glance = eyes((x) => x >= 3 && x < 7);
    expect(patchDelta(open, closed)).toBeGreaterThan(40);
    expect(patchDelta(open, brighter)).toBeCloseTo(0, 6);
    expect(patchDelta(open, glance)).toBeLessThan(patchDelta(open, closed) / 4);
    expect(patchDelta(open, new Float32Array(3))).toBe(Infinity);
  });
  test('eyeDarkness: an open eye is darker in its centre than around it', () => {
    const [l, r] = eyeDarkness(open);
    expect(l).toBeGreaterThan(30);
    expect(r).toBeCloseTo(l, 6);
  });
  test('eyeRects spans both eye corners; none for a degenerate face', () => {
    const lm = Array.from({ length: 478 }, () => pt(0.5, 0.5));
    lm[33] = pt(0.3, 0.4);
    lm[133] = pt(0.4, 0.4);
    lm[263] = pt(0.7, 0.4);
    lm[362] = pt(0.6, 0.4);
    const r = eyeRects(lm, 640, 480)!;
    expect(r).toHaveLength(2);
    expect(r[0]![0]).toBeCloseTo(224 - 0.65 * 64, 6);
    expect(r[0]![2]).toBeCloseTo(1.3 * 64, 6);
    expect(
      eyeRects(
        Array.from({ length: 478 }, () => pt(0.5, 0.5)),
        640,
        480,
      ),
    ).toBeNull();
  });
  test('inSpans is inclusive at both ends', () => {
    const spans = [{ startMs: 1000, endMs: 2000 }];
    expect([999, 1000, 2000, 2001].map((t) => inSpans(t, spans))).toEqual([
      false,
      true,
      true,
      false,
    ]);
  });
});

describe('interpolateCarried', () => {
  test('carried geometry becomes the interpolation by time; pixel fields stay as measured', () => {
    const frames = [frame(0, face(0, 0)), frame(50, face(0, 0, true)), frame(100, face(20, 0.8))];
    frames[1]!.face!.skin = { r: 7, g: 8, b: 9 };
    frames[1]!.face!.diff = 3;
    const out = interpolateCarried(frames);
    const f = out[1]!.face!;
    expect(f.box.x).toBe(10);
    expect(f.pts[0]).toBe(10);
    expect(f.pose.yaw).toBe(1);
    expect(f.blend.eyeBlinkLeft).toBe(0.4);
    expect(f.skin).toEqual({ r: 7, g: 8, b: 9 });
    expect(f.diff).toBe(3);
    expect(f.carried).toBe(true);
    // the input is not modified
    expect(frames[1]!.face!.box.x).toBe(0);
  });
  test('uses real timestamps, not frame counts', () => {
    const out = interpolateCarried([
      frame(0, face(0, 0)),
      frame(20, face(0, 0, true)),
      frame(100, face(50, 0)),
    ]);
    expect(out[1]!.face!.box.x).toBe(10);
  });
  test('no measured frame after it (the end, or the face lost): the carried geometry stays', () => {
    const a = interpolateCarried([frame(0, face(0, 0)), frame(50, face(5, 0, true))]);
    expect(a[1]!.face!.box.x).toBe(5);
    const b = interpolateCarried([
      frame(0, face(0, 0)),
      frame(50, face(5, 0, true)),
      frame(100, null),
      frame(150, face(40, 0)),
    ]);
    expect(b[1]!.face!.box.x).toBe(5);
  });
});
