import { describe, expect, it } from 'vitest';
import { FUSION_CONFIG } from '../fusion-config';
import { gaussian, rng } from '../testing/synthetic-face';
import {
  DisplayGridStats,
  GRID_PEAK_DEFAULTS,
  GRID_PEAK_SMALL,
  assessDisplayGrid,
  blurSquare,
  gridPeak,
  type GridPeakOptions,
} from './display-grid';
import { cheekPatches } from '../../ml/display-grid-sampler';

const N = GRID_PEAK_DEFAULTS.n;
const PEAK_MIN = FUSION_CONFIG.displayGrid.peakMin;
const SKIN = [1.0, 0.78, 0.66] as const;

/** Smooth face-like shading (grey levels) with band-limited skin texture; per channel via SKIN. */
function skinField(seed: number, textureAmp = 5, n = N): Float64Array {
  const r = rng(seed);
  const noise = Float64Array.from({ length: n * n }, () => gaussian(r));
  const tex = blurSquare(noise, n, 1.5);
  const [a, b, c] = [r() * 6, r() * 6, r() * 6];
  const out = new Float64Array(n * n);
  for (let y = 0; y < n; y++)
    for (let x = 0; x < n; x++)
      out[y * n + x] =
        150 + 25 * Math.sin(x / 17 + a) + 18 * Math.cos(y / 23 + b) + 0.3 * (x - y) * Math.cos(c);
  for (let i = 0; i < n * n; i++) out[i] = out[i]! + textureAmp * 4 * tex[i]!;
  return out;
}

/** One period of a 1-D profile (R samples), low-passed by `mtf(f)` (f in cycles per period). */
function prefilter(profile: number[], mtf: (f: number) => number): number[] {
  const R = profile.length;
  return profile.map((_, j) => {
    let v = 0;
    for (let k = -R / 2 + 1; k < R / 2; k++) {
      let re = 0;
      let im = 0;
      profile.forEach((p, i) => {
        re += p * Math.cos((2 * Math.PI * k * i) / R);
        im -= p * Math.sin((2 * Math.PI * k * i) / R);
      });
      const a = (2 * Math.PI * k * j) / R;
      v += (mtf(k) * (re * Math.cos(a) - im * Math.sin(a))) / R;
    }
    return v;
  });
}

/**
 * An RGB-stripe panel (sub-pixels `fillX` of their third wide, rows `fillY` of the pixel high) at
 * `pitch` camera pixels per display pixel, tilted by `rollDeg`: each channel's emission low-passed
 * by the lens (Gaussian, `optics` camera px) and by each camera pixel's area (a box) BEFORE the
 * camera samples it at its pixel centres (so fine grids alias into moiré, as on a sensor). Per-
 * channel gain images with mean 1. Separable approximation (the roll is small).
 */
function panelGain(pitch: number, rollDeg = 2, optics = 0.45, fillX = 0.8, fillY = 0.85, n = N) {
  const R = 48;
  const sinc = (x: number) => (x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x));
  const mtf = (f: number) =>
    sinc(f / pitch) * Math.exp(-2 * Math.PI ** 2 * (optics / pitch) ** 2 * f * f);
  const at = (i: number) => (i + 0.5) / R;
  const rows = prefilter(
    Array.from({ length: R }, (_, i) => (Math.abs(at(i) - 0.5) < fillY / 2 ? 1 : 0)),
    mtf,
  );
  const stripes = [0, 1, 2].map((c) =>
    prefilter(
      Array.from({ length: R }, (_, i) =>
        Math.abs(((at(i) - (c + 0.5) / 3 + 1.5) % 1) - 0.5) < fillX / 6 ? 1 : 0,
      ),
      mtf,
    ),
  );
  const look = (prof: number[], t: number) => {
    const x = (t - Math.floor(t)) * R - 0.5;
    const i = Math.floor(x);
    const w = x - i;
    return prof[(i + R) % R]! * (1 - w) + prof[(i + 1) % R]! * w;
  };
  const th = (rollDeg * Math.PI) / 180;
  const gains = stripes.map((st) => {
    const g = new Float64Array(n * n);
    for (let y = 0; y < n; y++)
      for (let x = 0; x < n; x++) {
        const u = ((x + 0.5) * Math.cos(th) + (y + 0.5) * Math.sin(th)) / pitch;
        const v = (-(x + 0.5) * Math.sin(th) + (y + 0.5) * Math.cos(th)) / pitch;
        g[y * n + x] = Math.max(0, look(st, u) * look(rows, v));
      }
    const mean = g.reduce((s, v) => s + v, 0) / (n * n);
    return g.map((v) => v / mean);
  });
  return gains;
}

/** RGBA patch from a grey field, per-channel gains (or none) and sensor noise. */
function rgba(
  field: Float64Array,
  seed: number,
  gains?: Float64Array[],
  noise = 2,
): Uint8ClampedArray {
  const n = Math.round(Math.sqrt(field.length));
  const r = rng(seed * 7919 + 1);
  const out = new Uint8ClampedArray(n * n * 4);
  for (let i = 0; i < n * n; i++) {
    const common = noise * gaussian(r);
    for (let c = 0; c < 3; c++) {
      const v = field[i]! * SKIN[c]! * (gains ? gains[c]![i]! : 1);
      out[i * 4 + c] = Math.round(v + common + 0.35 * noise * gaussian(r));
    }
    out[i * 4 + 3] = 255;
  }
  return out;
}

