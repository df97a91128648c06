import type { FaceTexture, FrameFeatures } from '../types';
import { median, round } from '../math/stats';
import { LANDMARK_SUBSET } from '../types';

/**
 * Per-window summaries behind the face-swap signals: the hull texture samples (seam, resolution,
 * flicker) and a landmark-geometry identity proxy. Pure; the window builder calls these.
 */

export interface WindowFaceTexture {
  /** texture samples in the window */
  n: number;
  /** medians of the per-sample measures (see FaceTexture) */
  inner: number;
  surround: number;
  seamNoise: number | null;
  seamColour: number | null;
  /** inner-face change not explained by the surround, between consecutive samples (null: no pairs) */
  flicker: number | null;
  flickerY: number | null;
  /** median face width (px) while sampled */
  faceW: number;
}

/** Samples closer than this form a flicker pair. */
const PAIR_MAX_MS = 350;

const logStep = (a: number, b: number): number => Math.abs(Math.log((a + 0.5) / (b + 0.5)));

/**
 * Flicker of one pair: the inner face's change in noise level (log) and luma beyond the surround's
 * change. Lighting and exposure move both; a swap re-rendered each frame moves the inner face alone.
 */
export function flickerPair(a: FaceTexture, b: FaceTexture): [number, number] {
  const noise = Math.max(0, logStep(b.inner, a.inner) - logStep(b.surround, a.surround));
  const luma = Math.max(0, Math.abs(b.innerY - a.innerY) - Math.abs(b.surroundY - a.surroundY));
  return [noise, luma];
}

export function summarizeFaceTexture(
  frames: readonly FrameFeatures[],
  before: FrameFeatures | null,
): WindowFaceTexture | null {
  const sampled = frames.filter((f) => f.face?.tex);
  if (sampled.length === 0) return null;
  const texs = sampled.map((f) => f.face?.tex as FaceTexture);
  const chain = before?.face?.tex ? [before, ...sampled] : sampled;
  const noise: number[] = [];
  const luma: number[] = [];
  for (let i = 1; i < chain.length; i++) {
    const [p, q] = [chain[i - 1], chain[i]];
    if (!p?.face?.tex || !q?.face?.tex || q.t - p.t > PAIR_MAX_MS) continue;
    const [n, l] = flickerPair(p.face.tex, q.face.tex);
    noise.push(n);
    luma.push(l);
  }
  const nonNull = (xs: (number | null)[]): number[] => xs.filter((x): x is number => x !== null);
  const seamN = nonNull(texs.map((t) => t.seamNoise));
  const seamC = nonNull(texs.map((t) => t.seamColour));
  return {
    n: texs.length,
    inner: round(median(texs.map((t) => t.inner)), 3),
    surround: round(median(texs.map((t) => t.surround)), 3),
    seamNoise: seamN.length > 0 ? round(median(seamN), 3) : null,
    seamColour: seamC.length > 0 ? round(median(seamC), 3) : null,
    flicker: noise.length > 0 ? round(median(noise), 4) : null,
    flickerY: luma.length > 0 ? round(median(luma), 3) : null,
    faceW: Math.round(median(sampled.map((f) => f.face?.box.w ?? 0))),
  };
}

/** Position of a mesh index inside FrameFace.pts (LANDMARK_SUBSET order). */
const at = (mesh: number): number => (LANDMARK_SUBSET as readonly number[]).indexOf(mesh);

/** Ratios of stable (non-expressive) distances to the inter-ocular distance. */
const GEOMETRY_PAIRS: ReadonlyArray<readonly [number, number]> = [
  [234, 454], // face width at the cheekbones
  [172, 397], // jaw width
  [168, 4], // nose length
  [10, 168], // upper face height
  [33, 133], // right eye width
  [263, 362], // left eye width
];

/** Normalised inter-landmark ratios of one frame (null when the eyes are degenerate). */
export function geometryRatios(pts: readonly number[]): number[] | null {
  const p = (mesh: number): [number, number] => {
    const k = at(mesh);
    return [pts[2 * k] ?? 0, pts[2 * k + 1] ?? 0];
  };
  const mid = (a: number, b: number): [number, number] => {
    const [pa, pb] = [p(a), p(b)];
    return [(pa[0] + pb[0]) / 2, (pa[1] + pb[1]) / 2];
  };
  const [er, el] = [mid(33, 133), mid(263, 362)];
  const iod = Math.hypot(er[0] - el[0], er[1] - el[1]);
  if (iod < 8) return null;
  return GEOMETRY_PAIRS.map(([a, b]) => {
    const [pa, pb] = [p(a), p(b)];
    return Math.hypot(pa[0] - pb[0], pa[1] - pb[1]) / iod;
  });
}

export interface WindowGeometry {
  /** near-frontal frames used */
  n: number;
  /** median ratio vector (GEOMETRY_PAIRS order) */
  ratios: number[];
}

/** Median geometry ratios over near-frontal frames (|yaw|, |pitch| under `maxDeg`). */
export function summarizeGeometry(
  frames: readonly FrameFeatures[],
  maxDeg: number,
): WindowGeometry | null {
  const vs = frames.flatMap((f) => {
    const face = f.face;
    if (!face || Math.abs(face.pose.yaw) > maxDeg || Math.abs(face.pose.pitch) > maxDeg) return [];
    const r = geometryRatios(face.pts);
    return r ? [r] : [];
  });
  if (vs.length === 0) return null;
  return {
    n: vs.length,
    ratios: GEOMETRY_PAIRS.map((_, i) => round(median(vs.map((v) => v[i] ?? 0)), 4)),
  };
}
