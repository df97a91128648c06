import { describe, expect, test } from 'vitest';
import { ZWindowSignals } from '../schemas/signals';
import { genuineSession } from './testing/scenarios';
import { withThumbs } from './testing/synthetic-thumbs';
import { fuseSession, windowize } from './session';

describe('windows carry the temporal fields, and older windows still fuse', () => {
  const frames = withThumbs(genuineSession(12_000), { noise: 0.6, seed: 4 });
  const windows = windowize(frames, null);

  test('thumbnails align with hashes; cadence counts are present; the schema accepts them', () => {
    for (const w of windows) {
      expect(w.thumbs?.length).toBe(w.hashes.length);
      expect(w.dup?.compared).toBeGreaterThan(0);
      expect(ZWindowSignals.safeParse(w).success).toBe(true);
    }
  });

  test('misaligned thumbnails are rejected', () => {
    const w = windows[3];
    const bad = { ...w, thumbs: w?.thumbs?.slice(1) };
    expect(ZWindowSignals.safeParse(bad).success).toBe(false);
  });

  test('a stored window from before (no thumbs, no dup) parses and fuses the same way', () => {
    const old = windows.map(({ thumbs: _t, dup: _d, ...rest }) => rest);
    for (const w of old) expect(ZWindowSignals.safeParse(w).success).toBe(true);
    expect(fuseSession(old).label).toBe(fuseSession(windows).label);
  });
});
