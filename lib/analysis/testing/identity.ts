import type { FrameFeatures } from '../types';
import type { IdentitySample } from '../identity';
import { gaussian, rng } from './synthetic-face';
import { genuineSession } from './scenarios';

/**
 * Synthetic face descriptors for tests: a person is a random unit vector, a frame is that vector
 * plus noise (expected distance ~0.3, as measured for the same person on real faces; different
 * people are ~1.4 apart here, farther than the ~0.8 measured, which the tests do not rely on).
 */
export function person(seed: number): number[] {
  const r = rng(seed);
  const v = Array.from({ length: 128 }, () => gaussian(r));
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

export function noisy(p: readonly number[], r: () => number): number[] {
  return p.map((x) => Math.round((x + gaussian(r) * (0.3 / Math.sqrt(128))) * 1e4) / 1e4);
}

/** One descriptor per second: `parts` are [person, fromSec, toSec). */
export function identitySamples(
  parts: [readonly number[], number, number][],
  seed = 7,
): IdentitySample[] {
  const r = rng(seed);
  return parts.flatMap(([p, fromS, toS]) =>
    Array.from({ length: toS - fromS }, (_, i) => ({ t: (fromS + i) * 1000, e: noisy(p, r) })),
  );
}

/** A genuine synthetic session whose frames carry descriptors once a second, as the worker does. */
export function identityFrames(
  parts: [readonly number[], number, number][],
  seed = 7,
): FrameFeatures[] {
  const end = Math.max(...parts.map((p) => p[2]));
  const samples = identitySamples(parts, seed);
  let next = 0;
  return genuineSession(end * 1000).map((f) => {
    const s = samples[next];
    if (!f.face || !s || f.t < s.t) return f;
    next++;
    return { ...f, face: { ...f.face, identity: [...s.e] } };
  });
}
