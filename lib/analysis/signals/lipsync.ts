import { FUSION_CONFIG } from '../fusion-config';
import { pearson, quantile, std } from '../math/stats';

/**
 * Lip-sync: jawOpen against the audio RMS envelope on the same clock and uniform grid, normalised
 * cross-correlation over lags of +-maxLagMs. `lagMs` > 0 means the audio comes after the mouth.
 * Live speech peaks near 0–150 ms; dubbed or generated faces show weak or shifted peaks (SyncNet,
 * Chung & Zisserman 2016). Uninformative without speech or without mouth movement. Where it stops
 * working: music or another speaker in the room, a hand over the mouth, strongly delayed A/V tracks
 * in transport (a constant shift from the network shows as a lag, so lag alone is weak evidence).
 */

type LipSyncConfig = typeof FUSION_CONFIG.lipSync;

export interface LipSyncResult {
  informative: boolean;
  speechShare: number;
  peakCorr: number;
  lagMs: number;
  /** speech present but the mouth signal did not move */
  mouthStill: boolean;
}

/** Share of envelope samples that are speech-loud: above 3x the envelope's own floor and an absolute level. */
export function speechShare(audio: readonly number[], absRms: number): number {
  if (audio.length === 0) return 0;
  const floor = quantile(audio, 0.1);
  const threshold = Math.max(3 * floor, absRms);
  return audio.filter((v) => v > threshold).length / audio.length;
}

function corrAtLag(jaw: readonly number[], audio: readonly number[], lag: number): number {
  // audio[i + lag] against jaw[i]: positive lag = audio later
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < jaw.length; i++) {
    const j = i + lag;
    if (j < 0 || j >= audio.length) continue;
    a.push(jaw[i] ?? 0);
    b.push(audio[j] ?? 0);
  }
  return pearson(a, b);
}

/** `jaw` is any mouth-opening series (jawOpen, or the lip gap with `minMouthStd` = cfg.minLipStd). */
export function lipSync(
  jaw: readonly number[],
  audio: readonly number[],
  fs: number,
  cfg: LipSyncConfig = FUSION_CONFIG.lipSync,
  minMouthStd: number = cfg.minJawStd,
): LipSyncResult {
  const share = speechShare(audio, cfg.speechAbsRms);
  const base = { informative: false, speechShare: share, peakCorr: 0, lagMs: 0, mouthStill: false };
  const n = Math.min(jaw.length, audio.length);
  if (n < fs * 2 || share < cfg.speechMinShare) return base;
  if (std(jaw) < minMouthStd) return { ...base, mouthStill: true };
  const maxLag = Math.round((cfg.maxLagMs / 1000) * fs);
  const corrs: number[] = [];
  for (let lag = -maxLag; lag <= maxLag; lag++)
    corrs.push(corrAtLag(jaw.slice(0, n), audio.slice(0, n), lag));
  let best = 0;
  corrs.forEach((c, i) => {
    if (c > (corrs[best] ?? -Infinity)) best = i;
  });
  // Parabolic interpolation around the peak for a sub-sample lag.
  const c0 = corrs[best] ?? 0;
  const cm = corrs[best - 1];
  const cp = corrs[best + 1];
  let frac = 0;
  if (cm !== undefined && cp !== undefined) {
    const denom = cm - 2 * c0 + cp;
    if (Math.abs(denom) > 1e-12) frac = Math.max(-0.5, Math.min(0.5, (0.5 * (cm - cp)) / denom));
  }
  return {
    informative: true,
    speechShare: share,
    peakCorr: c0,
    lagMs: ((best - maxLag + frac) * 1000) / fs,
    mouthStill: false,
  };
}

/**
 * Lip-sync on both mouth measures and the clearer of the two: the jawOpen blendshape under-reads
 * some faces (a beard, a small jaw drop), the inner-lip gap (its own movement floor,
 * `cfg.minLipStd`) others. The jaw's result is kept unless only the lips' is informative or it
 * correlates better.
 */
export function lipSyncBoth(
  jaw: readonly number[],
  lips: readonly number[],
  audio: readonly number[],
  fs: number,
  cfg: LipSyncConfig = FUSION_CONFIG.lipSync,
): { byJaw: LipSyncResult; byLips: LipSyncResult; clearer: LipSyncResult } {
  const byJaw = lipSync(jaw, audio, fs, cfg);
  const byLips = lipSync(lips, audio, fs, cfg, cfg.minLipStd);
  const clearer =
    !byLips.informative || (byJaw.informative && byJaw.peakCorr >= byLips.peakCorr)
      ? byJaw
      : byLips;
  return { byJaw, byLips, clearer };
}
