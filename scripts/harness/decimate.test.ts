import { describe, expect, test } from 'vitest';
import { decimate } from './analyze-file';

const at = (fps: number, n: number) => Array.from({ length: n }, (_, i) => (i * 1000) / fps);

describe('decimate', () => {
  test.each([
    // [source fps, max fps, kept frames of 1 s + 1 frame]
    [30, 15, 16],
    [30, 60, 31],
    [25, 15, 13], // every other frame: 12.5 fps (never more than the limit),
    [15, 15, 16],
    [12, 15, 13],
  ])('%i fps at most %i fps keeps %i frames', (src, max, kept) => {
    expect(decimate(at(src, src + 1), max)).toHaveLength(kept);
  });

  test('keeps every frame without a limit, and always the first', () => {
    expect(decimate(at(30, 10), undefined)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(decimate([0, 5, 10], 1)).toEqual([0]);
  });
});
