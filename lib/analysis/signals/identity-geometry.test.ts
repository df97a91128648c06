import { describe, expect, it } from 'vitest';
import type { GeomWindow } from '../session-face-swap';
import { assessGeometry, geometryDistance } from './identity-geometry';

/** Face A's proportions (face width, jaw, nose, upper face, eye widths over inter-ocular distance). */
const A = [2.3, 1.7, 0.75, 1.2, 0.42, 0.42];
/** Face B: wider jaw, longer nose, narrower eyes (another person). */
const B = [2.5, 1.95, 0.88, 1.05, 0.36, 0.36];

/** Deterministic wobble of +-1.5 % (expressions, landmark noise). */
const wobble = (r: readonly number[], i: number): number[] =>
  r.map((x, k) => x * (1 + 0.015 * Math.sin(i * 1.7 + k)));

function windows(n: number, face: (i: number) => readonly number[], frames = 10): GeomWindow[] {
  return Array.from({ length: n }, (_, i) => ({
    startMs: i * 1000,
    endMs: (i + 1) * 1000,
    geom: { n: frames, ratios: wobble(face(i), i) },
  }));
}

describe('geometryDistance', () => {
  it.each([
    { a: A, b: A, max: 0.001 },
    { a: wobble(A, 3), b: A, max: 0.02 },
    { a: B, b: A, min: 0.1 },
  ])('distance %#', ({ a, b, max, min }) => {
    const d = geometryDistance(a, b);
    if (max !== undefined) expect(d).toBeLessThanOrEqual(max);
    if (min !== undefined) expect(d).toBeGreaterThanOrEqual(min);
  });
});

describe('assessGeometry', () => {
  it.each([
    { name: 'one person throughout', ws: windows(20, () => A), informative: true, severity: null },
    {
      name: 'another face for 8 of 20 s',
      ws: windows(20, (i) => (i >= 6 && i < 14 ? B : A)),
      informative: true,
      severity: 'review',
    },
    {
      name: 'another face for a single second (landmark glitch)',
      ws: windows(20, (i) => (i === 9 ? B : A)),
      informative: true,
      severity: null,
    },
    {
      name: 'too few frontal seconds',
      ws: windows(5, () => A),
      informative: false,
      severity: null,
    },
    {
      name: 'windows with too few frames',
      ws: windows(20, () => A, 1),
      informative: false,
      severity: null,
    },
  ])('$name', ({ ws, informative, severity }) => {
    const a = assessGeometry(ws);
    expect(a.informative).toBe(informative);
    expect(a.finding?.severity ?? null).toBe(severity);
    if (severity === 'review') {
      expect(a.evidence).toBeLessThan(0);
      expect(a.finding?.text).toMatch(/0:06–0:14/);
    } else if (informative) expect(a.evidence).toBeGreaterThanOrEqual(0);
  });
});
