import type { FrameFace } from '../types';
import { robustHomography, trimmedRms } from '../math/homography';

/** Face size in pixels: sqrt of the landmark bounding-box area (stable under roll, shrinks gently with yaw). */
export function faceSize(pts: readonly number[]): number {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i + 1 < pts.length; i += 2) {
    const x = pts[i] ?? 0;
    const y = pts[i + 1] ?? 0;
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  const area = (maxX - minX) * (maxY - minY);
  return area > 0 ? Math.sqrt(area) : 0;
}

/** RMS point displacement between two landmark sets, in pixels. */
export function rmsDisplacement(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length) / 2;
  if (n === 0) return 0;
  let s = 0;
  for (let i = 0; i < n; i++) {
    s +=
      ((a[2 * i] ?? 0) - (b[2 * i] ?? 0)) ** 2 + ((a[2 * i + 1] ?? 0) - (b[2 * i + 1] ?? 0)) ** 2;
  }
  return Math.sqrt(s / n);
}

/** Landmarks a glitch may move: the two worst are dropped from the residual. */
const TRIM_POINTS = 2;

/**
 * Residual of the best robust homography from face `a` to face `b`, as a share of the face size:
 * what planar motion cannot explain (parallax of a 3D head, expression, landmark noise).
 */
export function homographyResidual(a: FrameFace, b: FrameFace): number | null {
  const size = (faceSize(a.pts) + faceSize(b.pts)) / 2;
  if (size <= 0 || a.pts.length !== b.pts.length) return null;
  const fit = robustHomography(a.pts, b.pts, 0.002 * size);
  if (!fit) return null;
  return trimmedRms(fit.errors, TRIM_POINTS) / size;
}

/** Landmark motion between two faces as a share of the face size. */
export function relativeMotion(a: FrameFace, b: FrameFace): number {
  const size = (faceSize(a.pts) + faceSize(b.pts)) / 2;
  return size > 0 ? rmsDisplacement(a.pts, b.pts) / size : 0;
}

/**
 * Landmark motion from face `a` to face `b` after removing a known whole-picture shift (dx, dy in
 * pixels, e.g. the background's), as a share of the face size.
 */
export function motionAgainst(a: FrameFace, b: FrameFace, dx: number, dy: number): number {
  const size = (faceSize(a.pts) + faceSize(b.pts)) / 2;
  const n = Math.min(a.pts.length, b.pts.length) >> 1;
  if (size <= 0 || n === 0) return 0;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const ex = (b.pts[2 * i] ?? 0) - (a.pts[2 * i] ?? 0) - dx;
    const ey = (b.pts[2 * i + 1] ?? 0) - (a.pts[2 * i + 1] ?? 0) - dy;
    s += ex * ex + ey * ey;
  }
  return Math.sqrt(s / n) / size;
}
