import { describe, expect, test } from 'vitest';
import { gaussian, rng, syntheticFrames } from '../testing/synthetic-face';
import { thumbOf, withThumbs } from '../testing/synthetic-thumbs';
import { analyzeRecording } from '../session';
import type { FrameFeatures } from '../types';
import { HeldFrameDetector } from './held';

const DURATION = 12_500;

/** Share of frames the held-frame test calls held. */
function heldShare(frames: readonly FrameFeatures[]): number {
  const d = new HeldFrameDetector();
  return frames.filter((f) => d.push(f).held).length / frames.length;
}

/**
 * One frame held for the whole clip and re-encoded at a low bit rate: the codec's reconstruction
 * wanders slowly around the held picture (per-pixel AR(1) error, ~`wobble` grey levels, and a slow
 * landmark wobble), plus fresh per-frame noise. Its change grows with the lag (so the held-frame
 * test does not see it) but stays at the coding-noise level.
 */
function lowRateFreeze(wobble: number, seed: number): FrameFeatures[] {
  const rand = rng(seed);
  const frames = syntheticFrames({
    durationMs: DURATION,
    fps: 25,
    seed,
    noisePx: 0,
    motion: () => ({}),
    frozen: [0, DURATION / 1000 + 1],
  });
  const a = 0.97;
  const step = wobble * Math.sqrt(1 - a * a);
  const err = new Array<number>(64).fill(0);
  let lx = 0;
  let ly = 0;
  return frames.map((f) => {
    if (!f.face) return f;
    for (let i = 0; i < 64; i++) err[i] = a * (err[i] ?? 0) + step * gaussian(rand);
    lx = a * lx + 0.08 * gaussian(rand);
    ly = a * ly + 0.08 * gaussian(rand);
    const thumb = thumbOf(f).map((v, i) => v + (err[i] ?? 0) + 0.3 * gaussian(rand));
    const pts = f.face.pts.map((v, i) => v + (i % 2 === 0 ? lx : ly) + 0.15 * gaussian(rand));
    return { ...f, face: { ...f.face, thumb, pts, diff: 1 } };
  });
}

/** A still but live person (breathing sway ~0.6°, slow drift, a blink every ~4 s), sensor noise. */
function stillLivePerson(seed: number, blinks = true, sway = 1): FrameFeatures[] {
  const frames = syntheticFrames({
    durationMs: DURATION,
    fps: 25,
    seed,
    noisePx: 0.3,
    motion: (t) => ({
      pitch: sway * (0.6 * Math.sin(2 * Math.PI * 0.25 * t) + 0.05 * t),
      yaw: sway * 0.4 * Math.sin(0.37 * t + 1),
      ty: sway * Math.sin(2 * Math.PI * 0.25 * t),
    }),
    eyeBlink: (t) => (blinks && (t + 0.7) % 4 < 0.2 ? 0.9 : 0.1),
  });
  return withThumbs(frames, { noise: 0.5, seed, diff: 1.2 });
}

const lifeless = (frames: FrameFeatures[]) => {
  const { verdict } = analyzeRecording(frames, null);
  return { verdict, reason: verdict.reasons.find((r) => r.code === 'NO_SIGN_OF_LIFE') };
};

describe('no sign of life (held frame re-encoded at a low bit rate)', () => {
  test.each([1, 1.5])('a low-bit-rate held frame (coding wobble %s grey) is REVIEW', (wobble) => {
    const frames = lowRateFreeze(wobble, 5);
    // the change grows with the lag: the held-frame test misses most of it
    expect(heldShare(frames)).toBeLessThan(0.3);
    const { verdict, reason } = lifeless(frames);
    expect(reason?.severity).toBe('review');
    expect(verdict.label).not.toBe('PASS');
  });

  test('a still live person who blinks is not lifeless', () => {
    const { verdict, reason } = lifeless(stillLivePerson(11));
    expect(reason).toBeUndefined();
    expect(verdict.reasons.find((r) => r.code === 'FROZEN_FEED')).toBeUndefined();
  });

  test('a still live person who breathes (~0.6° sway) is not lifeless even without a blink', () => {
    const { reason } = lifeless(stillLivePerson(11, false, 1));
    expect(reason).toBeUndefined();
  });

  test('limit: a live person almost perfectly still (¼ of a breath) who never blinks is REVIEW, not FAIL', () => {
    const { verdict, reason } = lifeless(stillLivePerson(11, false, 0.25));
    expect(reason?.severity).toBe('review');
    expect(verdict.label).toBe('REVIEW');
  });
});
