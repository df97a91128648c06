import type { FaceLandmarkerResult, NormalizedLandmark } from '@mediapipe/tasks-vision';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { syntheticFrames } from '../analysis/testing/synthetic-face';
import type { FrameFeatures } from '../analysis/types';
import { DisplayGridSampler } from './display-grid-sampler';

/** An RGBA image the stand-in canvas can draw from (a decoded frame, scaled or not). */
interface Picture {
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
}

/**
 * A camera frame of W x H: smooth skin with a display grid (an RGB-stripe pattern of period 3.1 px,
 * the sub-pixels of a screen at 3.1 camera px per display pixel) where `grid` is true.
 */
function frame(W: number, H: number, grid: boolean): Picture {
  const rgba = new Uint8ClampedArray(W * H * 4);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const i = (y * W + x) * 4;
      const shade = 150 + 20 * Math.sin(x / 40) + 10 * Math.cos(y / 50);
      for (let c = 0; c < 3; c++) {
        const stripe = 1 + 0.35 * Math.cos((2 * Math.PI * (x / 3.1 - c / 3)) % (2 * Math.PI));
        rgba[i + c] = shade * (grid ? stripe : 1) * [1, 0.8, 0.68][c]!;
      }
      rgba[i + 3] = 255;
    }
  return { width: W, height: H, rgba };
}

/** Area-averaged 2x downscale (what a scaled live frame is: the grid averages away). */
function half(p: Picture): Picture {
  const [w, h] = [p.width / 2, p.height / 2];
  const rgba = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let c = 0; c < 4; c++) {
        let s = 0;
        for (const [dx, dy] of [
          [0, 0],
          [1, 0],
          [0, 1],
          [1, 1],
        ] as const)
          s += p.rgba[((2 * y + dy) * p.width + 2 * x + dx) * 4 + c]!;
        rgba[(y * w + x) * 4 + c] = s / 4;
      }
  return { width: w, height: h, rgba };
}

/** Just enough of OffscreenCanvas for the sampler: 1:1 drawImage of a region, getImageData. */
class StandInCanvas {
  draws: { src: Picture; sx: number; sy: number; sw: number }[] = [];
  private data: Uint8ClampedArray;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.data = new Uint8ClampedArray(width * height * 4);
  }
  getContext() {
    return {
      imageSmoothingEnabled: true,
      clearRect: () => this.data.fill(0),
      drawImage: (src: Picture, sx: number, sy: number, sw: number, sh: number) => {
        this.draws.push({ src, sx, sy, sw });
        for (let y = 0; y < sh; y++)
          for (let x = 0; x < sw; x++)
            for (let c = 0; c < 4; c++)
              this.data[(y * this.width + x) * 4 + c] =
                src.rgba[((sy + y) * src.width + sx + x) * 4 + c]!;
      },
      getImageData: (_x: number, _y: number, w: number, h: number) => {
        const out = new Uint8ClampedArray(w * h * 4);
        for (let y = 0; y < h; y++)
          out.set(this.data.subarray(y * this.width * 4, (y * this.width + w) * 4), y * w * 4);
        return { data: out };
      },
    };
  }
}

let canvases: StandInCanvas[] = [];
beforeEach(() => {
  canvases = [];
  vi.stubGlobal(
    'OffscreenCanvas',
    class extends StandInCanvas {
      constructor(w: number, h: number) {
        super(w, h);
        canvases.push(this);
      }
    },
  );
});
afterEach(() => vi.unstubAllGlobals());

/** A face whose cheek landmarks (50, 280) sit at (0.4, 0.5) and (0.6, 0.5) of the frame. */
function landmarks(): FaceLandmarkerResult {
  const lm: NormalizedLandmark[] = Array.from({ length: 478 }, () => ({
    x: 0.5,
    y: 0.5,
    z: 0,
    visibility: 1,
  }));
  lm[50] = { x: 0.4, y: 0.5, z: 0, visibility: 1 };
  lm[280] = { x: 0.6, y: 0.5, z: 0, visibility: 1 };
  return { faceLandmarks: [lm], faceBlendshapes: [], facialTransformationMatrixes: [] };
}

/** The analysed frame's features: a frontal face `faceW` px wide in a `w` x `h` frame. */
function features(w: number, h: number, faceW: number): FrameFeatures {
  const f = syntheticFrames({ durationMs: 100, fps: 10, motion: () => ({}) })[0]!;
  return {
    ...f,
    width: w,
    height: h,
    face: { ...f.face!, box: { x: w / 2 - faceW / 2, y: h / 3, w: faceW, h: faceW * 1.2 } },
  };
}

describe('DisplayGridSampler', () => {
  const native = frame(256, 192, true);
  const scaled = half(native);
  const bitmap = (p: Picture) => p as unknown as ImageBitmap;

  it('without the unscaled frame it reads the analysed one (a 90-px face: a 32-px patch)', () => {
    const f = features(scaled.width, scaled.height, 90);
    new DisplayGridSampler(0).sample(f, landmarks(), bitmap(scaled), 0);
    expect(canvases[0]?.draws[0]).toMatchObject({ src: scaled, sw: 32 });
  });

  it('reads the cheek 1:1 from the unscaled frame when it has it: a 64-px patch, the grid seen', () => {
    const f = features(scaled.width, scaled.height, 90); // 180 px wide in the camera's pixels
    const s = new DisplayGridSampler(0);
    s.sample(f, landmarks(), bitmap(scaled), 0, {
      source: native as unknown as CanvasImageSource,
      width: native.width,
      height: native.height,
    });
    // cheek 50 at 0.4 x 256 = 102.4 px: the 64-px patch starts at 70; y at 0.5 x 192 - 32 = 64
    expect(canvases[0]?.draws[0]).toMatchObject({ src: native, sx: 70, sy: 64, sw: 64 });
    expect(f.face?.grid?.peak).toBeGreaterThanOrEqual(1);
  });

  it('a 48–95 px face gets a 32-px patch, a smaller one none; not again before the interval', () => {
    const small = frame(128, 96, true);
    const f = features(128, 96, 60);
    const s = new DisplayGridSampler(150);
    s.sample(f, landmarks(), bitmap(small));
    expect(canvases[0]?.draws[0]?.sw).toBe(32);
    expect(f.face?.grid?.peak).toBeGreaterThanOrEqual(1);
    const next = { ...features(128, 96, 60), t: f.t + 100 };
    s.sample(next, landmarks(), bitmap(small));
    expect(next.face?.grid).toBeUndefined();
    const tiny = features(128, 96, 40);
    new DisplayGridSampler(0).sample(tiny, landmarks(), bitmap(small), 0);
    expect(tiny.face?.grid).toBeUndefined();
  });
});
