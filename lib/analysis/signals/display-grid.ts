/**
 * Display grid: a screen's pixel grid, filmed by a camera, leaves an isolated peak in the spatial
 * spectrum of a small native-resolution patch: the grid itself when its pitch is 2–4 camera pixels,
 * its alias (the moiré) when the pitch is near or under the camera's. The grid multiplies the
 * content (each sub-pixel emits a share of the picture's light), so each colour channel is first
 * divided by its local mean: the face's shading drops out and the grid becomes a constant-contrast
 * periodic pattern. An RGB-stripe panel modulates R, G and B at the same frequency with different
 * phases, so the three channels' spectra are summed.
 *
 * What it must not take for a grid: skin, hair, fabric and room texture have smooth spectra; a
 * straight edge (a bezel, a collar) puts its energy on a line through the spectrum, which the ring
 * around the peak also crosses; block codecs (JPEG, H.264, VP8) put theirs on the lattice of
 * multiples of 1/8 cycle per pixel, which is skipped (with one bin either side: a grid whose peaks
 * all fall there is missed). A striped shirt or a venetian blind IS a
 * periodic pattern: the worker therefore measures patches on the cheeks only, where a screen puts
 * its grid and a room does not.
 *
 * `gridPeak` is the per-patch statistic (run in the worker, pure): the log10 ratio of the strongest
 * local maximum of the spectrum in the searched band to the strongest bin on the square ring
 * `ringBins` around it. Near Nyquist the ring wraps onto the peak's own mirror image, so a grid
 * within ~ringBins of Nyquist is compared with itself and missed (pitch ≈ 2 camera px). Stopping
 * the ring at Nyquist was tried (session 9, docs/planar-signals.md §8) and reverted: every genuine
 * cheek sample it let over the threshold sat one or two bins from Nyquist on an image axis.
 */
import { FUSION_CONFIG } from '../fusion-config';
import { powerSpectrum2d } from '../math/fft';
import { ramp, round } from '../math/stats';
import { pct, uninformative, type Assessment } from '../assessment';

export interface GridPeakOptions {
  /** Side of the square patch, a power of two. */
  n: number;
  /** Bins closer to DC than this (Chebyshev distance) are content, not grid: not searched. */
  minBin: number;
  /** The peak is compared with the strongest bin on the square ring this many bins away. */
  ringBins: number;
  /** Codec block size (px): its harmonics (lattice bins and their neighbours) are skipped. */
  blockPx: number;
  /**
   * Bins either side of a codec-lattice bin that are skipped too. The picture modulates the block
   * edges and spreads their harmonics by about 1/64 cycle/px: one bin of a 64-px patch, half a bin
   * of a 32-px patch (where the lattice point alone is skipped).
   */
  latticeBins: number;
  /** Gaussian sigma (px) of the local mean each channel is divided by. */
  meanSigmaPx: number;
  /** Added to the local mean (grey levels), so dark areas do not blow up sensor noise. */
  darkFloor: number;
}

export const GRID_PEAK_DEFAULTS: GridPeakOptions = {
  n: 64,
  minBin: 6,
  ringBins: 3,
  blockPx: 8,
  latticeBins: 1,
  meanSigmaPx: 3,
  darkFloor: 8,
};

/**
 * The small-face patch: 32 x 32, for faces 48–95 px wide (a 64-px patch would leave the face). The
 * same band in cycles/px (from 0.094: 3 bins), the ring at the same 3 bins (the Hann main lobe is
 * ±2 bins wide at any n; a ring at 2 bins let synthetic skin reach 0.99), only the lattice points
 * themselves skipped (their spread is half a bin here). Costs: a quarter of the pixels (the grid's
 * peak stands 6 dB less over a noise-like texture), and a ring of 3 bins is 0.094 cycles/px wide
 * here, so a peak within ~5 bins (0.16 cycles/px) of Nyquist meets its mirror image on the ring
 * (pitch 1.74 px: 1.08, just a hit, against 3.5 in a 64-px patch).
 */
export const GRID_PEAK_SMALL: GridPeakOptions = {
  ...GRID_PEAK_DEFAULTS,
  n: 32,
  minBin: 3,
  latticeBins: 0,
};

export interface GridPeak {
  /** log10(peak power / strongest power on the ring around it) */
  ratio: number;
  /** The peak's frequency, cycles per pixel (fx in -0.5..0.5, fy in 0..0.5). */
  fx: number;
  fy: number;
}

const hannCache = new Map<number, Float64Array>();

function hann(n: number): Float64Array {
  let w = hannCache.get(n);
  if (!w) {
    w = new Float64Array(n);
    for (let i = 0; i < n; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1));
    hannCache.set(n, w);
  }
  return w;
}

function gaussKernel(sigma: number): Float64Array {
  const r = Math.max(1, Math.ceil(3 * sigma));
  const k = new Float64Array(2 * r + 1);
  let s = 0;
  for (let i = -r; i <= r; i++) s += k[i + r] = Math.exp(-(i * i) / (2 * sigma * sigma));
  for (let i = 0; i < k.length; i++) k[i] = k[i]! / s;
  return k;
}

