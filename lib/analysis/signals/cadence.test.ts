import { describe, expect, test } from 'vitest';
import { rng, syntheticFrames } from '../testing/synthetic-face';
import { withThumbs } from '../testing/synthetic-thumbs';
import { genuineSession, retimed } from '../testing/scenarios';
import { analyzeRecording } from '../session';
import type { FrameFeatures } from '../types';
import { phaseFold, RepeatTracker, thumbFromHex, thumbHex } from './cadence';

const repeatShare = (frames: readonly FrameFeatures[]): number => {
  const r = new RepeatTracker();
  let n = 0;
  let rep = 0;
  frames.forEach((f, i) => {
    const v = r.push(frames[i - 1] ?? null, f);
    if (v !== null) n++;
    if (v) rep++;
  });
  return rep / Math.max(1, n);
};

describe('frame cadence', () => {
  const live = withThumbs(genuineSession(12_000, { fps: 30 }), { noise: 0.6, seed: 4 });

  test('thumbnails round-trip through hex', () => {
    const t = Array.from({ length: 64 }, (_, i) => i * 4);
    expect(thumbFromHex(thumbHex(t))).toEqual(t);
  });

  test('a live camera repeats no frames', () => {
    expect(repeatShare(live)).toBeLessThan(0.05);
    const { signals, verdict } = analyzeRecording(live, null);
    expect(signals.find((s) => s.signal === 'cadence')?.informative).toBe(true);
    expect(verdict.reasons.find((r) => r.code === 'RETIMED_FRAMES')).toBeUndefined();
  });

  test.each([
    [30, 60, 0.5],
    [25, 30, 1 / 6],
  ])('%s fps re-timed to %s fps repeats %s of frames', (srcFps, outFps, share) => {
    const src = withThumbs(genuineSession(12_000, { fps: srcFps }), { noise: 0.6, seed: 4 });
    expect(repeatShare(retimed(src, srcFps, outFps))).toBeCloseTo(share, 1);
  });

  test('30 → 60 fps re-timed replay is REVIEW evidence, never a FAIL by itself', () => {
    const { verdict } = analyzeRecording(retimed(live, 30, 60), null);
    const r = verdict.reasons.find((x) => x.code === 'RETIMED_FRAMES');
    expect(r?.severity).toBe('review');
    expect(verdict.label).toBe('REVIEW');
  });

  test('a camera that repeats frames irregularly (low light, load) is soft evidence, not REVIEW', () => {
    const rand = rng(8);
    let held: FrameFeatures | null = null;
    const irregular = live.map((f) => {
      // ~27 % of frames repeat, sometimes two or three in a row, at no fixed phase
      held = held && rand() < 0.4 ? held : rand() < 0.4 ? f : null;
      return held?.face ? { ...f, face: held.face } : f;
    });
    expect(repeatShare(irregular)).toBeGreaterThan(0.2);
    const { verdict } = analyzeRecording(irregular, null);
    const r = verdict.reasons.find((x) => x.code === 'RETIMED_FRAMES');
    expect(r?.severity).toBe('soft');
    expect(verdict.label).toBe('PASS');
  });

  test('a repeat re-encoded with a little coding noise still counts; a still face with noise does not', () => {
    const src = withThumbs(genuineSession(6000, { fps: 30 }), { noise: 0.6, seed: 4 });
    const re = withThumbs(retimed(src, 30, 60), { noise: 0.05, seed: 9 });
    expect(repeatShare(re)).toBeGreaterThan(0.4);
    const still = withThumbs(syntheticFrames({ durationMs: 6000, fps: 30, motion: () => ({}) }), {
      noise: 0.6,
      seed: 5,
    });
    expect(repeatShare(still)).toBeLessThan(0.1);
  });

  describe('cadence by phase (re-encoded duplicates)', () => {
    /**
     * A 30 fps recording re-timed to 60 fps and re-encoded: every copy gets its own coding noise on
     * the thumbnail (noise grey levels) and on the landmarks (jitterPx), so no frame repeats exactly.
     */
    const reencoded = (noise: number, jitterPx: number, seed: number): FrameFeatures[] => {
      const src = genuineSession(12_000, { fps: 30, noisePx: 0, seed });
      return withThumbs(retimed(src, 30, 60), { noise, seed: seed + 1, jitterPx });
    };

    test('no exact repeats survive the codec, but one phase in two carries no motion', () => {
      const re = reencoded(0.3, 0.15, 11);
      expect(repeatShare(re)).toBeLessThan(0.2);
      const { verdict } = analyzeRecording(re, null);
      const r = verdict.reasons.find((x) => x.code === 'RETIMED_FRAMES' && x.signal === 'cadence');
      expect(r?.severity).toBe('review');
      expect(r?.text).toMatch(/one frame in every 2 carries no motion/);
      expect(verdict.label).toBe('REVIEW');
    });

    test('a live 60 fps camera with the same noise shows no phase', () => {
      const cam = withThumbs(genuineSession(12_000, { fps: 60, noisePx: 0, seed: 11 }), {
        noise: 0.3,
        seed: 12,
        jitterPx: 0.15,
      });
      const { verdict } = analyzeRecording(cam, null);
      expect(verdict.reasons.find((x) => x.code === 'RETIMED_FRAMES')).toBeUndefined();
      expect(verdict.label).toBe('PASS');
    });

    test('a still live talker at 30 fps under noise shows no phase (noise has no lattice)', () => {
      const still = withThumbs(
        syntheticFrames({ durationMs: 12_000, fps: 30, noisePx: 0.3, motion: () => ({}) }),
        { noise: 0.6, seed: 5, jitterPx: 0.2 },
      );
      const { verdict } = analyzeRecording(still, null);
      expect(verdict.reasons.find((x) => x.code === 'RETIMED_FRAMES')).toBeUndefined();
    });

    test('when coding noise drowns the motion, the phase is gone (documented limit)', () => {
      const re = reencoded(6, 3, 11);
      const { verdict } = analyzeRecording(re, null);
      expect(verdict.reasons.find((x) => x.code === 'RETIMED_FRAMES')).toBeUndefined();
    });

    test('phaseFold finds the period of a motion-free phase and needs enough blocks', () => {
      const r = rng(3);
      const seq = Array.from({ length: 30 }, (_, i) =>
        i % 3 === 1 ? ([0.1 * r(), 0.1 * r()] as const) : ([1 + r(), 1 + r()] as const),
      );
      const f = phaseFold(seq, 6, 6);
      expect(f?.period).toBe(3);
      expect(f?.ratio).toBeLessThan(0.2);
      expect(phaseFold(seq.slice(0, 10), 6, 6)).toBeNull();
      const flat = Array.from({ length: 30 }, () => [1 + r(), 1 + r()] as const);
      expect(phaseFold(flat, 6, 6)?.ratio).toBeGreaterThan(0.45);
    });
  });
});
