/**
 * Worker glue for the display-grid measurement (lib/analysis/signals/display-grid.ts): at a bounded
 * media-time rate, reads one 64 x 64 patch (32 x 32 on faces 48–95 px wide) on a cheek, the two
 * cheeks in turn, 1:1 from the camera's own pixels (no scaling: a screen's pixel grid lives at the
 * camera's pixel scale), and keeps its isolated spectral peak. About 2–3 ms of CPU per 64-px sample
 * (a 64 x 64 read, three blurs and three FFTs), a quarter of that for a 32-px one.
 *
 * Which pixels: a live frame wider than 640 px is scaled down before the landmarker (`maxWidth`),
 * which averages a fine grid away; when the worker still holds the unscaled frame (a VideoFrame it
 * kept open because a sample was due), the patch is read from that frame instead, at the cheek's
 * position scaled up, and the face's size is judged in its pixels. Otherwise (a file the harness
 * feeds as an ImageBitmap, frames ≤ 640 px) the analysed frame is the camera's.
 *
 * Only cheeks: a room's periodic things (a striped shirt, a blind, a radiator) are not on the face,
 * while a screen puts its grid over the face it shows.
 */
import type { FaceLandmarkerResult } from '@mediapipe/tasks-vision';
import type { FrameFeatures } from '../analysis/types';
import {
  GRID_PEAK_DEFAULTS,
  GRID_PEAK_SMALL,
  gridPeak,
  type GridPeakOptions,
} from '../analysis/signals/display-grid';
import { FaceSamplerClock, landmarkPx } from './landmarks';

/** Upper cheeks in the 478-point mesh (the same anchors as the skin patches). */
const CHEEKS = [50, 280] as const;
/**
 * The patch is at most this share of the face box's width, so it stays mostly on the face. The
 * canonical face mesh puts the cheek anchor 0.18 of the face's width from the face's side and from
 * the lower eyelid: a patch of 0.36 of the width is all skin, one of 0.67 about two-thirds skin
 * (its outer and upper edges reach the face's side, the eye corner and the background).
 */
const MAX_PATCH_SHARE = 0.67;
const MAX_YAW = 30;
/** Patch sizes, largest first: the largest that fits the face is used. */
const SIZES: readonly GridPeakOptions[] = [GRID_PEAK_DEFAULTS, GRID_PEAK_SMALL];

/** The unscaled frame the analysed one was scaled from (same picture, `width` x `height` px). */
export interface NativeFrame {
  source: CanvasImageSource;
  width: number;
  height: number;
}

/**
 * Where the patches go: their side `n` and the top-left corners of the n x n cheek patches inside
 * the frame, or none when the face is too small for even the smallest patch. Coordinates, box and
 * frame size are in the pixels the patch is read from.
 */
export function cheekPatches(
  cheeks: readonly [number, number][],
  box: { x: number; y: number; w: number; h: number },
  width: number,
  height: number,
): { opts: GridPeakOptions; at: [number, number][] } | null {
  const opts = SIZES.find((o) => box.w * MAX_PATCH_SHARE >= o.n && width >= o.n && height >= o.n);
  if (!opts) return null;
  const N = opts.n;
  return {
    opts,
    at: cheeks.map(([x, y]): [number, number] => [
      Math.min(width - N, Math.max(0, Math.round(x - N / 2))),
      Math.min(height - N, Math.max(0, Math.round(y - N / 2))),
    ]),
  };
}

export class DisplayGridSampler {
  private readonly clock: FaceSamplerClock;
  private turn = 0;
  private ctx: OffscreenCanvasRenderingContext2D | null = null;

  constructor(intervalMs: number) {
    this.clock = new FaceSamplerClock(intervalMs, MAX_YAW);
  }

  reset(): void {
    this.clock.reset();
    this.turn = 0;
  }

  /** Whether a sample is due at media time t (the worker keeps the unscaled frame open for it). */
  due(t: number, intervalMs = this.clock.intervalMs): boolean {
    return this.clock.due(t, intervalMs);
  }

  /** Adds `face.grid` to the features when due; never throws for an odd frame. */
  sample(
    f: FrameFeatures,
    res: FaceLandmarkerResult,
    bitmap: ImageBitmap,
    intervalMs = this.clock.intervalMs,
    native?: NativeFrame | null,
  ): void {
    const due = this.clock.face(f, res, intervalMs);
    if (!due) return;
    const src = native && native.width > bitmap.width ? native : null;
    const [width, height] = src ? [src.width, src.height] : [bitmap.width, bitmap.height];
    const s = width / f.width;
    const box = due.face.box;
    const cheeks = landmarkPx(due.lm, CHEEKS, width, height);
    const patches = cheekPatches(
      cheeks,
      { x: box.x * s, y: box.y * s, w: box.w * s, h: box.h * s },
      width,
      height,
    );
    const at = patches?.at[this.turn++ % 2];
    if (!patches || !at) return;
    const N = patches.opts.n;
    const ctx = this.context();
    ctx.clearRect(0, 0, N, N);
    ctx.drawImage(src ? src.source : bitmap, at[0], at[1], N, N, 0, 0, N, N); // 1:1, no resampling
    const best = gridPeak(ctx.getImageData(0, 0, N, N).data, patches.opts);
    this.clock.measured(f.t);
    if (best)
      due.face.grid = {
        peak: Math.round(best.ratio * 1000) / 1000,
        fx: Math.round(best.fx * 1e4) / 1e4,
        fy: Math.round(best.fy * 1e4) / 1e4,
      };
  }

  private context(): OffscreenCanvasRenderingContext2D {
    if (!this.ctx) {
      const n = GRID_PEAK_DEFAULTS.n;
      const ctx = new OffscreenCanvas(n, n).getContext('2d', { willReadFrequently: true });
      if (!ctx) throw new Error('2d context unavailable in worker');
      ctx.imageSmoothingEnabled = false;
      this.ctx = ctx;
    }
    return this.ctx;
  }
}
