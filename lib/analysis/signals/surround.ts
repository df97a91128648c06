import { FUSION_CONFIG } from '../fusion-config';
import { applyH } from '../math/linalg';
import { robustHomography } from '../math/homography';
import { SCENE_SIZE, type Box, type FrameFeatures } from '../types';
import { faceSize } from './geometry';
import { sceneMask } from './scene-shift';

/**
 * Face–surround rigidity: does the picture around the face move with the face's own plane?
 *
 * A printed photo or a phone/tablet showing a still is one rigid plane: the hair, shoulders and
 * background printed around the face move with it, by the same homography as the face. A live head
 * moves against its surroundings: the wall behind stays where it is while the face turns or sways.
 * For a pair of frames 0.3–1 s apart, the face's plane motion (a robust homography of the
 * landmarks, b → a) is extended to the cells of the scene thumbnail (FrameFeatures.scene, 24×24
 * grey) just outside the head, and two explanations of those cells are compared:
 * - `eFace`: mean |S_b(p) − S_a(H p)|, the surround moved with the face plane;
 * - `eStatic`: mean |S_b(p) − S_a(p)|, the surround stayed where it was.
 * The landmarks need not be exact for this: MediaPipe regularises them towards a 3D face, so on a
 * strongly tilted or close photo the nose tip and contour show a "parallax" the pixels do not have
 * (measured on the tune half, docs/planar-signals.md); the robust fit follows the majority of points,
 * and the surround cells decide.
 *
 * When the background says nothing (the face fills the frame, or what is left of it is too plain
 * to show motion), the pair is judged on the margin cells instead: what is left outside the face
 * box (hair, ears, neck, collar). A live head's hair and ears follow it part of the way, so a margin
 * pair is only evidence when locked, and the verdict is a session share (assessPlanar), not a pair.
 *
 * Where it stops working: a live person who holds still while the camera itself moves (a phone in
 * the hand) also moves with the background; a background and margins without texture leave nothing
 * to compare (uninformative); a live head close to the camera that slides sideways without turning
 * moves its hair with the face (synthetic: 58 % of margin pairs locked); a screen replaying a
 * _video_ of a live head keeps that head's motion against the video's own background (not caught).
 */

export interface SurroundPair {
  /** mean predicted shift of the surround cells under the face's plane motion, in cells */
  shiftCells: number;
  /** grey-level errors (0..255) of the two explanations, mean over the compared cells */
  eFace: number;
  eStatic: number;
  cells: number;
  /**
   * true when the background around the head had nothing to say (fewer than minCells cells: the
   * face fills the frame; or both errors under minErrorGrey: too plain to show motion) and the pair
   * was judged on the margin cells instead (hair, ears, neck, collar and slivers of background).
   */
  margin: boolean;
}

type SurroundConfig = typeof FUSION_CONFIG.surround;

/**
 * Interior cells (not on the frame's border) whose centre lies within `reach` face sizes of the
 * face box and that `keep` accepts (cell index, centre x, centre y in pixels).
 */
function cellsWithinReach(
  box: Box,
  width: number,
  height: number,
  reach: number,
  keep: (k: number, cx: number, cy: number) => boolean,
): number[] {
  const n = SCENE_SIZE;
  const cw = width / n;
  const ch = height / n;
  const x0 = box.x - reach * box.w;
  const x1 = box.x + (1 + reach) * box.w;
  const y0 = box.y - reach * box.h;
  const y1 = box.y + (1 + reach) * box.h;
  const out: number[] = [];
  for (let i = 1; i < n - 1; i++) {
    for (let j = 1; j < n - 1; j++) {
      const cx = (j + 0.5) * cw;
      const cy = (i + 0.5) * ch;
      if (cx >= x0 && cx <= x1 && cy >= y0 && cy <= y1 && keep(i * n + j, cx, cy))
        out.push(i * n + j);
    }
  }
  return out;
}

/** Surround cells: background cells (not head, hair or body) within reach of the face box. */
export function surroundCells(box: Box, width: number, height: number, reach: number): number[] {
  const bg = sceneMask(box, width, height);
  return cellsWithinReach(box, width, height, reach, (k) => Boolean(bg[k]));
}

/**
 * Margin cells, for a face that fills the frame: every cell (not on the frame's border) whose centre
 * lies outside the face box itself but within `reach` of it: hair, ears, neck, collar and whatever
 * background slivers are left. On a live head these parts are not on the face's plane: the neck and
 * shoulders stay while the face turns or nods, the ears and hair swing about a different axis.
 */
