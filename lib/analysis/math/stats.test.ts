import { describe, expect, test } from 'vitest';
import { median, quantile, quantileBySort } from './stats';

/** A small deterministic generator (mulberry32), so a failure reproduces. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('quantile by selection equals the sorting reference', () => {
  const r = rng(7);
  const shapes: Record<string, (n: number) => number[]> = {
    uniform: (n) => Array.from({ length: n }, () => r()),
    'many ties': (n) => Array.from({ length: n }, () => Math.floor(r() * 5) / 4),
    ascending: (n) => Array.from({ length: n }, (_, i) => i * 0.5),
    descending: (n) => Array.from({ length: n }, (_, i) => -i),
    constant: (n) => Array.from({ length: n }, () => 3),
    'with infinities': (n) =>
      Array.from({ length: n }, (_, i) =>
        i % 17 === 0 ? Infinity : i % 19 === 0 ? -Infinity : r(),
      ),
    'zeros of both signs': (n) =>
      Array.from({ length: n }, (_, i) => (i % 3 === 0 ? -0 : i % 3 === 1 ? 0 : r())),
    'with NaN': (n) => Array.from({ length: n }, (_, i) => (i === 5 ? NaN : r() - 0.5)),
  };
  for (const [name, make] of Object.entries(shapes))
    test(name, () => {
      for (const n of [0, 1, 2, 63, 64, 65, 100, 1001, 20_000]) {
        const xs = make(n);
        const copy = [...xs];
        for (const q of [0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1, -1, 2])
          expect(Object.is(quantile(xs, q), quantileBySort(xs, q))).toBe(true);
        expect(Object.is(median(xs), quantileBySort(xs, 0.5))).toBe(true);
        expect(xs).toEqual(copy); // the input is not reordered
      }
    });
});
