import { FUSION_CONFIG } from '../fusion-config';
import { SCENE_SIZE, type Box, type FrameFeatures } from '../types';

/**
 * Whole-picture shift between two frames, measured on the background (FrameFeatures.scene) with the
 * face, hair and the body below the chin masked out: a held still on a shaking rig moves the background and the
 * face together, a live person moves against a still background. One Lucas–Kanade step on the
 * SCENE_SIZE² thumbnail (symmetric gradients), good for shifts well under one cell (a few px).
 * Returns the shift in frame pixels (b relative to a), or null when the background has too little
 * texture to tell (plain wall, face filling the frame) or the thumbnails are missing.
 * Where it stops working: a background that moves by itself (a screen, a passer-by, a pan of more
 * than a cell) biases the shift; a featureless background gives null and the caller falls back to
 * uncompensated landmark motion.
 */

/**
 * Cells that may move with the person: the face box widened by a fifth of its width each side and
 * by 0.3 of its height above (hair), and every row below the chin (neck, shoulders, torso).
 */
export function sceneMask(box: Box, width: number, height: number): boolean[] {
  const n = SCENE_SIZE;
  const cw = width / n;
  const ch = height / n;
  const x0 = box.x - 0.2 * box.w;
  const x1 = box.x + 1.2 * box.w;
  const y0 = box.y - 0.3 * box.h;
  const chin = box.y + box.h;
  const out: boolean[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const cx0 = j * cw;
      const cy0 = i * ch;
      const inFace = cx0 + cw > x0 && cx0 < x1 && cy0 + ch > y0;
      const below = cy0 + ch > chin;
      out.push(!inFace && !below);
    }
  }
  return out;
}

export interface SceneShift {
  dx: number;
  dy: number;
}

export function sceneShift(
  a: FrameFeatures,
  b: FrameFeatures,
  cfg: { sceneMinCells: number; sceneMinGradient: number } = FUSION_CONFIG.held,
): SceneShift | null {
  const sa = a.scene;
  const sb = b.scene;
  const n = SCENE_SIZE;
  if (!sa || !sb || sa.length !== n * n || sb.length !== n * n || !a.face || !b.face) return null;
  if (a.width !== b.width || a.height !== b.height) return null;
  const ma = sceneMask(a.face.box, a.width, a.height);
  const mb = sceneMask(b.face.box, b.width, b.height);
  const at = (s: readonly number[], i: number, j: number): number => s[i * n + j] ?? 0;
  /** Bilinear sample of `s` at (row y, column x) in cell units, clamped to the grid. */
  const sample = (s: readonly number[], y: number, x: number): number => {
    const cy = Math.min(n - 1.001, Math.max(0, y));
    const cx = Math.min(n - 1.001, Math.max(0, x));
    const i = Math.floor(cy);
    const j = Math.floor(cx);
    const fy = cy - i;
    const fx = cx - j;
    return (
      (1 - fy) * ((1 - fx) * at(s, i, j) + fx * at(s, i, j + 1)) +
      fy * ((1 - fx) * at(s, i + 1, j) + fx * at(s, i + 1, j + 1))
    );
  };
  // b(x) = a(x - u): Gauss–Newton on u (cell units), a few steps warping b back by the estimate.
  let ux = 0;
  let uy = 0;
  for (let iter = 0; iter < 4; iter++) {
    let sxx = 0;
    let sxy = 0;
    let syy = 0;
    let sxt = 0;
    let syt = 0;
    let cells = 0;
    for (let i = 1; i < n - 1; i++) {
      for (let j = 1; j < n - 1; j++) {
        const k = i * n + j;
        if (!ma[k] || !mb[k]) continue;
        const gx = (at(sa, i, j + 1) - at(sa, i, j - 1)) / 2;
        const gy = (at(sa, i + 1, j) - at(sa, i - 1, j)) / 2;
        const e = sample(sb, i + uy, j + ux) - at(sa, i, j);
        sxx += gx * gx;
        sxy += gx * gy;
        syy += gy * gy;
        sxt += gx * e;
        syt += gy * e;
        cells++;
      }
    }
    if (cells < cfg.sceneMinCells) return null;
    const det = sxx * syy - sxy * sxy;
    // Both directions need texture: the smaller eigenvalue of the structure tensor, per cell.
    const tr = sxx + syy;
    const minEig = (tr - Math.sqrt(Math.max(0, tr * tr - 4 * det))) / 2;
    if (minEig / cells < cfg.sceneMinGradient) return null;
    // e ≈ g·(u_k − u)  =>  u = u_k − (gᵀg)⁻¹ gᵀe
    const stepX = (syy * sxt - sxy * syt) / det;
    const stepY = (sxx * syt - sxy * sxt) / det;
    ux -= stepX;
    uy -= stepY;
    if (Math.hypot(stepX, stepY) < 1e-3) break;
  }
  return { dx: (ux * a.width) / n, dy: (uy * a.height) / n };
}
