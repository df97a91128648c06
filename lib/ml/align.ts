/**
 * Face alignment for the identity model (pure, unit-tested). dlib's face descriptor expects a
 * 150x150 "face chip": the face rotated upright and scaled so the eyes land on fixed positions
 * (dlib get_face_chip_details, size 150, padding 0.25). We use MediaPipe's eye corners
 * (LANDMARK_SUBSET indices of mesh points 33/133 and 263/362) and a similarity transform.
 */
import { LANDMARK_SUBSET } from '../analysis/types';

export const CHIP_SIZE = 150;
/** Eye centres in the 150x150 chip (image left eye first), measured on dlib's mean face template. */
export const CHIP_EYES = { left: { x: 49.5, y: 58 }, right: { x: 100.5, y: 58 } } as const;

const idx = (mesh: number): number => {
  const i = (LANDMARK_SUBSET as readonly number[]).indexOf(mesh);
  if (i < 0) throw new Error(`mesh point ${mesh} not in LANDMARK_SUBSET`);
  return i;
};
const EYE_IMAGE_LEFT = [idx(33), idx(133)] as const;
const EYE_IMAGE_RIGHT = [idx(263), idx(362)] as const;

export interface Point {
  x: number;
  y: number;
}

function mean(pts: readonly number[], which: readonly number[]): Point {
  let x = 0;
  let y = 0;
  for (const i of which) {
    x += pts[2 * i] ?? NaN;
    y += pts[2 * i + 1] ?? NaN;
  }
  return { x: x / which.length, y: y / which.length };
}

/** Eye centres in frame pixels from the kept landmark subset (image-left eye first). */
export function eyeCentres(pts: readonly number[]): { left: Point; right: Point } {
  return { left: mean(pts, EYE_IMAGE_LEFT), right: mean(pts, EYE_IMAGE_RIGHT) };
}

/**
 * The canvas transform [a, b, c, d, e, f] (as for CanvasRenderingContext2D.setTransform) that maps
 * frame pixels to chip pixels, sending the two eye centres to CHIP_EYES.
 */
export function chipTransform(
  left: Point,
  right: Point,
): [number, number, number, number, number, number] {
  const sx = right.x - left.x;
  const sy = right.y - left.y;
  const dx = CHIP_EYES.right.x - CHIP_EYES.left.x;
  const dy = CHIP_EYES.right.y - CHIP_EYES.left.y;
  const s2 = sx * sx + sy * sy;
  if (!(s2 > 0)) throw new Error('degenerate eye positions');
  // complex ratio (dx + i dy) / (sx + i sy) = scale * e^{i theta}
  const a = (dx * sx + dy * sy) / s2;
  const b = (dy * sx - dx * sy) / s2;
  const e = CHIP_EYES.left.x - (a * left.x - b * left.y);
  const f = CHIP_EYES.left.y - (b * left.x + a * left.y);
  // canvas matrix: x' = a*x + c*y + e, y' = b*x + d*y + f with c = -b, d = a
  return [a, b, -b, a, e, f];
}

/** Applies a canvas transform to a point (for tests and checks). */
export function applyTransform(m: readonly number[], p: Point): Point {
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = m;
  return { x: a * p.x + c * p.y + e, y: b * p.x + d * p.y + f };
}