const peakOf = (opts: GridPeakOptions, p: Uint8ClampedArray): number =>
  gridPeak(p, opts)?.ratio ?? -Infinity;

const SIZES = [
  ['64 x 64', GRID_PEAK_DEFAULTS],
  ['32 x 32 (small faces)', GRID_PEAK_SMALL],
] as const;

describe.each(SIZES)('gridPeak %s: a filmed display grid', (_size, O) => {
  const n = O.n;
  it.each([1.37, 1.74, 2.6, 3.3])(
    'finds the grid of a panel at %f camera px per display pixel (non-integer pitch)',
    (pitch) => {
      const gains = panelGain(pitch, 2, 0.45, 0.8, 0.85, n);
      // 1.74 px aliases to 0.425 cycles/px: 2.4 bins from Nyquist in a 32-px patch, where the ring
      // (3 bins) meets the mirror image of the cross term: still a hit, with a small margin.
      const margin = n === 32 && pitch === 1.74 ? 0 : 0.3;
      for (let seed = 1; seed <= 5; seed++)
        expect(peakOf(O, rgba(skinField(seed, 5, n), seed, gains))).toBeGreaterThanOrEqual(
          PEAK_MIN + margin,
        );
    },
  );

  it('limit: a grid at Nyquist (2.04 px: 0.49 cycles/px) meets its own mirror on the ring', () => {
    const gains = panelGain(2.04, 2, 0.45, 0.8, 0.85, n);
    const peaks = [1, 2, 3, 4, 5].map((seed) =>
      peakOf(O, rgba(skinField(seed, 5, n), seed, gains)),
    );
    expect(Math.min(...peaks)).toBeLessThan(PEAK_MIN);
  });

  it('finds the moiré of a grid finer than the camera (0.85 px, sharp lens: alias 0.18 cycles/px)', () => {
    const gains = panelGain(0.85, 1, 0.2, 0.8, 0.85, n);
    for (let seed = 1; seed <= 5; seed++)
      expect(peakOf(O, rgba(skinField(seed, 5, n), seed, gains))).toBeGreaterThanOrEqual(PEAK_MIN);
  });

  it('reports the grid frequency (pitch 3.3 px: fundamental near 0.30 cycles/px, or a harmonic)', () => {
    const g = gridPeak(rgba(skinField(3, 5, n), 3, panelGain(3.3, 0, 0.45, 0.8, 0.85, n)), O);
    expect(g).not.toBeNull();
    const f = Math.hypot(g!.fx, g!.fy);
    const harmonics = [1, 2, 3].map((k) => Math.abs(((k / 3.3 + 0.5) % 1) - 0.5));
    expect(Math.min(...harmonics.map((h) => Math.abs(h - f)))).toBeLessThan(2 / n);
  });

  it('limit: moiré coarser than ~10 px (0.93 px pitch: alias 0.075 cycles/px) is content band', () => {
    const gains = panelGain(0.93, 1, 0.2, 0.8, 0.85, n);
    for (let seed = 1; seed <= 5; seed++)
      expect(peakOf(O, rgba(skinField(seed, 5, n), seed, gains))).toBeLessThan(PEAK_MIN);
  });

  it('limit: a high-density panel (0.6 px) through an ordinary lens leaves no peak', () => {
    const gains = panelGain(0.6, 2, 0.5, 0.8, 0.85, n);
    for (let seed = 1; seed <= 5; seed++)
      expect(peakOf(O, rgba(skinField(seed, 5, n), seed, gains))).toBeLessThan(PEAK_MIN);
  });
});

