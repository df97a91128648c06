/**
 * Face framing for the recorded interview's device check: is one face wholly in the picture and
 * big enough? Advice for the candidate only, measured in their browser; never evidence (the
 * trusted analysis runs on the server over the recording).
 */
import type { FrameFeatures } from '../analysis/types';

export const FRAMING_LIMITS = {
  /** the face box may reach this far (fraction of the frame) past an edge and still count as in */
  edge: 0.02,
  /** a face narrower than this fraction of the frame is too far away for the analysis */
  minWidth: 0.15,
} as const;

export type TFramingVerdict = 'none' | 'cut' | 'far' | 'ok';

export function framingVerdict(
  f: Pick<FrameFeatures, 'width' | 'height' | 'faceCount' | 'face'>,
): TFramingVerdict {
  const box = f.face?.box;
  if (!box || f.width <= 0 || f.height <= 0) return 'none';
  const ex = FRAMING_LIMITS.edge * f.width;
  const ey = FRAMING_LIMITS.edge * f.height;
  if (box.x < -ex || box.y < -ey || box.x + box.w > f.width + ex || box.y + box.h > f.height + ey)
    return 'cut';
  if (box.w < FRAMING_LIMITS.minWidth * f.width) return 'far';
  return 'ok';
}

export const FRAMING_MESSAGES: Record<TFramingVerdict, string> = {
  none: 'no face seen: move so your face is in the frame',
  cut: 'part of your face is outside the picture: move so your face is in the frame',
  far: 'your face is small: come closer to the camera',
  ok: 'your face is in the frame',
};
