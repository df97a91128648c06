import { describe, expect, test } from 'vitest';
import { syntheticFrames } from '../testing/synthetic-face';
import { withThumbs } from '../testing/synthetic-thumbs';
import { analyzeRecording } from '../session';
import type { FrameFeatures } from '../types';
import { detectFrozen } from './frozen';
import { HeldFrameDetector } from './held';

/** Longest stretch (ms) the detector calls held. */
function longestHeld(frames: readonly FrameFeatures[]): number {
  const d = new HeldFrameDetector();
  let start: number | null = null;
  let best = 0;
  for (const f of frames) {
    if (d.push(f).held) {
      start ??= f.t;
      best = Math.max(best, f.t - start);
    } else start = null;
  }
  return best;
}

/** One frame held from 1 s to 9 s, re-noised every frame (pixels and landmarks), as a virtual camera shows it. */
function noisyFreeze(noise: number, seed: number): FrameFeatures[] {
  const frames = syntheticFrames({
    durationMs: 10_000,
    fps: 25,
    seed,
    noisePx: 0,
    motion: (t) => ({ yaw: 6 * Math.sin(1.1 * t), pitch: 3 * Math.sin(0.7 * t) }),
    jawOpen: (t) => 0.1 + 0.2 * Math.abs(Math.sin(3 * t)),
    frozen: [1, 9],
  });
  return withThumbs(frames, { noise, seed, jitterPx: 0.3, diff: 1.2 });
}

/**
 * A still but live person for 10 s: breathing (0.25 Hz, ~0.6° of pitch and 1 px of sway), slow
 * postural drift, a blink every ~4 s, speaking a little, sensor noise on pixels and landmarks.
 */
function stillLivePerson(noise: number, seed: number): FrameFeatures[] {
  const frames = syntheticFrames({
    durationMs: 10_000,
    fps: 25,
    seed,
    noisePx: 0.3,
    motion: (t) => ({
      pitch: 0.6 * Math.sin(2 * Math.PI * 0.25 * t) + 0.05 * t,
      yaw: 0.4 * Math.sin(0.37 * t + 1),
      ty: 1 * Math.sin(2 * Math.PI * 0.25 * t),
    }),
    eyeBlink: (t) => ((t + 0.7) % 4 < 0.2 ? 0.9 : 0.1),
  });
  return withThumbs(frames, { noise, seed, diff: 1.2 });
}

describe('held frame under fresh noise', () => {
  test.each([0.5, 2, 4])('a frame held 8 s with noise %s is frozen (hard)', (noise) => {
    const frames = noisyFreeze(noise, 7);
    // Pixel equality never holds: the old still-frame test alone sees nothing.
    expect(frames.every((f) => f.face?.diff !== 0)).toBe(true);
    expect(longestHeld(frames)).toBeGreaterThan(6000);
    const runs = detectFrozen(frames);
    expect(runs.length).toBe(0);
    const { verdict } = analyzeRecording(frames, null);
    const frozen = verdict.reasons.find((r) => r.code === 'FROZEN_FEED');
    expect(frozen?.severity).toBe('hard');
    expect(verdict.label).toBe('FAIL');
  });

  test.each([0.5, 2])('a still live person for 10 s (noise %s) is not frozen', (noise) => {
    const frames = stillLivePerson(noise, 11);
    expect(longestHeld(frames)).toBeLessThan(1500);
    const { verdict } = analyzeRecording(frames, null);
    expect(verdict.reasons.find((r) => r.code === 'FROZEN_FEED')).toBeUndefined();
  });

  test('a moving face is never held', () => {
    const frames = withThumbs(
      syntheticFrames({
        durationMs: 6000,
        fps: 25,
        seed: 2,
        motion: (t) => ({ yaw: 10 * Math.sin(t) }),
      }),
      { noise: 1, seed: 2 },
    );
    expect(longestHeld(frames)).toBe(0);
  });

  test('frames without thumbnails (older features) are never held', () => {
    const frames = syntheticFrames({ durationMs: 4000, fps: 25, seed: 2, motion: () => ({}) });
    expect(longestHeld(frames)).toBe(0);
  });
});
