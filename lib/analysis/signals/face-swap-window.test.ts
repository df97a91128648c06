import { describe, expect, it } from 'vitest';
import type { FaceTexture, FrameFeatures } from '../types';
import { genuineSession } from '../testing/scenarios';
import { fuseSession, windowize } from '../session';
import {
  flickerPair,
  geometryRatios,
  summarizeFaceTexture,
  summarizeGeometry,
} from './face-swap-window';

const STEADY: FaceTexture = {
  inner: 2.4,
  surround: 1.6,
  innerY: 150,
  surroundY: 90,
  seamNoise: 0.03,
  seamColour: 1,
};

/** Genuine frames with a texture sample every 150 ms, shaped by `tex(i)`. */
function withTexture(frames: FrameFeatures[], tex: (i: number) => FaceTexture): FrameFeatures[] {
  let last = -Infinity;
  let k = 0;
  return frames.map((f) => {
    if (!f.face || f.t - last < 150) return f;
    last = f.t;
    return { ...f, face: { ...f.face, tex: tex(k++) } };
  });
}

describe('flickerPair', () => {
  it.each([
    { name: 'nothing changes', b: STEADY, noise: 0, luma: 0 },
    {
      name: 'exposure moves face and surround alike',
      b: { ...STEADY, innerY: 160, surroundY: 100 },
      noise: 0,
      luma: 0,
    },
    { name: 'inner face alone brightens', b: { ...STEADY, innerY: 156 }, noise: 0, luma: 6 },
    { name: 'inner face alone turns smoother', b: { ...STEADY, inner: 1.2 }, noise: 0.53, luma: 0 },
  ])('$name', ({ b, noise, luma }) => {
    const [n, l] = flickerPair(STEADY, b);
    expect(n).toBeCloseTo(noise, 2);
    expect(l).toBeCloseTo(luma, 5);
  });
});

describe('summarizeFaceTexture', () => {
  it('is null without samples and summarises a steady face', () => {
    const frames = genuineSession(1000);
    expect(summarizeFaceTexture(frames, null)).toBeNull();
    const s = summarizeFaceTexture(
      withTexture(frames, () => STEADY),
      null,
    );
    expect(s?.n).toBeGreaterThanOrEqual(6);
    expect(s?.flicker).toBe(0);
    expect(s?.seamNoise).toBeCloseTo(0.03, 5);
  });
  it('measures a flickering inner face', () => {
    const flick = (i: number): FaceTexture => ({
      ...STEADY,
      inner: i % 2 ? 1 : 2.4,
      innerY: 150 + (i % 2) * 8,
    });
    const s = summarizeFaceTexture(withTexture(genuineSession(1000), flick), null);
    expect(s?.flicker ?? 0).toBeGreaterThan(0.5);
    expect(s?.flickerY ?? 0).toBeCloseTo(8, 5);
  });
});

describe('geometry ratios', () => {
  it('are stable on one synthetic face and null without eyes', () => {
    const g = summarizeGeometry(genuineSession(3000), 15);
    expect(g?.n).toBeGreaterThan(10);
    expect(g?.ratios).toHaveLength(6);
    expect(geometryRatios(new Array(68).fill(0))).toBeNull();
  });
});

describe('fusion of the face-swap signals', () => {
  it('a genuine-like field stays PASS; a smooth, seamed, flickering face is capped at REVIEW', () => {
    const genuine = fuseSession(
      windowize(
        withTexture(genuineSession(20_000), () => STEADY),
        null,
      ),
    );
    expect(genuine.label).toBe('PASS');
    const swap = (i: number): FaceTexture => ({
      inner: 0.3,
      surround: 2.5,
      innerY: 150 + (i % 2) * 6,
      surroundY: 90,
      seamNoise: 0.9,
      seamColour: 9,
    });
    const swapped = fuseSession(windowize(withTexture(genuineSession(20_000), swap), null));
    expect(swapped.label).toBe('REVIEW');
    const codes = swapped.reasons.map((r) => r.code);
    expect(codes).toEqual(
      expect.arrayContaining(['BLEND_SEAM', 'FACE_SMOOTHER_THAN_SURROUND', 'FACE_FLICKER']),
    );
  });
});
