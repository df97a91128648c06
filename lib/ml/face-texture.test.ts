import { describe, expect, it } from 'vitest';
import { hullRadii, measureFaceTexture } from './face-texture';
import type { Rgba } from './pixels';

/** Deterministic PRNG (mulberry32) and a Gaussian from it. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  const uni = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(uni() + 1e-12)) * Math.cos(2 * Math.PI * uni());
}

const SIZE = 320;
const C: [number, number] = [160, 160];
const RX = 62;
const RY = 80;
const hull: Array<[number, number]> = Array.from({ length: 36 }, (_, i) => {
  const a = (i / 36) * 2 * Math.PI;
  return [C[0] + RX * Math.cos(a), C[1] + RY * Math.sin(a)];
});
const rhoOf = (x: number, y: number): number => Math.hypot((x - C[0]) / RX, (y - C[1]) / RY);

interface FrameOpts {
  seed: number;
  /** camera noise sigma (grey levels) */
  noise: number;
  /** inside the hull: rendered at 1/`down` resolution and upscaled (1 = no swap) */
  down?: number;
  /** inside the hull: colour offset (R, B) of a different person's skin */
  tint?: number;
}

/**
 * A frame with skin (extending beyond the hull: forehead, neck), a darker background, camera
 * noise everywhere; optionally a swapped inner face (smoother and tinted inside the hull).
 */
function frame(o: FrameOpts): Rgba {
  const g = rng(o.seed);
  const rgb = new Float32Array(SIZE * SIZE * 3);
  for (let y = 0; y < SIZE; y++)
    for (let x = 0; x < SIZE; x++) {
      const skin = rhoOf(x, y) < 1.35;
      const base = skin ? [190, 140, 120] : [70, 80, 90];
      for (let k = 0; k < 3; k++) rgb[(y * SIZE + x) * 3 + k] = (base[k] ?? 0) + o.noise * g();
    }
  if (o.down && o.down > 1) {
    const d = o.down;
    const g2 = rng(o.seed + 7);
    for (let y = 0; y < SIZE; y++)
      for (let x = 0; x < SIZE; x++) {
        if (rhoOf(x, y) >= 1) continue;
        // Low-res render: one noise value per d x d cell, bilinear-ish by cell (smooth inside).
        const cell = Math.floor(x / d) * 7919 + Math.floor(y / d);
        const n = o.noise * 0.5 * Math.sin(cell) * 0.3 + 0.2 * g2();
        const tint = o.tint ?? 0;
        const i = (y * SIZE + x) * 3;
        rgb[i] = 190 + tint + n;
        rgb[i + 1] = 140 + n;
        rgb[i + 2] = 120 - tint + n;
      }
  }
  const data = new Uint8ClampedArray(SIZE * SIZE * 4);
  for (let p = 0; p < SIZE * SIZE; p++) {
    for (let k = 0; k < 3; k++) data[p * 4 + k] = Math.round(rgb[p * 3 + k] ?? 0);
    data[p * 4 + 3] = 255;
  }
  return { data, width: SIZE, height: SIZE };
}

describe('hullRadii', () => {
  it('finds the radius of a square around its centre', () => {
    const sq: Array<[number, number]> = [
      [-1, -1],
      [1, -1],
      [1, 1],
      [-1, 1],
    ];
    const r = hullRadii(sq, [0, 0]);
    expect(Math.min(...r)).toBeGreaterThanOrEqual(0.99);
    expect(Math.max(...r)).toBeLessThanOrEqual(Math.SQRT2 + 1e-6);
  });
});

describe('measureFaceTexture', () => {
  const cases = [
    { name: 'genuine, camera noise 3', opts: { seed: 1, noise: 3 }, swap: false },
    { name: 'genuine, camera noise 6', opts: { seed: 2, noise: 6 }, swap: false },
    {
      name: 'swap rendered low-res and tinted',
      opts: { seed: 3, noise: 4, down: 4, tint: 12 },
      swap: true,
    },
    {
      name: 'swap rendered low-res, same tone',
      opts: { seed: 4, noise: 5, down: 3, tint: 0 },
      swap: true,
    },
  ];

  it.each(cases)('$name', ({ opts, swap }) => {
    const t = measureFaceTexture(frame(opts), hull);
    expect(t).not.toBeNull();
    if (!t) return;
    const ratio = (t.inner + 0.5) / (t.surround + 0.5);
    if (swap) {
      // The inner face is much smoother than the camera noise around it, with a step at the hull.
      expect(ratio).toBeLessThan(0.4);
      expect(t.seamNoise ?? 0).toBeGreaterThan(0.7);
    } else {
      // A continuous skin/noise field: no step at the hull beyond the interior ring's.
      expect(ratio).toBeGreaterThan(0.7);
      expect(Math.abs(t.seamNoise ?? 1)).toBeLessThan(0.2);
      expect(Math.abs(t.seamColour ?? 99)).toBeLessThan(3);
    }
  });

  it('reports the colour step of a tinted swap', () => {
    const t = measureFaceTexture(frame({ seed: 5, noise: 4, down: 4, tint: 15 }), hull);
    expect(t?.seamColour ?? 0).toBeGreaterThan(8);
  });

  it('returns null for a face too small to have an inner region', () => {
    const tiny: Array<[number, number]> = hull.map(([x, y]) => [
      160 + (x - 160) / 8,
      160 + (y - 160) / 8,
    ]);
    expect(measureFaceTexture(frame({ seed: 6, noise: 3 }), tiny)).toBeNull();
  });
});
