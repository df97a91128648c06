import { describe, expect, test } from 'vitest';
import { fallSpan } from './score-track';

describe('fallSpan', () => {
  test('covers the stretch from the last passing point to the bottom', () => {
    const track: Array<[number, number]> = [
      [1000, 77],
      [2000, 78],
      [3000, 60],
      [4000, 20],
      [5000, 7],
      [6000, 7],
    ];
    expect(fallSpan(track, 70)).toEqual([2000, 5000]);
  });
  test('a score that never falls below the threshold has no band; one low from the start begins at 0', () => {
    expect(
      fallSpan(
        [
          [1000, 80],
          [2000, 90],
        ],
        70,
      ),
    ).toBeNull();
    expect(
      fallSpan(
        [
          [1000, 30],
          [2000, 10],
        ],
        70,
      ),
    ).toEqual([0, 2000]);
  });
});
