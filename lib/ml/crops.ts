/** Crop geometry for the ONNX face models (pure, unit-tested). */
import type { Box } from '../analysis/types';

/** Meso4 was trained on face crops with some margin around the face. */
const MESO_MARGIN = 1.3;

/** Silent-Face-Anti-Spoofing's CropImage._get_new_box: scale around the centre, shift inside. */
export function antiSpoofCropBox(box: Box, scale: number, srcW: number, srcH: number): Box {
  const s = Math.min((srcH - 1) / box.h, (srcW - 1) / box.w, scale);
  const nw = box.w * s;
  const nh = box.h * s;
  const cx = box.x + box.w / 2;
  const cy = box.y + box.h / 2;
  let x0 = cx - nw / 2;
  let y0 = cy - nh / 2;
  let x1 = cx + nw / 2;
  let y1 = cy + nh / 2;
  if (x0 < 0) [x1, x0] = [x1 - x0, 0];
  if (y0 < 0) [y1, y0] = [y1 - y0, 0];
  if (x1 > srcW - 1) [x0, x1] = [x0 - (x1 - srcW + 1), srcW - 1];
  if (y1 > srcH - 1) [y0, y1] = [y0 - (y1 - srcH + 1), srcH - 1];
  return {
    x: Math.round(x0),
    y: Math.round(y0),
    w: Math.round(x1 - x0 + 1),
    h: Math.round(y1 - y0 + 1),
  };
}

/** Square crop around the face with Meso4's margin; may extend past the frame (drawn as black). */
export function textureCropBox(face: Box): Box {
  const side = Math.max(face.w, face.h) * MESO_MARGIN;
  return { x: face.x + face.w / 2 - side / 2, y: face.y + face.h / 2 - side / 2, w: side, h: side };
}
