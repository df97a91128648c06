/**
 * Face identity descriptor: dlib's ResNet face-recognition network (128-d, converted to ONNX at
 * install time from face-api's weights, see models/manifest.json), on an eye-aligned 150x150 chip.
 * Worker-only. Same person: Euclidean distance typically < 0.6 (the measured threshold lives in
 * lib/analysis/identity.ts).
 */
import * as ort from 'onnxruntime-web/wasm';
import type { FrameFace } from '../analysis/types';
import { CHIP_SIZE, chipTransform, eyeCentres } from './align';
import { configureOrt, loadSession } from './models';

export const FACEREC_MODEL = 'face_recognition_dlib.onnx';
const MEAN_RGB = [122.782, 117.001, 104.298] as const;

export async function loadIdentityModel(assetBaseUrl: string): Promise<ort.InferenceSession> {
  configureOrt(assetBaseUrl);
  return loadSession(new URL(`models/${FACEREC_MODEL}`, assetBaseUrl).href);
}

let chipCtx: OffscreenCanvasRenderingContext2D | null = null;

/** The aligned face chip's RGBA pixels. */
export function faceChip(bitmap: ImageBitmap, face: FrameFace): Uint8ClampedArray {
  if (!chipCtx) {
    chipCtx = new OffscreenCanvas(CHIP_SIZE, CHIP_SIZE).getContext('2d', {
      willReadFrequently: true,
    });
    if (!chipCtx) throw new Error('2d context unavailable');
  }
  const { left, right } = eyeCentres(face.pts);
  chipCtx.setTransform(1, 0, 0, 1, 0, 0);
  chipCtx.fillStyle = '#000';
  chipCtx.fillRect(0, 0, CHIP_SIZE, CHIP_SIZE);
  chipCtx.imageSmoothingQuality = 'high';
  chipCtx.setTransform(...chipTransform(left, right));
  chipCtx.drawImage(bitmap, 0, 0);
  chipCtx.setTransform(1, 0, 0, 1, 0, 0);
  return chipCtx.getImageData(0, 0, CHIP_SIZE, CHIP_SIZE).data;
}

/** The 128-d descriptor of the face, rounded to 4 decimals (it crosses the worker boundary as JSON). */
export async function runIdentity(
  session: ort.InferenceSession,
  bitmap: ImageBitmap,
  face: FrameFace,
): Promise<number[]> {
  const px = faceChip(bitmap, face);
  const plane = CHIP_SIZE * CHIP_SIZE;
  const input = new Float32Array(3 * plane);
  for (let p = 0; p < plane; p++) {
    for (let c = 0; c < 3; c++)
      input[c * plane + p] = ((px[p * 4 + c] ?? 0) - (MEAN_RGB[c] ?? 0)) / 255;
  }
  const out = await session.run({
    [session.inputNames[0] ?? 'input']: new ort.Tensor('float32', input, [
      1,
      3,
      CHIP_SIZE,
      CHIP_SIZE,
    ]),
  });
  const e = out[session.outputNames[0] ?? ''];
  const data = e ? (e.data as Float32Array) : null;
  if (!data || data.length !== 128) throw new Error('identity model returned no 128-d output');
  return Array.from(data, (v) => Math.round(v * 1e4) / 1e4);
}
