/**
 * ONNX crop models (anti-spoof ensemble, Meso4 texture) on onnxruntime-web's wasm backend.
 * Worker-only. Contracts: /work/shared/models/README.md (mirrored in models/manifest.json).
 */
import * as ort from 'onnxruntime-web/wasm';
import type { Box } from '../analysis/types';
import { antiSpoofCropBox, textureCropBox } from './crops';
import { memoAsync } from './memo';

export const ANTISPOOF_MODELS = [
  { file: 'minifasnet_v2_80x80_scale2.7.onnx', scale: 2.7 },
  { file: 'minifasnet_v1se_80x80_scale4.0.onnx', scale: 4.0 },
] as const;
export const TEXTURE_MODEL = 'meso4_df.onnx';

const FAS_SIZE = 80;
const MESO_SIZE = 256;

let envBase: string | null = null;

/**
 * ort reads env once, at its first session: fix the wasm location (our origin, never a CDN) and
 * a single thread (the worker runs stages sequentially; threads would fight the landmarker for
 * the 2 cores). Passing only `wasm` (no `mjs`/prefix) makes ort use the loader embedded in the
 * bundle instead of import()-ing one at run time, which avoids onnxruntime#22615 under bundlers.
 */
export function configureOrt(assetBaseUrl: string): void {
  if (envBase !== null) return;
  envBase = assetBaseUrl;
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.proxy = false;
  ort.env.wasm.wasmPaths = {
    wasm: new URL('vendor/ort/ort-wasm-simd-threaded.wasm', assetBaseUrl).href,
  };
}

export const loadSession = memoAsync(async (url: string): Promise<ort.InferenceSession> => {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`model fetch ${url}: HTTP ${res.status}`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  return ort.InferenceSession.create(bytes, {
    executionProviders: ['wasm'],
    graphOptimizationLevel: 'all',
  });
});

export interface CropModels {
  antiSpoof: ort.InferenceSession[];
  texture: ort.InferenceSession;
}

export async function loadCropModels(assetBaseUrl: string): Promise<CropModels> {
  configureOrt(assetBaseUrl);
  const url = (file: string): string => new URL(`models/${file}`, assetBaseUrl).href;
  const [v2, v1se, texture] = await Promise.all([
    loadSession(url(ANTISPOOF_MODELS[0].file)),
    loadSession(url(ANTISPOOF_MODELS[1].file)),
    loadSession(url(TEXTURE_MODEL)),
  ]);
  return { antiSpoof: [v2, v1se], texture };
}

function softmax(v: ArrayLike<number>): number[] {
  const xs = Array.from(v, Number);
  const m = Math.max(...xs);
  const e = xs.map((x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}

/** Reusable crop canvas: one per size, never reallocated per frame. */
const canvases = new Map<number, OffscreenCanvasRenderingContext2D>();
function cropPixels(bitmap: ImageBitmap, r: Box, size: number): Uint8ClampedArray {
  let ctx = canvases.get(size);
  if (!ctx) {
    const c = new OffscreenCanvas(size, size).getContext('2d', { willReadFrequently: true });
    if (!c) throw new Error('2d context unavailable');
    ctx = c;
    canvases.set(size, ctx);
  }
  ctx.clearRect(0, 0, size, size);
  ctx.drawImage(bitmap, r.x, r.y, r.w, r.h, 0, 0, size, size);
  return ctx.getImageData(0, 0, size, size).data;
}

/** Anti-spoof ensemble P(real): mean of the two MiniFASNets' softmax, class 1 = real. */
export async function runAntiSpoof(m: CropModels, bitmap: ImageBitmap, face: Box): Promise<number> {
  let sum = [0, 0, 0];
  for (const [i, session] of m.antiSpoof.entries()) {
    const scale = ANTISPOOF_MODELS[i]?.scale ?? 2.7;
    const px = cropPixels(
      bitmap,
      antiSpoofCropBox(face, scale, bitmap.width, bitmap.height),
      FAS_SIZE,
    );
    const plane = FAS_SIZE * FAS_SIZE;
    const input = new Float32Array(3 * plane);
    for (let p = 0; p < plane; p++) {
      // BGR planes, raw 0..255 (the reference feeds OpenCV's BGR uint8 without normalisation)
      input[p] = px[p * 4 + 2] ?? 0;
      input[plane + p] = px[p * 4 + 1] ?? 0;
      input[2 * plane + p] = px[p * 4] ?? 0;
    }
    const feeds = {
      [session.inputNames[0] ?? 'input']: new ort.Tensor('float32', input, [
        1,
        3,
        FAS_SIZE,
        FAS_SIZE,
      ]),
    };
    const out = await session.run(feeds);
    const logits = out[session.outputNames[0] ?? ''];
    if (!logits) throw new Error('anti-spoof model returned no output');
    const p = softmax(logits.data as Float32Array);
    sum = sum.map((s, k) => s + (p[k] ?? 0));
  }
  return (sum[1] ?? 0) / m.antiSpoof.length;
}

/** Meso4 P(real) on a square face crop with margin, RGB 0..1 NHWC. */
export async function runTexture(m: CropModels, bitmap: ImageBitmap, face: Box): Promise<number> {
  const px = cropPixels(bitmap, textureCropBox(face), MESO_SIZE);
  const n = MESO_SIZE * MESO_SIZE;
  const input = new Float32Array(3 * n);
  for (let p = 0; p < n; p++) {
    input[p * 3] = (px[p * 4] ?? 0) / 255;
    input[p * 3 + 1] = (px[p * 4 + 1] ?? 0) / 255;
    input[p * 3 + 2] = (px[p * 4 + 2] ?? 0) / 255;
  }
  const s = m.texture;
  const out = await s.run({
    [s.inputNames[0] ?? 'input']: new ort.Tensor('float32', input, [1, MESO_SIZE, MESO_SIZE, 3]),
  });
  const prob = out[s.outputNames[0] ?? ''];
  const v = prob ? Number((prob.data as Float32Array)[0]) : NaN;
  if (!Number.isFinite(v)) throw new Error('texture model returned no output');
  return Math.min(1, Math.max(0, v));
}
