import { describe, expect, test } from 'vitest';
import { gaussian, rng } from '../testing/synthetic-face';
import { estimatePulse, resampleUniform } from './rppg';

/** Skin RGB with a pulse along the blood-volume direction, slow illumination drift and noise. */
function skin(bpm: number | null, seconds: number, fps: number, jitterMs: number, seed: number) {
  const rand = rng(seed);
  const ts: number[] = [];
  const r: number[] = [];
  const g: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < seconds * fps; i++) {
    const t = (i * 1000) / fps + (rand() - 0.5) * jitterMs;
    const s = t / 1000;
    const pulse = bpm === null ? 0 : Math.sin(2 * Math.PI * (bpm / 60) * s);
    const light = 1 + 0.01 * Math.sin(2 * Math.PI * 0.1 * s);
    ts.push(t);
    r.push(light * (180 + 0.15 * pulse) + 0.15 * gaussian(rand));
    g.push(light * (130 + 0.35 * pulse) + 0.15 * gaussian(rand));
    b.push(light * (110 + 0.25 * pulse) + 0.15 * gaussian(rand));
  }
  return { ts, r, g, b };
}

function uniform(x: ReturnType<typeof skin>, fs: number) {
  const n = Math.floor(((x.ts.at(-1) ?? 0) - (x.ts[0] ?? 0)) / (1000 / fs));
  const pick = (v: number[]) => resampleUniform(x.ts, v, fs, x.ts[0] ?? 0, n).map((y) => y ?? 0);
  return { r: pick(x.r), g: pick(x.g), b: pick(x.b) };
}

describe('rPPG (POS)', () => {
  test.each([
    [72, 15, 0],
    [72, 25, 0],
    [72, 20, 20],
    [55, 20, 10],
    [110, 25, 10],
  ])('recovers %s bpm at %s fps (timing jitter %s ms)', (bpm, fps, jitter) => {
    const est = estimatePulse(uniform(skin(bpm, 12, fps, jitter, 4), 15), 15);
    expect(est.informative).toBe(true);
    expect(est.present).toBe(true);
    expect(Math.abs(est.bpm - bpm)).toBeLessThanOrEqual(5);
  });

  test.each([1, 2, 3])('noise alone gives no pulse (seed %s)', (seed) => {
    const est = estimatePulse(uniform(skin(null, 12, 20, 10, seed), 15), 15);
    expect(est.informative).toBe(true);
    expect(est.present).toBe(false);
  });

  test('under 10 s is uninformative', () => {
    expect(estimatePulse(uniform(skin(72, 6, 20, 0, 1), 15), 15).informative).toBe(false);
  });

  test('resampleUniform interpolates and refuses long gaps', () => {
    expect(resampleUniform([0, 100, 200], [0, 10, 20], 20, 0, 5)).toEqual([0, 5, 10, 15, 20]);
    expect(resampleUniform([0, 600], [0, 10], 10, 0, 3)).toEqual([0, null, null]);
  });
});
