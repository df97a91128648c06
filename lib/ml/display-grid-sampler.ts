/**
 * Worker glue for the display-grid measurement (lib/analysis/signals/display-grid.ts): at a bounded
 * media-time rate, reads one native-resolution 64 x 64 patch on a cheek, the two cheeks in turn (no
 * scaling: a screen's pixel grid lives at the camera's own pixel scale), and keeps its isolated
 * spectral peak. About 2–3 ms of CPU per sample (a 64 x 64 read, three blurs and three FFTs).
 * "Native" is the frame the worker analyses: a live frame wider than 640 px has already been scaled
 * down (`maxWidth`), which averages a fine grid away (docs/planar-signals.md §7).
 * Only cheeks: a room's periodic things (a striped shirt, a blind, a radiator) are not on the face,
 * while a screen puts its grid over the face it shows.
 */
import type { FaceLandmarkerResult } from '@mediapipe/tasks-vision';
import type { FrameFeatures } from '../analysis/types';
import { GRID_PEAK_DEFAULTS, gridPeak } from '../analysis/signals/display-grid';
import { largestLandmarks } from './face-texture-sampler';

/** Upper cheeks in the 478-point mesh (the same anchors as the skin patches). */
const CHEEKS = [50, 280] as const;
const N = GRID_PEAK_DEFAULTS.n;
/** The patch is at most this share of the face box's width (faces from 96 px; it stays mostly on the face). */
const MAX_PATCH_SHARE = 0.67;
const MAX_YAW = 30;

/** Where the patches go: top-left corners of the N x N cheek patches inside the frame, or none. */
export function cheekPatches(
  cheeks: readonly [number, number][],
  box: { x: number; y: number; w: number; h: number },
  width: number,
  height: number,
): [number, number][] {
  if (box.w * MAX_PATCH_SHARE < N || width < N || height < N) return [];
  return cheeks.map(([x, y]): [number, number] => [
    Math.min(width - N, Math.max(0, Math.round(x - N / 2))),
    Math.min(height - N, Math.max(0, Math.round(y - N / 2))),
  ]);
}

export class DisplayGridSampler {
  private lastT = -Infinity;
  private turn = 0;
  private ctx: OffscreenCanvasRenderingContext2D | null = null;

  constructor(private readonly intervalMs: number) {}

  reset(): void {
    this.lastT = -Infinity;
    this.turn = 0;
  }

  /** Adds `face.grid` to the features when due; never throws for an odd frame. */
  sample(
    f: FrameFeatures,
    res: FaceLandmarkerResult,
    bitmap: ImageBitmap,
    intervalMs = this.intervalMs,
  ): void {
    const face = f.face;
    if (!face || f.t - this.lastT < intervalMs || Math.abs(face.pose.yaw) > MAX_YAW) return;
    const lm = largestLandmarks(res);
    if (!lm) return;
    const cheeks = CHEEKS.map((i): [number, number] => [
      (lm[i]?.x ?? 0) * f.width,
      (lm[i]?.y ?? 0) * f.height,
    ]);
    const patches = cheekPatches(cheeks, face.box, bitmap.width, bitmap.height);
    const at = patches[this.turn++ % 2];
    if (!at) return;
    const ctx = this.context();
    ctx.clearRect(0, 0, N, N);
    ctx.drawImage(bitmap, at[0], at[1], N, N, 0, 0, N, N); // 1:1, no resampling
    const best = gridPeak(ctx.getImageData(0, 0, N, N).data);
    this.lastT = f.t;
    if (best)
      face.grid = {
        peak: Math.round(best.ratio * 1000) / 1000,
        fx: Math.round(best.fx * 1e4) / 1e4,
        fy: Math.round(best.fy * 1e4) / 1e4,
      };
  }

  private context(): OffscreenCanvasRenderingContext2D {
    if (!this.ctx) {
      const ctx = new OffscreenCanvas(N, N).getContext('2d', { willReadFrequently: true });
      if (!ctx) throw new Error('2d context unavailable in worker');
      ctx.imageSmoothingEnabled = false;
      this.ctx = ctx;
    }
    return this.ctx;
  }
}
