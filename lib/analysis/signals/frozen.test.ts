import { describe, expect, test } from 'vitest';
import { syntheticFrames } from '../testing/synthetic-face';
import { detectFrozen } from './frozen';

const moving = (t: number) => ({ yaw: 5 * Math.sin(t), tx: 0.5 * Math.sin(2 * t) });

describe('frozen frames', () => {
  test.each([
    // frozen span (s), expected run count, min run length (ms)
    ['no freeze', undefined, 0, 0],
    ['3 s freeze', [2, 5] as [number, number], 1, 2800],
    ['1 s freeze (under the run length)', [2, 3] as [number, number], 0, 0],
  ] as const)('%s', (_name, frozen, runs, minLen) => {
    const frames = syntheticFrames({
      durationMs: 8000,
      fps: 20,
      motion: moving,
      seed: 2,
      ...(frozen ? { frozen } : {}),
    });
    const found = detectFrozen(frames);
    expect(found).toHaveLength(runs);
    for (const r of found) expect(r.endMs - r.startMs).toBeGreaterThanOrEqual(minLen);
  });

  test('a still live face with sensor noise is not frozen', () => {
    const frames = syntheticFrames({
      durationMs: 6000,
      fps: 20,
      motion: () => ({}),
      noisePx: 0.3,
      seed: 3,
    });
    expect(detectFrozen(frames)).toHaveLength(0);
  });
});
