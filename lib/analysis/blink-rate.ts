/**
 * Blinks per minute over a trailing span, one value per window: O((windows + events) · log events)
 * (one sort, two binary searches per window) instead of scanning every event for every window.
 */
import type { Span } from './types';

export type TRateWindow = Span;

/** Index of the first element of sorted `xs` greater than `t`. */
function upperBound(xs: readonly number[], t: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if (xs[m]! <= t) lo = m + 1;
    else hi = m;
  }
  return lo;
}

/** Per window: [window middle, blinks/min over (end − span, end]] or null with < minObservedMs of history. */
export function trailingBlinkRate(
  windows: readonly TRateWindow[],
  events: readonly number[],
  spanMs = 30_000,
  minObservedMs = 10_000,
  /** the session's first window start, when `windows` is a later part of it (a slice) */
  firstMs = windows[0]?.startMs ?? 0,
): Array<[number, number | null]> {
  const sorted = Float64Array.from(events).sort();
  const first = firstMs;
  const xs = sorted as unknown as readonly number[];
  return windows.map((w) => {
    const midMs = (w.startMs + w.endMs) / 2;
    const from = Math.max(first, w.endMs - spanMs);
    const observed = w.endMs - from;
    if (observed < minObservedMs) return [midMs, null];
    const n = upperBound(xs, w.endMs) - upperBound(xs, from);
    return [midMs, (n * 60_000) / observed];
  });
}
