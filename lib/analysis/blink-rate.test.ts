import { describe, expect, test } from 'vitest';
import { trailingBlinkRate, type TRateWindow } from './blink-rate';

/** The quadratic definition the report used before: count every event for every window. */
function naive(ws: readonly TRateWindow[], events: readonly number[]) {
  return ws.map((w): [number, number | null] => {
    const from = Math.max(ws[0]?.startMs ?? 0, w.endMs - 30_000);
    const observed = w.endMs - from;
    if (observed < 10_000) return [(w.startMs + w.endMs) / 2, null];
    const n = events.filter((t) => t > from && t <= w.endMs).length;
    return [(w.startMs + w.endMs) / 2, (n * 60_000) / observed];
  });
}

const windows = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ startMs: i * 1000, endMs: i * 1000 + 1000 }));

describe('trailingBlinkRate', () => {
  test.each([
    ['no events', windows(40), []],
    [
      'unsorted events, some on window edges',
      windows(60),
      [5000, 1200, 30_000, 31_000, 45_500, 2000],
    ],
    ['one blink every 3 s', windows(120), Array.from({ length: 40 }, (_, i) => i * 3000 + 500)],
    ['empty session', [], [1000]],
  ])('%s: same figures as the per-window scan', (_name, ws, events) => {
    expect(trailingBlinkRate(ws, events)).toEqual(naive(ws, events));
  });

  test('a six-hour session stays fast enough to plot (linearithmic, not quadratic)', () => {
    const ws = windows(6 * 3600);
    const events = Array.from({ length: (6 * 3600) / 3 }, (_, i) => i * 3000 + 700);
    const rates = trailingBlinkRate(ws, events);
    expect(rates).toHaveLength(ws.length);
    expect(rates[100]?.[1]).toBeCloseTo(20, 5);
  });
});
