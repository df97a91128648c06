import type { FrameFeatures } from '../types';
import { FUSION_CONFIG } from '../fusion-config';
import { median } from '../math/stats';
import { homographyResidual, relativeMotion } from './geometry';
import { classifySurround, surroundPair, type SurroundKind } from './surround';

/**
 * 3D rigidity vs planar motion. A photo or screen moved in front of a camera maps its landmarks
 * between two frames by a homography, to within landmark noise; a real head that turns or nods
 * shows parallax (nose tip vs contour) that no homography absorbs. Each pair of frames 0.3–1 s
 * apart is judged on its homography residual against the local noise floor (the residual between
 * adjacent frames, where a head has had no time to rotate) and against the amount of motion.
 *
 * Where it stops working: with little motion (pair marked "still", uninformative); a head that only
 * translates or rolls in the image plane without any expression change is also planar for that
 * pair, which is why the verdict needs a sustained majority of planar pairs; a screen replaying a
 * recorded live head moving in 3D shows that head's parallax and is not caught here; MediaPipe's
 * temporal smoothing or heavy motion blur raises the noise floor and makes pairs ambiguous.
 *
 * MediaPipe's landmarks are regularised towards a 3D face: on a photo tilted by 20° or more, or held
 * close to the camera, the nose tip and contour points move as a turning head's would, although the
 * pixels moved by one homography (tune half, docs/planar-signals.md). So each pair is also judged on
 * its surround (signals/surround.ts): when the picture around the face followed the face's plane
 * motion and did not stay put, the pair is planar whatever the landmarks' residual says.
 */

export type PairKind = 'still' | 'planar' | '3d' | 'ambiguous';

export interface PlanarPair {
  tA: number;
  tB: number;
  /** RMS landmark displacement, share of face size */
  motion: number;
  /** robust homography residual, share of face size */
  residual: number;
  /** adjacent-frame residual (noise floor), share of face size */
  noise: number;
  kind: PairKind;
  /** face–surround rigidity of the pair (surround.ts); 'locked' turns a 3D or ambiguous pair planar */
  surround: SurroundKind;
  /** the surround was judged on the margin cells of a face filling the frame (surround.ts) */
  margin: boolean;
}

type PlanarConfig = typeof FUSION_CONFIG.planar;

export function classifyPair(
  motion: number,
  residual: number,
  noise: number,
  cfg: PlanarConfig = FUSION_CONFIG.planar,
): PairKind {
  const floor = Math.max(noise, cfg.noiseFloorFace);
  if (motion < Math.max(cfg.minMotionFace, cfg.minMotionNoiseRatio * floor)) return 'still';
  const planarBound = Math.min(
    cfg.planarMaxFace,
    cfg.planarNoiseRatio * floor + cfg.planarMotionShare * motion,
  );
  if (residual <= planarBound) return 'planar';
  if (residual >= cfg.parallaxNoiseRatio * floor + cfg.parallaxMotionShare * motion) return '3d';
  return 'ambiguous';
}

/**
 * The pair's kind from its landmarks and its surround: a surround locked to the face plane makes a
 * 3D or ambiguous pair planar (the landmarks' "parallax" was MediaPipe's 3D prior, not the pixels);
 * a surround that moved but neither with the face nor against it (unclear) does not confirm the
 * landmarks' parallax, so such a 3D pair counts as ambiguous.
 */
export function combineKinds(byLandmarks: PairKind, surround: SurroundKind): PairKind {
  if (byLandmarks === 'still' || byLandmarks === 'planar') return byLandmarks;
  if (surround === 'locked') return 'planar';
  if (surround === 'unclear' && byLandmarks === '3d') return 'ambiguous';
  return byLandmarks;
}

/** Adjacent-frame residual per frame (null where the previous frame is missing or too far). */
export function adjacentResiduals(
  frames: readonly FrameFeatures[],
  maxGapMs = 200,
): Array<number | null> {
  return frames.map((f, i) => {
    const p = frames[i - 1];
    if (!p?.face || !f.face || f.t - p.t > maxGapMs) return null;
    return homographyResidual(p.face, f.face);
  });
}

