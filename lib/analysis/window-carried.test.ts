import { describe, expect, test } from 'vitest';
import { photoSession } from './testing/scenarios';
import { withThumbs } from './testing/synthetic-thumbs';
import { windowize } from './session';
import type { FrameFeatures } from './types';

/**
 * The async worker's landmarker at a lower rate marks the frames between landmark frames
 * `face.carried` (their geometry interpolated, their crop cut at extrapolated landmarks). The
 * window builder measures landmark noise, planar pairs and loop hashes on the landmark frames only.
 */
describe('carried frames in the window builder', () => {
  const measured = withThumbs(photoSession(12_000), { noise: 0.6, seed: 5 });
  // every other frame carried: geometry shifted (not measured), crop hash unrelated
  const mixed: FrameFeatures[] = measured.map((f, i) =>
    i % 2 === 1 && f.face
      ? {
          ...f,
          face: {
            ...f.face,
            carried: true,
            pts: f.face.pts.map((v, j) => v + (j % 3) * 0.7),
            hash: 'ffffffffffffffff',
          },
        }
      : f,
  );
  const onlyMeasured = mixed.filter((f) => !f.face?.carried);
  const a = windowize(mixed, null);
  const b = windowize(onlyMeasured, null);

  test('jitter and planar pairs are those of the landmark frames alone', () => {
    expect(a.length).toBe(b.length);
    for (let i = 0; i < a.length; i++) {
      expect(a[i]!.jitter).toBe(b[i]!.jitter);
      expect(a[i]!.planar).toEqual(b[i]!.planar);
    }
    expect(b.some((w) => w.planar.informative > 0)).toBe(true);
  });

  test('loop hashes never come from a carried frame', () => {
    for (const w of a) expect(w.hashes).not.toContain('ffffffffffffffff');
    expect(a.flatMap((w) => w.hashes).length).toBeGreaterThan(0);
  });
});