/** Separable Gaussian blur of an n x n image, edges clamped. */
export function blurSquare(img: Float64Array, n: number, sigma: number): Float64Array {
  const k = gaussKernel(sigma);
  const r = (k.length - 1) / 2;
  const pad = new Float64Array(n + 2 * r);
  const tmp = new Float64Array(n * n);
  const out = new Float64Array(n * n);
  const pass = (src: Float64Array, dst: Float64Array, stride: number, step: number) => {
    for (let line = 0; line < n; line++) {
      const base = line * stride;
      for (let i = 0; i < n + 2 * r; i++) {
        const j = i - r < 0 ? 0 : i - r >= n ? n - 1 : i - r;
        pad[i] = src[base + j * step]!;
      }
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < k.length; j++) s += k[j]! * pad[i + j]!;
        dst[base + i * step] = s;
      }
    }
  };
  pass(img, tmp, n, 1); // rows
  pass(tmp, out, 1, n); // columns
  return out;
}

/** Signed bin of index k (0..n-1). */
const signed = (k: number, n: number): number => (k >= n / 2 ? k - n : k);

/**
 * Summed power spectrum of the three channels of an n x n RGBA patch (row-major, 4 bytes per pixel),
 * each divided by its local mean and windowed. Null when the patch is flat.
 */
export function normalisedSpectrum(
  rgba: ArrayLike<number>,
  opts: GridPeakOptions = GRID_PEAK_DEFAULTS,
): Float64Array | null {
  const { n, meanSigmaPx, darkFloor } = opts;
  if (rgba.length !== n * n * 4) return null;
  const w = hann(n);
  const sum = new Float64Array(n * n);
  let energy = 0;
  for (let c = 0; c < 3; c++) {
    const ch = new Float64Array(n * n);
    for (let i = 0; i < n * n; i++) ch[i] = rgba[i * 4 + c]!;
    const local = blurSquare(ch, n, meanSigmaPx);
    const x = new Float64Array(n * n);
    let mean = 0;
    for (let i = 0; i < n * n; i++) mean += x[i] = ch[i]! / (local[i]! + darkFloor) - 1;
    mean /= n * n;
    for (let r = 0; r < n; r++)
      for (let q = 0; q < n; q++) {
        const v = (x[r * n + q]! - mean) * w[r]! * w[q]!;
        x[r * n + q] = v;
        energy += v * v;
      }
    const p = powerSpectrum2d(x, n);
    for (let i = 0; i < n * n; i++) sum[i] = sum[i]! + p[i]!;
  }
  return energy < 1e-10 * n * n ? null : sum;
}

/** The isolated-peak statistic of a power spectrum (n x n, bins as powerSpectrum2d returns them). */
export function spectrumPeak(
  p: Float64Array,
  opts: GridPeakOptions = GRID_PEAK_DEFAULTS,
): GridPeak | null {
  const { n, minBin, ringBins, blockPx, latticeBins } = opts;
  if (p.length !== n * n) return null;
  const lattice = n / blockPx; // bins between codec-block harmonics
  // Block harmonics sit exactly on the lattice, but the picture modulates the block edges, which
  // spreads them (by a bin at n = 64): the lattice points and their neighbours are skipped.
  const nearLattice = (k: number): boolean => {
    const m = ((k % lattice) + lattice) % lattice;
    return Math.min(m, lattice - m) <= latticeBins;
  };
  const at = (kx: number, ky: number): number =>
    p[(((ky % n) + n) % n) * n + (((kx % n) + n) % n)]!;
  let total = 0;
  for (let i = 0; i < n * n; i++) total += p[i]!;
  const tiny = 1e-12 * total + 1e-300;
  let best = -Infinity;
  let bestX = 0;
  let bestY = 0;
  for (let ky = 0; ky <= n / 2; ky++) {
    for (let kxi = 0; kxi < n; kxi++) {
      const kx = signed(kxi, n);
      if (ky === 0 && kx <= 0) continue; // half plane: the spectrum of a real image is symmetric
      if (ky === n / 2 && kx < 0) continue;
      if (Math.max(Math.abs(kx), ky) < minBin) continue;
      if (nearLattice(kx) && nearLattice(ky)) continue; // codec block harmonic (and its leakage)
      const pk = at(kx, ky);
      let localMax = true;
      for (let dy = -1; dy <= 1 && localMax; dy++)
        for (let dx = -1; dx <= 1; dx++)
          if ((dx || dy) && at(kx + dx, ky + dy) > pk) {
            localMax = false;
            break;
          }
      if (!localMax) continue;
      let ring = tiny;
      for (let dy = -ringBins; dy <= ringBins; dy++)
        for (let dx = -ringBins; dx <= ringBins; dx++)
          if (Math.max(Math.abs(dx), Math.abs(dy)) === ringBins)
            ring = Math.max(ring, at(kx + dx, ky + dy));
      const ratio = (pk + tiny) / ring;
      if (ratio > best) [best, bestX, bestY] = [ratio, kx, ky];
    }
  }
  if (!Number.isFinite(best)) return null;
  return { ratio: Math.log10(best), fx: bestX / n, fy: bestY / n };
}

