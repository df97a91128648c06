/**
 * Worker glue for the face-hull texture measurement: at a bounded media-time rate, on near-frontal
 * faces large enough to have a measurable inner face, draws the face and its surround at native
 * resolution (capped) and measures it with the pure functions in face-texture.ts.
 */
import type { FaceLandmarkerResult } from '@mediapipe/tasks-vision';
import type { FrameFeatures } from '../analysis/types';
import { measureFaceTexture } from './face-texture';
import { FaceSamplerClock, landmarkPx } from './landmarks';

/** MediaPipe face-mesh oval (FACEMESH_FACE_OVAL), in order around the face. */
export const FACE_OVAL = [
  10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377, 152, 148,
  176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109,
] as const;

/** Region drawn around the hull, as a multiple of the hull's bounding box. */
const REGION = 1.9;
/** The hull is drawn at most this wide (cost bound: a region of at most ~300 x 300 px); larger faces are downscaled. */
const MAX_HULL_PX = 160;
/** Below this hull width the inner face has too few blocks to say anything. */
const MIN_HULL_PX = 72;
const MAX_YAW = 30;
const MAX_PITCH = 25;

export class FaceTextureSampler {
  private readonly clock: FaceSamplerClock;
  private canvas: OffscreenCanvas | null = null;
  private ctx: OffscreenCanvasRenderingContext2D | null = null;

  constructor(intervalMs: number) {
    this.clock = new FaceSamplerClock(intervalMs, MAX_YAW, MAX_PITCH);
  }

  reset(): void {
    this.clock.reset();
  }

  /** Adds `face.tex` to the features when due; never throws for an odd frame. */
  sample(
    f: FrameFeatures,
    res: FaceLandmarkerResult,
    bitmap: ImageBitmap,
    intervalMs = this.clock.intervalMs,
  ): void {
    const at = this.clock.face(f, res, intervalMs);
    if (!at) return;
    const { face, lm } = at;
    const hull = landmarkPx(lm, FACE_OVAL, f.width, f.height);
    const xs = hull.map((p) => p[0]);
    const ys = hull.map((p) => p[1]);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const hullW = x1 - x0;
    if (hullW < MIN_HULL_PX) return;
    const scale = Math.min(1, MAX_HULL_PX / hullW);
    const side = Math.max(hullW, y1 - y0) * REGION;
    const sx = Math.max(0, Math.floor((x0 + x1) / 2 - side / 2));
    const sy = Math.max(0, Math.floor((y0 + y1) / 2 - side / 2));
    const sw = Math.min(f.width, Math.ceil(sx + side)) - sx;
    const sh = Math.min(f.height, Math.ceil(sy + side)) - sy;
    const cw = Math.max(1, Math.round(sw * scale));
    const ch = Math.max(1, Math.round(sh * scale));
    const ctx = this.context(cw, ch);
    ctx.drawImage(bitmap, sx, sy, sw, sh, 0, 0, cw, ch);
    const img = { data: ctx.getImageData(0, 0, cw, ch).data, width: cw, height: ch };
    const local = hull.map((p): [number, number] => [(p[0] - sx) * scale, (p[1] - sy) * scale]);
    const tex = measureFaceTexture(img, local);
    this.clock.measured(f.t);
    if (tex) face.tex = tex;
  }

  private context(w: number, h: number): OffscreenCanvasRenderingContext2D {
    if (!this.canvas || !this.ctx || this.canvas.width < w || this.canvas.height < h) {
      this.canvas = new OffscreenCanvas(Math.max(w, 64), Math.max(h, 64));
      const ctx = this.canvas.getContext('2d', { willReadFrequently: true });
      if (!ctx) throw new Error('2d context unavailable in worker');
      ctx.imageSmoothingQuality = 'high';
      this.ctx = ctx;
    }
    this.ctx.clearRect(0, 0, w, h);
    return this.ctx;
  }
}
