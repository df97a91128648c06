/**
 * Turns one FaceLandmarker result plus the frame's pixels into the FrameFeatures contract.
 * Worker-only (uses OffscreenCanvas). Keeps the little state that features need across frames.
 */
import type { FaceLandmarkerResult, NormalizedLandmark } from '@mediapipe/tasks-vision';
import {
  LANDMARK_SUBSET,
  SCENE_SIZE,
  type Box,
  type FrameFace,
  type FrameFeatures,
} from '../analysis/types';
import { dHash, meanAbsDiff, meanRgb, resampleArea, toGrey, type Rect, type Rgba } from './pixels';
import { poseFromMatrix } from './pose';

/** Face crops wider than this are downscaled before measuring (cost bound; a hash needs little). */
const MAX_CROP = 160;
const DIFF_SIZE = 32;
/** Side of the small grey face thumbnail kept per frame (freeze and loop confirmation). */
const THUMB_SIZE = 8;
/** The whole frame is drawn this small (smoothed), then area-averaged to SCENE_SIZE: background motion. */
const SCENE_DRAW = SCENE_SIZE * 4;
/** Skin patch anchors in the 478-point mesh: mid-forehead and both upper cheeks. */
const FOREHEAD = 151;
const CHEEKS = [50, 280] as const;
const CONTOUR = [234, 454] as const;

const BLENDS = [
  'eyeBlinkLeft',
  'eyeBlinkRight',
  'jawOpen',
  'mouthSmileLeft',
  'mouthSmileRight',
] as const;

/** Round to `decimals` places: keeps JSON fixtures small without float noise (51.800000000000004). */
const round = (v: number, decimals: number): number => {
  const k = 10 ** decimals;
  return Math.round(v * k) / k;
};

function landmarkBox(lm: readonly NormalizedLandmark[], w: number, h: number): Box {
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity;
  for (const p of lm) {
    x0 = Math.min(x0, p.x);
    y0 = Math.min(y0, p.y);
    x1 = Math.max(x1, p.x);
    y1 = Math.max(y1, p.y);
  }
  return {
    x: round(x0 * w, 1),
    y: round(y0 * h, 1),
    w: round((x1 - x0) * w, 1),
    h: round((y1 - y0) * h, 1),
  };
}

function largestFace(
  res: FaceLandmarkerResult,
  w: number,
  h: number,
): { index: number; box: Box } | null {
  let best: { index: number; box: Box } | null = null;
  res.faceLandmarks.forEach((lm, index) => {
    const box = landmarkBox(lm, w, h);
    if (!best || box.w * box.h > best.box.w * best.box.h) best = { index, box };
  });
  return best;
}

/**
 * The face box clamped to the frame, kept at sub-pixel precision: drawImage resamples a fractional
 * source rectangle, so the crop follows the face smoothly. Rounding it to whole pixels made the crop
 * (thumbnail, diff, hash) jump by a pixel whenever landmark noise or a sub-pixel shake crossed a
 * pixel boundary, which the held-frame test read as drift.
 */
function clampRect(b: Box, w: number, h: number): Box {
  const x = Math.min(w - 1, Math.max(0, b.x));
  const y = Math.min(h - 1, Math.max(0, b.y));
  return {
    x,
    y,
    w: Math.max(1, Math.min(w, b.x + b.w) - x),
    h: Math.max(1, Math.min(h, b.y + b.h) - y),
  };
}

function blendOf(res: FaceLandmarkerResult, index: number): FrameFace['blend'] {
  const cats = res.faceBlendshapes[index]?.categories ?? [];
  const get = (name: string): number => {
    const v = cats.find((c) => c.categoryName === name)?.score ?? 0;
    return round(Math.min(1, Math.max(0, v)), 4);
  };
  const out = {} as Record<(typeof BLENDS)[number], number>;
  for (const name of BLENDS) out[name] = get(name);
  return out;
}

export class FeatureExtractor {
  private prevThumb: Float32Array | null = null;
  private readonly ctx: OffscreenCanvasRenderingContext2D;
  private sceneCtx: OffscreenCanvasRenderingContext2D | null = null;

  constructor() {
    const ctx = new OffscreenCanvas(MAX_CROP, MAX_CROP).getContext('2d', {
      willReadFrequently: true,
    });
    if (!ctx) throw new Error('2d context unavailable in worker');
    ctx.imageSmoothingQuality = 'medium';
    this.ctx = ctx;
  }

  reset(): void {
    this.prevThumb = null;
  }

