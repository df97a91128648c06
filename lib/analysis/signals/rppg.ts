import { FUSION_CONFIG } from '../fusion-config';
import { mean, std } from '../math/stats';

/**
 * rPPG pulse presence with the POS method (Wang, den Brinker, Stuijk & de Haan, IEEE TBME 2017) on
 * the mean skin RGB, resampled to a uniform rate: 1.6 s sliding windows, temporal normalisation,
 * projection on the plane orthogonal to skin tone, alpha-tuning, overlap-add. The band-pass to
 * 0.7–3 Hz is done in the spectral domain (linear detrend + Hann window; only in-band frequencies
 * are searched and counted). SNR as in de Haan & Jeanne (2013): energy within +-0.1 Hz of the peak
 * and its harmonic over the rest of the band.
 * Where it stops working: under ~10 s or ~14 fps, strong compression (erases the ~0.1–0.5 grey-level
 * pulse), moving or changing light, heavy makeup, very dark or overexposed skin. Hence a clear pulse
 * is good evidence of a live face and its absence only weak evidence against one.
 */

type RppgConfig = typeof FUSION_CONFIG.rppg;

export interface RgbSeries {
  r: readonly number[];
  g: readonly number[];
  b: readonly number[];
}

export interface PulseEstimate {
  informative: boolean;
  bpm: number;
  snrDb: number;
  present: boolean;
}

/** Linear interpolation of irregular samples onto t0 + k / rateHz; null where a gap exceeds maxGapMs. */
export function resampleUniform(
  ts: readonly number[],
  values: readonly number[],
  rateHz: number,
  t0: number,
  count: number,
  maxGapMs = 250,
): Array<number | null> {
  const out: Array<number | null> = [];
  let j = 0;
  for (let k = 0; k < count; k++) {
    const t = t0 + (k * 1000) / rateHz;
    while (j + 1 < ts.length && (ts[j + 1] ?? 0) < t) j++;
    const ta = ts[j] ?? 0;
    const tb = ts[j + 1] ?? ta;
    const va = values[j] ?? 0;
    const vb = values[j + 1] ?? va;
    if (t < ta - 1e-6 || t > tb + 1e-6 || tb - ta > maxGapMs) {
      out.push(t === ta ? va : null);
      continue;
    }
    out.push(tb === ta ? va : va + ((vb - va) * (t - ta)) / (tb - ta));
  }
  return out;
}

/** POS pulse signal, same length as the input. */
export function posSignal(rgb: RgbSeries, fs: number, windowMs: number): number[] {
  const n = Math.min(rgb.r.length, rgb.g.length, rgb.b.length);
  const l = Math.max(2, Math.round((windowMs / 1000) * fs));
  const h: number[] = new Array<number>(n).fill(0);
  for (let start = 0; start + l <= n; start++) {
    const mr = mean(rgb.r.slice(start, start + l));
    const mg = mean(rgb.g.slice(start, start + l));
    const mb = mean(rgb.b.slice(start, start + l));
    if (mr <= 0 || mg <= 0 || mb <= 0) continue;
    const s1: number[] = [];
    const s2: number[] = [];
    for (let i = start; i < start + l; i++) {
      const r = (rgb.r[i] ?? 0) / mr;
      const g = (rgb.g[i] ?? 0) / mg;
      const b = (rgb.b[i] ?? 0) / mb;
      s1.push(g - b);
      s2.push(g + b - 2 * r);
    }
    const sd2 = std(s2);
    const alpha = sd2 > 1e-12 ? std(s1) / sd2 : 0;
    const seg = s1.map((v, i) => v + alpha * (s2[i] ?? 0));
    const m = mean(seg);
    for (let i = 0; i < l; i++) h[start + i] = (h[start + i] ?? 0) + (seg[i] ?? 0) - m;
  }
  return h;
}

/** Power spectrum on a fine frequency grid inside [lo, hi] Hz, of the detrended, Hann-windowed signal. */
export function bandSpectrum(
  x: readonly number[],
  fs: number,
  lo: number,
  hi: number,
  stepHz = 0.01,
): Array<{ f: number; p: number }> {
  const n = x.length;
  const ti = x.map((_, i) => i);
  const mt = mean(ti);
  const mx = mean(x);
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (i - mt) * ((x[i] ?? 0) - mx);
    sxx += (i - mt) ** 2;
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  const y = x.map(
    (v, i) =>
      (v - mx - slope * (i - mt)) * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / Math.max(1, n - 1))),
  );
  const out: Array<{ f: number; p: number }> = [];
  for (let f = lo; f <= hi + 1e-9; f += stepHz) {
    let re = 0;
    let im = 0;
    const w = (2 * Math.PI * f) / fs;
    for (let i = 0; i < n; i++) {
      re += (y[i] ?? 0) * Math.cos(w * i);
      im -= (y[i] ?? 0) * Math.sin(w * i);
    }
    out.push({ f, p: re * re + im * im });
  }
  return out;
}

export function estimatePulse(
  rgb: RgbSeries,
  fs: number,
  cfg: RppgConfig = FUSION_CONFIG.rppg,
): PulseEstimate {
  const n = Math.min(rgb.r.length, rgb.g.length, rgb.b.length);
  const none = { informative: false, bpm: 0, snrDb: 0, present: false };
  if (fs < cfg.minFps || (n * 1000) / fs < cfg.segmentMs * 0.99) return none;
  const spectrum = bandSpectrum(
    posSignal(rgb, fs, cfg.posWindowMs),
    fs,
    cfg.bandHz[0],
    cfg.bandHz[1],
  );
  let peak = spectrum[0];
  for (const s of spectrum) if (peak === undefined || s.p > peak.p) peak = s;
  if (!peak || peak.p <= 0) return none;
  const f0 = peak.f;
  const near = (f: number): boolean =>
    Math.abs(f - f0) <= cfg.snrHalfWidthHz || Math.abs(f - 2 * f0) <= cfg.snrHalfWidthHz;
  let signal = 0;
  let noise = 0;
  for (const s of spectrum) {
    if (near(s.f)) signal += s.p;
    else noise += s.p;
  }
  const snrDb = 10 * Math.log10(Math.max(signal, 1e-20) / Math.max(noise, 1e-20));
  return { informative: true, bpm: f0 * 60, snrDb, present: snrDb >= cfg.pulseSnrDb };
}
