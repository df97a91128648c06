import { describe, expect, test } from 'vitest';
import { evictLeastRecent } from './live-budget';

const map = (...counts: number[]) =>
  new Map(counts.map((count, i) => [`s${i}`, { count }] as [string, { count: number }]));

describe('live-state budget', () => {
  test('drops least recent entries past the entry bound', () => {
    const m = map(1, 1, 1, 1);
    expect(evictLeastRecent(m, 's3', 2, 1000)).toEqual(['s0', 's1']);
    expect([...m.keys()]).toEqual(['s2', 's3']);
  });

  test('drops least recent entries until the windows fit, never the one in use', () => {
    // s0 is the one in use (just created, but first in order here): it stays.
    const m = map(3600, 3600, 600, 60);
    expect(evictLeastRecent(m, 's0', 10, 4300)).toEqual(['s1']);
    expect([...m.keys()]).toEqual(['s0', 's2', 's3']);
    expect(evictLeastRecent(m, 's0', 10, 3600)).toEqual(['s2', 's3']);
    expect(evictLeastRecent(m, 's0', 10, 100)).toEqual([]);
    expect([...m.keys()]).toEqual(['s0']);
  });

  test('within both bounds nothing is dropped', () => {
    const m = map(10, 20, 30);
    expect(evictLeastRecent(m, 's2', 3, 60)).toEqual([]);
    expect(m.size).toBe(3);
  });
});
