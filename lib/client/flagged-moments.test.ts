import { describe, expect, test } from 'vitest';
import type { TVerdictReason } from '@/lib/schemas/signals';
import { FlaggedMomentTracker } from './flagged-moments';

const reason = (
  code: string,
  severity: TVerdictReason['severity'],
  startMs: number,
  endMs: number,
  signal: TVerdictReason['signal'] = 'planar',
): TVerdictReason => ({
  code,
  signal,
  text: code,
  impact: -10,
  cap: severity === 'soft' ? null : 15,
  hard: severity === 'hard',
  severity,
  startMs,
  endMs,
});

describe('FlaggedMomentTracker', () => {
  test('a hard or review rule is a moment the first time it is raised, not while it lasts', () => {
    const t = new FlaggedMomentTracker();
    expect(t.next([reason('PLANAR_MOTION', 'hard', 1000, 4000)])).toEqual([
      { code: 'PLANAR_MOTION', severity: 'hard', startMs: 1000, endMs: 4000 },
    ]);
    expect(t.next([reason('PLANAR_MOTION', 'hard', 1000, 5000)])).toEqual([]);
    expect(t.next([reason('PLANAR_MOTION', 'hard', 1000, 6000)])).toEqual([]);
  });

  test('soft evidence and challenge outcomes never raise a moment', () => {
    const t = new FlaggedMomentTracker();
    expect(
      t.next([
        reason('NO_BLINK', 'soft', 0, 9000),
        reason('CHALLENGE_FAILED', 'hard', 0, 9000, 'challenge'),
      ]),
    ).toEqual([]);
  });

  test('a later, separate stretch of the same rule is a new moment, up to the per-rule cap', () => {
    const t = new FlaggedMomentTracker(2, 40);
    expect(t.next([reason('REPLAY_LOOP', 'hard', 1000, 3000)])).toHaveLength(1);
    expect(t.next([reason('REPLAY_LOOP', 'hard', 4000, 6000)])).toHaveLength(0); // within the gap
    expect(t.next([reason('REPLAY_LOOP', 'hard', 20_000, 22_000)])).toHaveLength(1);
    expect(t.next([reason('REPLAY_LOOP', 'hard', 40_000, 42_000)])).toHaveLength(0); // cap
  });

  test('the total cap holds across rules', () => {
    const t = new FlaggedMomentTracker(3, 2);
    const got = t.next([
      reason('PLANAR_MOTION', 'hard', 0, 1000),
      reason('REPLAY_LOOP', 'hard', 0, 1000),
      reason('MULTIPLE_FACES', 'review', 0, 1000),
    ]);
    expect(got.map((m) => m.code)).toEqual(['PLANAR_MOTION', 'REPLAY_LOOP']);
  });
});