/** Index of the earlier frame paired with frame `b`: closest to pairTargetMs before it, inside the range. */
export function partnerIndex(
  frames: readonly FrameFeatures[],
  b: number,
  cfg: PlanarConfig = FUSION_CONFIG.planar,
): number {
  const tb = frames[b]?.t ?? 0;
  let best = -1;
  let bestGap = Infinity;
  for (let a = b - 1; a >= 0; a--) {
    const fa = frames[a];
    if (!fa) break;
    const dt = tb - fa.t;
    if (dt > cfg.pairMaxMs) break;
    if (dt < cfg.pairMinMs || !fa.face) continue;
    const gap = Math.abs(dt - cfg.pairTargetMs);
    if (gap < bestGap) {
      bestGap = gap;
      best = a;
    }
  }
  return best;
}

/**
 * Judges pairs whose later frame index is >= fromIndex (so a streaming caller can pass a history
 * buffer plus the new frames). `adjacent` must be aligned with `frames`.
 */
export function planarPairs(
  frames: readonly FrameFeatures[],
  adjacent: ReadonlyArray<number | null>,
  fromIndex = 0,
  cfg: PlanarConfig = FUSION_CONFIG.planar,
): PlanarPair[] {
  const pairs: PlanarPair[] = [];
  for (let b = fromIndex; b < frames.length; b++) {
    const fb = frames[b];
    if (!fb?.face || b % cfg.pairStride !== 0) continue;
    const a = partnerIndex(frames, b, cfg);
    const fa = frames[a];
    if (!fa?.face) continue;
    const residual = homographyResidual(fa.face, fb.face);
    if (residual === null) continue;
    const local = adjacent.slice(a + 1, b + 1).filter((x): x is number => x !== null);
    const noise = local.length > 0 ? median(local) : cfg.noiseFloorFace;
    const motion = relativeMotion(fa.face, fb.face);
    const byLandmarks = classifyPair(motion, residual, noise, cfg);
    const sp = byLandmarks === 'still' ? null : surroundPair(fa, fb);
    const surround = byLandmarks === 'still' ? 'still' : classifySurround(sp);
    pairs.push({
      tA: fa.t,
      tB: fb.t,
      motion,
      residual,
      noise,
      kind: combineKinds(byLandmarks, surround),
      surround,
      margin: sp?.margin ?? false,
    });
  }
  return pairs;
}

export interface PlanarSummary {
  pairs: number;
  informative: number;
  planar: number;
  threeD: number;
  /** informative pairs whose surround moved with the face plane */
  locked: number;
  /** informative pairs judged on the margins of a face filling the frame (surround not 'still') */
  marginJudged: number;
  /** of those, locked to the face plane; informative pairs on margin cells (any surround) read 3D */
  marginLocked: number;
  margin3d: number;
  /** share of informative pairs that are planar (0 when none) */
  planarShare: number;
  threeDShare: number;
  medianNoise: number;
}

export function summarizePairs(pairs: readonly PlanarPair[]): PlanarSummary {
  const informative = pairs.filter((p) => p.kind !== 'still');
  const planar = informative.filter((p) => p.kind === 'planar').length;
  const threeD = informative.filter((p) => p.kind === '3d').length;
  const n = informative.length;
  const margin = informative.filter((p) => p.margin && p.surround !== 'still');
  return {
    pairs: pairs.length,
    informative: n,
    planar,
    threeD,
    locked: informative.filter((p) => p.surround === 'locked').length,
    marginJudged: margin.length,
    marginLocked: margin.filter((p) => p.surround === 'locked').length,
    margin3d: informative.filter((p) => p.margin && p.kind === '3d').length,
    planarShare: n > 0 ? planar / n : 0,
    threeDShare: n > 0 ? threeD / n : 0,
    medianNoise: median(pairs.map((p) => p.noise)),
  };
}

/** Whole-sequence convenience: pairs and their summary. */
export function planarMotion(frames: readonly FrameFeatures[]): {
  pairs: PlanarPair[];
  summary: PlanarSummary;
} {
  const pairs = planarPairs(frames, adjacentResiduals(frames));
  return { pairs, summary: summarizePairs(pairs) };
}
