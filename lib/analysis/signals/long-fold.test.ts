import { describe, expect, test } from 'vitest';
import { rng } from '../testing/synthetic-face';
import { withThumbs } from '../testing/synthetic-thumbs';
import { genuineSession, retimed } from '../testing/scenarios';
import { analyzeRecording } from '../session';
import type { FrameFeatures } from '../types';
import {
  FrameClock,
  LONG_FOLD_SLOTS,
  foldSlot,
  foldWindow,
  longFoldResult,
  LongFoldStats,
} from './long-fold';

/** Re-encoded copies: fresh coding noise on every output frame's thumbnail and landmarks. */
const reencode = (frames: readonly FrameFeatures[], noise: number, jitterPx: number, seed = 21) =>
  withThumbs(frames, { noise, seed, jitterPx });

const foldReason = (frames: FrameFeatures[]) => {
  const { verdict, signals } = analyzeRecording(frames, null);
  return {
    verdict,
    signal: signals.find((s) => s.signal === 'cadenceFold'),
    reason: verdict.reasons.find((r) => r.signal === 'cadenceFold'),
  };
};

describe('long phase fold (re-timed replay over the whole session)', () => {
  test('slots cover periods 2..10 without overlap', () => {
    const seen = new Set<number>();
    for (let p = 2; p <= 10; p++) for (let j = 0; j < p; j++) seen.add(foldSlot(p, j));
    expect(seen.size).toBe(LONG_FOLD_SLOTS);
    expect(Math.max(...seen)).toBe(LONG_FOLD_SLOTS - 1);
  });

  test('the frame clock keeps the phase across a dropped frame', () => {
    const c = new FrameClock();
    const ks = [0, 33.3, 66.7, 100, 133.3, 200, 233.3].map((t) => c.push(t));
    expect(ks).toEqual([0, 1, 2, 3, 4, 6, 7]);
  });

  test('a motion-free phase of period 6 stands out once many seconds are summed', () => {
    const r = rng(2);
    const stats = new LongFoldStats();
    let k = 0;
    for (let w = 0; w < 12; w++) {
      const samples = Array.from({ length: 30 }, () => {
        const kk = k++;
        return { k: kk, c: kk % 6 === 3 ? 0.4 + 0.6 * r() : 0.5 + r() };
      });
      const sums = foldWindow(samples, 3);
      if (sums) stats.add(sums, w * 1000, w * 1000 + 1000);
    }
    const res = stats.summary();
    expect(res?.period).toBe(6);
    expect(res?.ratio).toBeLessThan(0.95);
    expect(res?.z).toBeGreaterThan(3);
    // the same numbers without a phase: nothing stands out
    const flat = new LongFoldStats();
    for (let w = 0; w < 12; w++) {
      const sums = foldWindow(
        Array.from({ length: 30 }, (_, i) => ({ k: w * 30 + i, c: 0.5 + r() })),
        3,
      );
      if (sums) flat.add(sums, w * 1000, w * 1000 + 1000);
    }
    expect(flat.summary()?.z ?? 0).toBeLessThan(4);
    expect(longFoldResult([], [], 0)).toBeNull();
  });

  test('25 → 30 fps re-timed and re-encoded: REVIEW from the long fold (the 1-s fold cannot see p = 6)', () => {
    const src = genuineSession(12_500, { fps: 25, noisePx: 0, seed: 31 });
    const { verdict, signal, reason } = foldReason(reencode(retimed(src, 25, 30), 0.3, 0.15));
    expect(signal?.informative).toBe(true);
    expect(reason?.severity).toBe('review');
    expect(reason?.text).toMatch(/one frame change in every 6/);
    expect(verdict.label).toBe('REVIEW');
  });

  test('30 → 60 fps re-timed and re-encoded: REVIEW at period 2', () => {
    const src = genuineSession(12_500, { fps: 30, noisePx: 0, seed: 33 });
    const { reason } = foldReason(reencode(retimed(src, 30, 60), 0.3, 0.15));
    expect(reason?.severity).toBe('review');
    expect(reason?.text).toMatch(/one frame change in every (2|4|6|8|10)\b/);
  });

  test('a live 30 fps camera with the same coding noise shows no phase', () => {
    const cam = reencode(genuineSession(12_500, { fps: 30, noisePx: 0, seed: 35 }), 0.3, 0.15);
    const { verdict, signal, reason } = foldReason(cam);
    expect(signal?.informative).toBe(true);
    expect(reason).toBeUndefined();
    expect(verdict.label).toBe('PASS');
  });

  test('a real camera that duplicates frames irregularly (low light, USB load) is not a re-timed file', () => {
    const live = reencode(genuineSession(12_500, { fps: 30, noisePx: 0, seed: 37 }), 0.3, 0.15);
    const rand = rng(8);
    let held: FrameFeatures | null = null;
    const irregular = live.map((f) => {
      // ~27 % of frames repeat, sometimes two or three in a row, at no fixed phase
      held = held && rand() < 0.4 ? held : rand() < 0.4 ? f : null;
      return held?.face ? { ...f, face: held.face } : f;
    });
    const { reason } = foldReason(irregular);
    expect(reason).toBeUndefined();
  });

  test('a still live talker whose camera duplicates frames is neither a loop nor a re-timed file', () => {
    const still = genuineSession(12_500, {
      fps: 30,
      noisePx: 0,
      seed: 39,
      motion: (t) => ({ yaw: 0.6 * Math.sin(0.7 * t), pitch: 0.4 * Math.sin(0.5 * t + 1) }),
    });
    const rand = rng(12);
    let held: FrameFeatures | null = null;
    const dup = reencode(still, 0.5, 0.2).map((f) => {
      held = held && rand() < 0.3 ? held : rand() < 0.3 ? f : null;
      return held?.face ? { ...f, face: held.face } : f;
    });
    const { verdict, reason } = foldReason(dup);
    expect(reason).toBeUndefined();
    expect(
      verdict.reasons.find((r) => r.signal === 'loop' && r.severity === 'hard'),
    ).toBeUndefined();
  });

  test('at the live room rate (~6 fps analysed) the fold is uninformative (documented limit)', () => {
    const src = genuineSession(12_500, { fps: 25, noisePx: 0, seed: 31 });
    const re = reencode(retimed(src, 25, 30), 0.3, 0.15);
    const sampled = re.filter((_, i) => i % 5 === 0);
    const { signal, reason } = foldReason(sampled);
    expect(signal?.informative).toBe(false);
    expect(reason).toBeUndefined();
  });

  test('when coding noise drowns the motion, the phase is gone (documented limit)', () => {
    const src = genuineSession(12_500, { fps: 30, noisePx: 0, seed: 33 });
    const { reason } = foldReason(reencode(retimed(src, 30, 60), 8, 4));
    expect(reason).toBeUndefined();
  });
});
