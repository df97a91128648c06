/** Reading a running score track (pure). */

/**
 * Where the score fell: from the last point at or above `passAt` before the first drop below it
 * (or the start) to the first point where the score reached its lowest value after that.
 */
export function fallSpan(
  track: ReadonlyArray<[number, number]>,
  passAt: number,
): [number, number] | null {
  const firstLow = track.findIndex(([, v]) => v < passAt);
  if (firstLow < 0) return null;
  const from = firstLow > 0 ? track[firstLow - 1]![0] : 0;
  const rest = track.slice(firstLow);
  const min = Math.min(...rest.map(([, v]) => v));
  const to = rest.find(([, v]) => v === min)![0];
  return [from, Math.max(to, from + 500)];
}