describe.each(SIZES)('gridPeak %s: what must not read as a grid', (_size, O) => {
  const n = O.n;
  it('skin texture with sensor noise: no isolated peak in 60 patches', () => {
    const peaks = Array.from({ length: 60 }, (_, i) =>
      peakOf(O, rgba(skinField(100 + i, 5, n), 100 + i)),
    );
    expect(Math.max(...peaks)).toBeLessThan(PEAK_MIN);
  });

  it.each([
    ['8x8 (JPEG/MJPEG, H.264 8x8)', 8],
    ['4x4 (H.264 4x4)', 4],
  ])('codec blocking %s at any alignment is skipped', (_name, block) => {
    for (let seed = 1; seed <= 12; seed++) {
      const f = skinField(200 + seed, 8, n);
      const off = seed % block;
      const q = new Float64Array(n * n);
      // coarse quantisation: each block keeps its mean and 30% of its detail (strong block edges)
      for (let by = -off; by < n; by += block)
        for (let bx = -off; bx < n; bx += block) {
          let s = 0;
          let k = 0;
          for (let y = Math.max(0, by); y < Math.min(n, by + block); y++)
            for (let x = Math.max(0, bx); x < Math.min(n, bx + block); x++)
              [s, k] = [s + f[y * n + x]!, k + 1];
          for (let y = Math.max(0, by); y < Math.min(n, by + block); y++)
            for (let x = Math.max(0, bx); x < Math.min(n, bx + block); x++)
              q[y * n + x] = Math.round((s / k + 0.3 * (f[y * n + x]! - s / k)) / 4) * 4;
        }
      expect(peakOf(O, rgba(q, seed, undefined, 0.5))).toBeLessThan(PEAK_MIN);
    }
  });

  it('a straight dark edge (a bezel or a collar) across the patch', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const f = skinField(300 + seed, 5, n);
      const slope = 0.1 * seed - 0.5;
      for (let y = 0; y < n; y++)
        for (let x = 0; x < n; x++) if (x > 0.625 * n + slope * (y - n / 2)) f[y * n + x] = 20;
      expect(peakOf(O, rgba(f, seed))).toBeLessThan(PEAK_MIN);
    }
  });

  it('the pure statistic does see a striped shirt filling the patch: the sampler keeps it to the cheeks', () => {
    const f = skinField(400, 5, n);
    for (let y = 0; y < n; y++)
      for (let x = 0; x < n; x++)
        f[y * n + x] = f[y * n + x]! * (1 + 0.3 * Math.sign(Math.sin((2 * Math.PI * x) / 6.3)));
    expect(peakOf(O, rgba(f, 1))).toBeGreaterThanOrEqual(PEAK_MIN);
  });

  it('a venetian blind behind a small face, in the outer fifth of a cheek patch: not a hit', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const f = skinField(500 + seed, 5, n);
      const period = 5 + seed * 0.37;
      for (let y = 0; y < n; y++)
        for (let x = Math.round(0.8125 * n); x < n; x++)
          f[y * n + x] = 120 + 60 * Math.sign(Math.sin((2 * Math.PI * y) / period));
      expect(peakOf(O, rgba(f, seed))).toBeLessThan(PEAK_MIN);
    }
  });

  it('a flat patch says nothing', () => {
    expect(gridPeak(rgba(new Float64Array(n * n).fill(128), 1, undefined, 0), O)).toBeNull();
  });
});

describe('cheekPatches', () => {
  const box = (w: number) => ({ x: 200, y: 100, w, h: w * 1.2 });
  it('places one 64-px patch per cheek on faces from 96 px, centred on it and inside the frame', () => {
    const ps = cheekPatches(
      [
        [240, 200],
        [300, 200],
      ],
      box(120),
      640,
      480,
    );
    expect(ps?.opts.n).toBe(64);
    expect(ps?.at).toEqual([
      [208, 168],
      [268, 168],
    ]);
    expect(cheekPatches([[5, 470]], box(120), 640, 480)?.at).toEqual([[0, 416]]);
  });
  it('uses a 32-px patch on faces 48–95 px wide (the same share of the face)', () => {
    const ps = cheekPatches([[240, 200]], box(90), 640, 480);
    expect(ps?.opts).toBe(GRID_PEAK_SMALL);
    expect(ps?.at).toEqual([[224, 184]]);
    expect(cheekPatches([[240, 200]], box(48), 640, 480)?.opts.n).toBe(32);
  });
  it('skips faces too small for even the 32-px patch to stay mostly on the face', () => {
    expect(cheekPatches([[240, 200]], box(47), 640, 480)).toBeNull();
  });
});

describe('assessDisplayGrid', () => {
  function stats(n: number, hits: number): DisplayGridStats {
    const s = new DisplayGridStats();
    const p = Array.from({ length: n }, (_, i) => (i < hits ? 1.8 : 0.5));
    const f = p.map((): [number, number] => [0.3, 0.02]);
    for (let i = 0; i < n; i += 6)
      s.add(i * 150, (i + 6) * 150, { p: p.slice(i, i + 6), f: f.slice(i, i + 6) });
    return s;
  }
  const cfg = FUSION_CONFIG.displayGrid;

  it('too few samples: uninformative', () => {
    expect(assessDisplayGrid(stats(cfg.minSamples - 6, 10)).informative).toBe(false);
  });
  it('no grid on a live face: uninformative (absence is not evidence of life)', () => {
    const a = assessDisplayGrid(stats(120, 0));
    expect(a.informative).toBe(false);
    expect(a.evidence).toBe(0);
  });
  it('a grid in most samples: a REVIEW finding, never a hard one', () => {
    const a = assessDisplayGrid(stats(120, 100));
    expect(a.informative).toBe(true);
    expect(a.evidence).toBe(-1);
    expect(a.finding?.severity).toBe('review');
    expect(a.finding?.code).toBe('DISPLAY_GRID');
    expect(a.finding?.text).toMatch(/screen/);
  });
  it('a grid in a minority of samples between the soft and review shares: soft evidence', () => {
    const share = (cfg.shareSoft + cfg.shareReview) / 2;
    const a = assessDisplayGrid(stats(120, Math.round(120 * share)));
    expect(a.finding?.severity).toBe('soft');
    expect(a.evidence).toBeLessThan(0);
    expect(a.evidence).toBeGreaterThan(-1);
  });
});