export function marginCells(box: Box, width: number, height: number, reach: number): number[] {
  return cellsWithinReach(
    box,
    width,
    height,
    reach,
    (_k, cx, cy) => !(cx >= box.x && cx <= box.x + box.w && cy >= box.y && cy <= box.y + box.h),
  );
}

/** Bilinear sample of a SCENE_SIZE² grid at (row y, column x) in cell-centre units; null outside. */
function sample(s: readonly number[], y: number, x: number): number | null {
  const n = SCENE_SIZE;
  if (y < 0 || x < 0 || y > n - 1 || x > n - 1) return null;
  const i = Math.min(n - 2, Math.floor(y));
  const j = Math.min(n - 2, Math.floor(x));
  const fy = y - i;
  const fx = x - j;
  const at = (r: number, c: number): number => s[r * n + c] ?? 0;
  return (
    (1 - fy) * ((1 - fx) * at(i, j) + fx * at(i, j + 1)) +
    fy * ((1 - fx) * at(i + 1, j) + fx * at(i + 1, j + 1))
  );
}

export function surroundPair(
  a: FrameFeatures,
  b: FrameFeatures,
  cfg: SurroundConfig = FUSION_CONFIG.surround,
  /** 'margin' judges on the margin cells even when background cells are left (measurement, tests) */
  cellSet: 'auto' | 'margin' = 'auto',
): SurroundPair | null {
  const sa = a.scene;
  const sb = b.scene;
  const n = SCENE_SIZE;
  if (!sa || !sb || sa.length !== n * n || sb.length !== n * n || !a.face || !b.face) return null;
  if (a.width !== b.width || a.height !== b.height || a.face.pts.length !== b.face.pts.length)
    return null;
  const size = (faceSize(a.face.pts) + faceSize(b.face.pts)) / 2;
  if (size <= 0) return null;
  const fit = robustHomography(b.face.pts, a.face.pts, 0.002 * size);
  if (!fit) return null;
  const cw = a.width / n;
  const ch = a.height / n;
  const measure = (cells: readonly number[], margin: boolean): SurroundPair | null => {
    let eFace = 0;
    let eStatic = 0;
    let shift = 0;
    let used = 0;
    for (const k of cells) {
      const i = Math.floor(k / n);
      const j = k % n;
      const q = applyH(fit.h, (j + 0.5) * cw, (i + 0.5) * ch);
      if (!q) continue;
      const qx = q[0] / cw - 0.5;
      const qy = q[1] / ch - 0.5;
      const moved = sample(sa, qy, qx);
      if (moved === null) continue;
      const here = sb[k] ?? 0;
      eFace += Math.abs(here - moved);
      eStatic += Math.abs(here - (sa[k] ?? 0));
      shift += Math.hypot(qx - j, qy - i);
      used++;
    }
    if (used < cfg.minCells) return null;
    return {
      shiftCells: shift / used,
      eFace: eFace / used,
      eStatic: eStatic / used,
      cells: used,
      margin,
    };
  };
  const bg =
    cellSet === 'margin'
      ? null
      : measure(surroundCells(b.face.box, b.width, b.height, cfg.reach), false);
  // The background says something: judge on it. Otherwise (the face fills the frame, or what is
  // left of the background is too plain to show motion) judge on the margins around the face box.
  if (bg && Math.max(bg.eFace, bg.eStatic) >= cfg.minErrorGrey) return bg;
  return measure(marginCells(b.face.box, b.width, b.height, cfg.reach), true) ?? bg;
}

export type SurroundKind = 'still' | 'locked' | 'free' | 'unclear' | 'partial';

/**
 * locked: the surround is explained by the face's plane motion far better than by standing still
 * (a picture); free: the other way round (a head moving against its room); unclear: it moved, but
 * neither way; partial: the same on the margin cells of a face filling the frame, where a live
 * head's hair and ears partly follow the face, so it is no evidence either way.
 */
export function classifySurround(
  p: SurroundPair | null,
  cfg: SurroundConfig = FUSION_CONFIG.surround,
): SurroundKind {
  if (!p || p.shiftCells < cfg.minShiftCells || Math.max(p.eFace, p.eStatic) < cfg.minErrorGrey)
    return 'still';
  if (p.eFace <= (p.margin ? cfg.marginLockedRatio : cfg.lockedRatio) * p.eStatic) return 'locked';
  if (p.eStatic <= cfg.freeRatio * p.eFace) return 'free';
  return p.margin ? 'partial' : 'unclear';
}