  /** Geometry only (landmarks, pose, blendshapes); pixel fields are left neutral. */
  geometry(res: FaceLandmarkerResult, t: number, w: number, h: number): FrameFeatures {
    const pick = largestFace(res, w, h);
    const base = { t, width: w, height: h, faceCount: res.faceLandmarks.length };
    const lm = pick ? res.faceLandmarks[pick.index] : undefined;
    if (!pick || !lm) return { ...base, face: null };
    const pts: number[] = [];
    for (const i of LANDMARK_SUBSET) {
      const p = lm[i];
      pts.push(round((p?.x ?? 0) * w, 2), round((p?.y ?? 0) * h, 2));
    }
    const m = res.facialTransformationMatrixes[pick.index]?.data ?? [];
    const pose = poseFromMatrix(m);
    return {
      ...base,
      face: {
        box: pick.box,
        pts,
        pose: { yaw: round(pose.yaw, 2), pitch: round(pose.pitch, 2), roll: round(pose.roll, 2) },
        blend: blendOf(res, pick.index),
        skin: { r: 0, g: 0, b: 0 },
        hash: '0000000000000000',
        diff: null,
      },
    };
  }

  /** Fills skin, hash and diff from the face crop's pixels (one small getImageData per frame). */
  pixels(f: FrameFeatures, res: FaceLandmarkerResult, bitmap: ImageBitmap): void {
    const face = f.face;
    if (!face) {
      this.prevThumb = null;
      return;
    }
    const src = clampRect(face.box, f.width, f.height);
    const scale = Math.min(1, MAX_CROP / Math.max(src.w, src.h));
    const cw = Math.max(1, Math.round(src.w * scale));
    const ch = Math.max(1, Math.round(src.h * scale));
    this.ctx.clearRect(0, 0, MAX_CROP, MAX_CROP);
    this.ctx.drawImage(bitmap, src.x, src.y, src.w, src.h, 0, 0, cw, ch);
    const crop: Rgba = { data: this.ctx.getImageData(0, 0, cw, ch).data, width: cw, height: ch };

    const lm = res.faceLandmarks[largestFace(res, f.width, f.height)?.index ?? 0] ?? [];
    face.skin = this.skin(crop, lm, f, src, scale);
    const grey = toGrey(crop);
    face.hash = dHash(grey, cw, ch);
    const thumb = resampleArea(grey, cw, ch, DIFF_SIZE, DIFF_SIZE);
    face.diff = this.prevThumb ? round(meanAbsDiff(thumb, this.prevThumb), 3) : null;
    this.prevThumb = thumb;
    const small = resampleArea(thumb, DIFF_SIZE, DIFF_SIZE, THUMB_SIZE, THUMB_SIZE);
    face.thumb = Array.from(small, (v) => round(v, 2));
    f.scene = this.scene(bitmap);
  }

  /** Whole frame as a SCENE_SIZE² grey thumbnail (averages sensor noise; keeps sub-pixel shifts). */
  private scene(bitmap: ImageBitmap): number[] | undefined {
    if (!this.sceneCtx) {
      const ctx = new OffscreenCanvas(SCENE_DRAW, SCENE_DRAW).getContext('2d', {
        willReadFrequently: true,
      });
      if (!ctx) return undefined;
      ctx.imageSmoothingQuality = 'high';
      this.sceneCtx = ctx;
    }
    const ctx = this.sceneCtx;
    ctx.drawImage(bitmap, 0, 0, SCENE_DRAW, SCENE_DRAW);
    const img = ctx.getImageData(0, 0, SCENE_DRAW, SCENE_DRAW);
    const grey = toGrey({ data: img.data, width: SCENE_DRAW, height: SCENE_DRAW });
    const small = resampleArea(grey, SCENE_DRAW, SCENE_DRAW, SCENE_SIZE, SCENE_SIZE);
    return Array.from(small, (v) => round(v, 2));
  }

  private skin(
    crop: Rgba,
    lm: readonly NormalizedLandmark[],
    f: FrameFeatures,
    src: Box,
    scale: number,
  ): FrameFace['skin'] {
    const px = (i: number): [number, number] => [
      ((lm[i]?.x ?? 0) * f.width - src.x) * scale,
      ((lm[i]?.y ?? 0) * f.height - src.y) * scale,
    ];
    const [ax, ay] = px(CONTOUR[0]);
    const [bx, by] = px(CONTOUR[1]);
    const faceW = Math.hypot(bx - ax, by - ay);
    const patch = (i: number, w: number, h: number): Rect => {
      const [x, y] = px(i);
      return { x: x - w / 2, y: y - h / 2, w, h };
    };
    const patches = [
      patch(FOREHEAD, faceW * 0.3, faceW * 0.12),
      ...CHEEKS.map((c) => patch(c, faceW * 0.12, faceW * 0.12)),
    ];
    const m = meanRgb(crop, patches);
    return { r: round(m.r, 3), g: round(m.g, 3), b: round(m.b, 3) };
  }
}