/** gridPeak of one n x n RGBA patch; null when flat or of the wrong size. */
export function gridPeak(
  rgba: ArrayLike<number>,
  opts: GridPeakOptions = GRID_PEAK_DEFAULTS,
): GridPeak | null {
  const p = normalisedSpectrum(rgba, opts);
  return p ? spectrumPeak(p, opts) : null;
}

export interface DisplayGridConfig {
  /** A sample is a grid hit when its peak ratio (log10) reaches this. */
  peakMin: number;
  /** Samples needed before the share of hits says anything. */
  minSamples: number;
  /** Share of hits from which the signal is (soft) evidence, and from which it is a review finding. */
  shareSoft: number;
  shareReview: number;
  /** Samples at which confidence is full. */
  fullConfidenceSamples: number;
}

/** One cheek sample over the session: media time (ms), peak ratio (log10), frequency (cycles/px). */
export interface GridSample {
  t: number;
  peak: number;
  fx: number;
  fy: number;
}

/** The session's display-grid samples (bounded: about 50 minutes at 6–7 samples a second). */
export class DisplayGridStats {
  readonly samples: GridSample[] = [];
  dropped = 0;

  add(
    startMs: number,
    endMs: number,
    g: { p: number[]; f: [number, number][] } | null | undefined,
  ) {
    if (!g) return;
    const n = g.p.length;
    g.p.forEach((peak, i) => {
      if (this.samples.length >= 20_000) {
        this.dropped++;
        return;
      }
      const [fx, fy] = g.f[i] ?? [0, 0];
      this.samples.push({
        t: startMs + ((endMs - startMs) * (i + 0.5)) / Math.max(1, n),
        peak,
        fx,
        fy,
      });
    });
  }
}

export interface DisplayGridResult {
  n: number;
  hits: number;
  share: number;
  /** the span of the hits, for the finding */
  startMs: number;
  endMs: number;
  /** median |f| of the hits (cycles/px), for the reason */
  freq: number | null;
}

export function summarizeDisplayGrid(
  s: DisplayGridStats,
  cfg: Pick<DisplayGridConfig, 'peakMin'>,
): DisplayGridResult {
  const hits = s.samples.filter((x) => x.peak >= cfg.peakMin);
  const fs = hits.map((x) => Math.hypot(x.fx, x.fy)).sort((a, b) => a - b);
  return {
    n: s.samples.length,
    hits: hits.length,
    share: s.samples.length ? hits.length / s.samples.length : 0,
    startMs: hits.length ? Math.min(...hits.map((x) => x.t)) : 0,
    endMs: hits.length ? Math.max(...hits.map((x) => x.t)) : 0,
    freq: fs.length ? fs[Math.floor(fs.length / 2)]! : null,
  };
}

/**
 * Session judgement: the share of cheek samples with an isolated spectral peak. A screen held in
 * front of the camera whose pixel grid the camera resolves or aliases shows one in most samples; a
 * live face's skin almost never does. Absence says nothing (a high-density screen far from the
 * camera, or one the camera's optics and scaling average out, leaves no grid), so the signal is
 * only ever spoof evidence, and at most a REVIEW: a real face behind a fine mesh or a patterned
 * veil, or a camera whose own processing leaves a periodic pattern, is not excluded.
 */
export function assessDisplayGrid(
  s: DisplayGridStats,
  cfg: DisplayGridConfig = FUSION_CONFIG.displayGrid,
): Assessment {
  const r = summarizeDisplayGrid(s, cfg);
  if (r.n < cfg.minSamples)
    return uninformative(
      'displayGrid',
      `too few cheek samples for the display-grid test (${r.n}; needs ${cfg.minSamples}, faces ≥ 48 px wide)`,
      r.n,
      r.n ? r.share : null,
    );
  const note = `isolated spectral peak on the cheeks in ${r.hits}/${r.n} samples (${pct(r.share)})`;
  if (r.share < cfg.shareSoft)
    return uninformative('displayGrid', `${note}: no display grid seen`, r.n, r.share);
  const evidence = -ramp(r.share, cfg.shareSoft, cfg.shareReview);
  const base = {
    signal: 'displayGrid' as const,
    value: round(r.share, 3),
    frames: r.n,
    informative: true,
    note,
    confidence: ramp(r.n, 0, cfg.fullConfidenceSamples),
    evidence,
  };
  const period = r.freq ? ` (period about ${(1 / r.freq).toFixed(1)} px)` : '';
  const text =
    `a fine regular pattern over the face in ${pct(r.share)} of ${r.n} samples${period}, ` +
    'like the pixel grid of a screen the camera is filming (moiré); skin has no such pattern';
  return {
    ...base,
    finding: {
      code: 'DISPLAY_GRID',
      text,
      startMs: r.startMs,
      endMs: r.endMs,
      severity: r.share >= cfg.shareReview ? 'review' : 'soft',
    },
  };
}
