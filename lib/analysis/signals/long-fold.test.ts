import { describe, expect, test } from 'vitest';
import { rng } from '../testing/synthetic-face';
import { withThumbs } from '../testing/synthetic-thumbs';
import { genuineSession, retimed } from '../testing/scenarios';
import { analyzeRecording } from '../session';
import type { FrameFeatures } from '../types';
import { FUSION_CONFIG } from '../fusion-config';
import { windowize } from '../session';
import {
  FrameClock,
  LONG_FOLD_SLOTS,
  droppedFramesAt,
  foldSlot,
  foldWindow,
  isDroppedFrameProfile,
  longFoldResult,
  LongFoldStats,
  peakProfile,
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

describe('dropped frames are not repeated frames (fusion config 2026-12-01.9-retimed)', () => {
  const lim = FUSION_CONFIG.cadence.longFold.dropped;

  test.each([
    // [what, profile at the period, dropped-frame profile?]
    ['one pair in 4 spans two source intervals (25 → 20 fps)', [0.9, 0.76, 1.38, 0.97], true],
    ['one pair in 5 spans two intervals (30 → 25 fps)', [0.91, 0.93, 0.89, 1.41, 0.87], true],
    [
      '25 → 30 duplicates: one empty phase, the rest equal',
      [1.08, 0.67, 1.03, 1.11, 1.05, 1.07],
      false,
    ],
    ['25 → 30 at CRF 35 (tune): a shallow empty phase', [1.0, 0.77, 1.06, 1.08, 1.04, 1.06], false],
    ['12 → 60 duplicates: four copies, one full phase', [1.8, 0.74, 0.65, 0.87, 0.94], false],
    ['no structure', [1.02, 0.98, 1.0, 1.01, 0.99], false],
    ['a peak far beyond two intervals of motion', [0.7, 0.7, 0.7, 1.9], false],
  ] as const)('%s', (_what, profile, expected) => {
    expect(isDroppedFrameProfile(profile, lim)).toBe(expected);
  });

  test('periods 2 and 3 have no peak profile: a peak and an empty phase read alike there', () => {
    expect(peakProfile([1.2, 0.8])).toBeNull();
    expect(isDroppedFrameProfile([1.2, 0.8], lim)).toBe(false);
    // a re-timed 25 → 30 replay analysed at 15 fps (tune, async decimation): graded, not a peak
    expect(isDroppedFrameProfile([0.8, 1.0, 1.2], lim)).toBe(false);
  });

  test('a drop period is found from a divisor or multiple of the fold period (p 8 for a drop every 4th)', () => {
    const p4 = [0.9, 0.88, 1.35, 0.87];
    const p8 = [...p4, ...p4].map((x, j) => x + (j === 1 ? -0.12 : 0));
    const profiles: number[][] = [];
    for (let p = 2; p <= 10; p++) profiles.push(p === 4 ? p4 : p === 8 ? p8 : Array(p).fill(1));
    const r = { period: 8, ratio: 0.8, z: 5, samples: 800, byPeriod: [], phases: p8, profiles };
    expect(isDroppedFrameProfile(p8, lim)).toBe(false);
    expect(droppedFramesAt(r, lim)).toBe(4);
    expect(
      droppedFramesAt({ ...r, profiles: profiles.map((x) => x.map(() => 1)) }, lim),
    ).toBeNull();
  });

  test('a live 20 fps camera written as 16 fps (every 5th frame dropped): past the thresholds, no REVIEW', () => {
    // one pair in 4 spans two source intervals, as in 25 → 20 fps; the emptiest-phase test picks p 2
    const src = genuineSession(60_000, { fps: 20, noisePx: 0, seed: 41 });
    const down = reencode(retimed(src, 20, 16), 0.3, 0.15);
    // the emptiest-phase test alone is past its thresholds (what 12-01.8-merged reported as re-timed)
    const st = new LongFoldStats();
    for (const w of windowize(down, null)) if (w.lfold) st.add(w.lfold, w.startMs, w.endMs);
    const r = st.summary();
    const lf = FUSION_CONFIG.cadence.longFold;
    expect(r && r.z >= lf.zReview && r.ratio <= lf.maxRatio).toBe(true);
    expect(r?.period).toBe(2);
    expect(r && droppedFramesAt(r, lf.dropped)).toBe(4);
    const { signal, reason } = foldReason(down);
    expect(signal?.informative).toBe(true);
    expect(signal?.note).toMatch(/frames dropped on a fixed schedule/);
    expect(reason).toBeUndefined();
  });

  test('12 → 30 fps re-timed (three copies in every five frames) stays REVIEW', () => {
    const src = genuineSession(12_500, { fps: 12, noisePx: 0, seed: 43 });
    const { reason } = foldReason(reencode(retimed(src, 12, 30), 0.3, 0.15));
    expect(reason?.severity).toBe('review');
  });
});
