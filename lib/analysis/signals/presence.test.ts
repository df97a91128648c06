import { describe, expect, test } from 'vitest';
import type { FrameFeatures } from '../types';
import { syntheticFrames } from '../testing/synthetic-face';
import { facePresence } from './presence';

function withCounts(counts: number[]): FrameFeatures[] {
  const base = syntheticFrames({
    durationMs: (counts.length * 1000) / 20,
    fps: 20,
    motion: () => ({}),
  });
  return base.map((f, i) => {
    const c = counts[i] ?? 1;
    return { ...f, faceCount: c, face: c > 0 ? f.face : null };
  });
}

describe('face presence and count changes', () => {
  test.each<[string, number[], number, number, number, Array<[number, number]>]>([
    ['always one face', Array(40).fill(1), 40, 0, 0, []],
    [
      'a single missed detection is not a change',
      [...Array(10).fill(1), 0, ...Array(10).fill(1)],
      20,
      1,
      0,
      [],
    ],
    ['a second person appears', [...Array(10).fill(1), ...Array(10).fill(2)], 10, 0, 10, [[1, 2]]],
    [
      'the face disappears and returns',
      [...Array(10).fill(1), ...Array(10).fill(0), ...Array(10).fill(1)],
      20,
      10,
      0,
      [
        [1, 0],
        [0, 1],
      ],
    ],
  ])('%s', (_name, counts, one, none, multi, changes) => {
    const s = facePresence(withCounts(counts));
    expect([s.one, s.none, s.multi]).toEqual([one, none, multi]);
    expect(s.changes.map((c) => [c.from, c.to])).toEqual(changes);
  });
});
