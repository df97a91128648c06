/// <reference lib="webworker" />
/**
 * The analysis Web Worker: owns every ML runtime. Entry point for
 * `new Worker(new URL('./analysis.worker.ts', import.meta.url), { type: 'module' })` and for the
 * esbuild bundle used by the CLI harness. No Node APIs, no main-thread modules.
 */
// First: no runtime loaded below may reach another origin (MediaPipe's telemetry).
import './same-origin-fetch';
import type {
  FaceLandmarker,
  FaceLandmarkerResult,
  NormalizedLandmark,
} from '@mediapipe/tasks-vision';
import { EYE_H, EYE_W, extrapolateLandmarks, eyeRects, inSpans, patchDelta } from './carry';
import { FeatureExtractor } from './features';
import { FaceTextureSampler } from './face-texture-sampler';
import { DisplayGridSampler, type NativeFrame } from './display-grid-sampler';
import { largestLandmarks } from './landmarks';
import { eyeCentres } from './align';
import { loadIdentityModel, runIdentity } from './identity';
import { loadLandmarker } from './landmarker';
import { FramePacing } from './pacing';
import { toGrey } from './pixels';
import { loadCropModels, runAntiSpoof, runTexture, type CropModels } from './models';
import type { FrameFeatures } from '../analysis/types';
import { ZToWorker, type FromWorker, type FrameMessage, type TEngineOptions } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

interface Engine {
  options: TEngineOptions;
  landmarker: FaceLandmarker;
  models: CropModels | null;
  identity: Awaited<ReturnType<typeof loadIdentityModel>> | null;
  extractor: FeatureExtractor;
  faceTexture: FaceTextureSampler;
  displayGrid: DisplayGridSampler;
}

let engine: Promise<Engine> | null = null;
let lastT = -Infinity;
let busy = false;
let lastAntiSpoofT = -Infinity;
let lastTextureT = -Infinity;
let lastIdentityT = -Infinity;
let lastThumbT = -Infinity;
/**
 * The last two landmark frames (engine option landmarkerIntervalMs): the last one's face is carried
 * to the frames in between, moved at the velocity since the one before; `eye` is its eye patch.
 */
interface LandmarkFrame {
  t: number;
  res: FaceLandmarkerResult;
  eye: Float32Array | null;
}
let lmLast: LandmarkFrame | null = null;
let lmPrev: LandmarkFrame | null = null;
let eyeCtx: OffscreenCanvasRenderingContext2D | null = null;
/** Stretches the optional stages' intervals when few frames are analysed (live rooms on slow machines). */
const pacing = new FramePacing();
/**
 * MediaPipe's VIDEO mode demands increasing timestamps for the lifetime of a landmarker, which
 * is memoised across INITs; a new stream's clock is therefore shifted past the previous one.
 */
let mpLast = 0;
let mpOffset = 0;

const post = (msg: FromWorker): void => self.postMessage(msg);

async function timed<T>(asset: string, load: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  post({ type: 'LOAD_PROGRESS', asset, state: 'loading' });
  try {
    const v = await load();
    post({ type: 'LOAD_PROGRESS', asset, state: 'loaded', ms: performance.now() - t0 });
    return v;
  } catch (e) {
    post({ type: 'LOAD_PROGRESS', asset, state: 'failed', ms: performance.now() - t0 });
    throw e;
  }
}

async function start(assetBaseUrl: string, options: TEngineOptions): Promise<Engine> {
  const t0 = performance.now();
  const wantModels = options.models && !options.landmarkerOnly;
  // The crop models are supporting evidence: if they fail to load, the engine still runs the
  // landmarker (the signals then report anti-spoof/texture as uninformative) and says so.
  const wantIdentity = !options.landmarkerOnly && options.identityIntervalMs > 0;
  const [landmarker, models, identity] = await Promise.all([
    timed('landmarker', () => loadLandmarker({ assetBaseUrl, numFaces: options.numFaces })),
    wantModels
      ? timed('crop-models', () => loadCropModels(assetBaseUrl)).catch((err: unknown) => {
          post({ type: 'ERROR', message: `crop models unavailable: ${String(err)}`, fatal: false });
          return null;
        })
      : Promise.resolve(null),
    wantIdentity
      ? timed('identity-model', () => loadIdentityModel(assetBaseUrl)).catch((err: unknown) => {
          post({
            type: 'ERROR',
            message: `identity model unavailable: ${String(err)}`,
            fatal: false,
          });
          return null;
        })
      : Promise.resolve(null),
  ]);
  post({
    type: 'READY',
    models: [
      'landmarker',
      ...(models ? ['antispoof', 'texture'] : []),
      ...(identity ? ['identity'] : []),
    ],
    ms: performance.now() - t0,
  });
  return {
    options,
    landmarker,
    models,
    identity,
    extractor: new FeatureExtractor(),
    faceTexture: new FaceTextureSampler(options.faceTextureIntervalMs),
    displayGrid: new DisplayGridSampler(options.displayGridIntervalMs),
  };
}

/** Which crop model (if any) runs on this frame: staggered so no frame pays for both. */
function modelDue(e: Engine, t: number, yaw: number): 'antispoof' | 'texture' | null {
  if (!e.models || Math.abs(yaw) >= e.options.modelMaxYawDeg) return null;
  // Stretched like the other optional stages when few frames are analysed: at 3 frames/s the
  // unstretched 400 ms would put the ensemble on every other frame, halving the rate again.
  const every = pacing.interval(e.options.modelIntervalMs);
  if (t - lastAntiSpoofT >= every) return 'antispoof';
  if (
    t - lastTextureT >= pacing.interval(e.options.textureIntervalMs) &&
    t - lastAntiSpoofT >= every / 2
  )
    return 'texture';
  return null;
}

/** A descriptor is due on a frontal, large-enough single face, at most once per interval. */
function identityDue(e: Engine, t: number, features: FrameFeatures): boolean {
  const face = features.face;
  const o = e.options;
  if (!e.identity || !face || features.faceCount !== 1) return false;
  if (t - lastIdentityT < pacing.interval(o.identityIntervalMs)) return false;
  if (Math.abs(face.pose.yaw) >= o.identityMaxPoseDeg) return false;
  if (Math.abs(face.pose.pitch) >= o.identityMaxPoseDeg) return false;
  const { left, right } = eyeCentres(face.pts);
  return Math.hypot(right.x - left.x, right.y - left.y) >= o.identityMinEyePx;
}

/**
 * A small JPEG of the analysed frame itself (live rooms: challenge evidence and flagged-moment
 * stills), so the page never reads the <video> back a second time for them. The canvas is drawn
 * now, while the bitmap is open; the encode finishes while the models run.
 */
function snapshot(e: Engine, bitmap: ImageBitmap, t: number): Promise<Blob | null> | null {
  const w = Math.min(e.options.thumbWidth, bitmap.width);
  if (w <= 0 || t - lastThumbT < e.options.thumbIntervalMs) return null;
  lastThumbT = t;
  const h = Math.max(2, Math.round((bitmap.height * w) / Math.max(1, bitmap.width)));
  const canvas = new OffscreenCanvas(w, h);
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  ctx.imageSmoothingQuality = 'medium';
  ctx.drawImage(bitmap, 0, 0, w, h);
  return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.7 }).catch(() => null);
}

/** The frame's pixels as an ImageBitmap, scaled to ≤ maxWidth (a VideoFrame is read here, off the page thread). */
function toBitmap(msg: FrameMessage): Promise<ImageBitmap> {
  const src = msg.bitmap;
  if (src instanceof ImageBitmap) return Promise.resolve(src);
  const w = src.displayWidth;
  const max = msg.maxWidth ?? 640;
  if (w <= max) return createImageBitmap(src);
  const h = Math.max(2, Math.round((src.displayHeight * max) / w));
  return createImageBitmap(src, { resizeWidth: max, resizeHeight: h, resizeQuality: 'medium' });
}

async function analyse(e: Engine, msg: FrameMessage): Promise<void> {
  const { t } = msg;
  const src = msg.bitmap;
  // A frame scaled for the landmarker loses a screen's fine pixel grid: when a display-grid sample
  // is due, the unscaled VideoFrame stays open until the frame is analysed and the cheek patch is
  // read from it (one 64 x 64 draw); otherwise it is given back as soon as it is read.
  const keep =
    !(src instanceof ImageBitmap) &&
    !e.options.landmarkerOnly &&
    src.displayWidth > (msg.maxWidth ?? 640) &&
    e.displayGrid.due(t, pacing.interval(e.options.displayGridIntervalMs));
  let bitmap: ImageBitmap;
  try {
    bitmap = await toBitmap(msg);
  } catch (err) {
    // the kept frame is closed after the analysis, which will not run: close it here
    if (keep && !(src instanceof ImageBitmap)) src.close();
    throw err;
  } finally {
    // a VideoFrame holds one of the decoder's buffers: give it back as soon as it is read
    if (!(src instanceof ImageBitmap) && !keep) src.close();
  }
  const native: NativeFrame | null =
    keep && !(src instanceof ImageBitmap)
      ? { source: src, width: src.displayWidth, height: src.displayHeight }
      : null;
  try {
    await analyseBitmap(e, bitmap, t, native);
  } finally {
    if (bitmap !== msg.bitmap) bitmap.close();
    if (native) src.close();
  }
}

/** Both eyes' patches, grey, EYE_W × EYE_H each, at these landmarks (null: no usable eyes). */
function eyePatch(bitmap: ImageBitmap, lm: readonly NormalizedLandmark[]) {
  const rects = eyeRects(lm, bitmap.width, bitmap.height);
  if (!rects) return null;
  if (!eyeCtx) {
    eyeCtx = new OffscreenCanvas(2 * EYE_W, EYE_H).getContext('2d', { willReadFrequently: true });
    if (!eyeCtx) return null;
    eyeCtx.imageSmoothingQuality = 'medium';
  }
  const ctx = eyeCtx;
  ctx.clearRect(0, 0, 2 * EYE_W, EYE_H);
  rects.forEach(([x, y, w, h], i) => ctx.drawImage(bitmap, x, y, w, h, i * EYE_W, 0, EYE_W, EYE_H));
  const img = ctx.getImageData(0, 0, 2 * EYE_W, EYE_H);
  return toGrey({ data: img.data, width: 2 * EYE_W, height: EYE_H });
}

/**
 * The carried face for a frame the landmarker may skip, or null when it must run: the interval
 * since the last landmark frame has passed, the frame is in a full-rate span (a challenge), the last
 * landmark frame had no face, or the eyes changed (a blink starting or ending: lid motion is what
 * the lower rate would blur).
 */
function carriedResult(
  e: Engine,
  bitmap: ImageBitmap,
  t: number,
): { res: FaceLandmarkerResult | null; eyeDelta?: number } {
  const o = e.options;
  const none = { res: null };
  if (o.landmarkerIntervalMs <= 0 || o.landmarkerOnly || !lmLast) return none;
  if (lmLast.res.faceLandmarks.length === 0 || !lmLast.eye) return none;
  if (t - lmLast.t >= o.landmarkerIntervalMs || inSpans(t, o.fullRateSpans)) return none;
  const prev = lmPrev && lmPrev.res.faceLandmarks.length === lmLast.res.faceLandmarks.length;
  const res: FaceLandmarkerResult = {
    ...lmLast.res,
    faceLandmarks: lmLast.res.faceLandmarks.map((lm, i) =>
      extrapolateLandmarks(
        prev ? (lmPrev!.res.faceLandmarks[i] ?? null) : null,
        lmPrev?.t ?? -Infinity,
        lm,
        lmLast!.t,
        t,
      ),
    ),
  };
  const lm = largestLandmarks(res);
  const eye = lm && eyePatch(bitmap, lm);
  if (!eye) return none;
  const eyeDelta = Math.round(patchDelta(eye, lmLast.eye) * 100) / 100;
  return { res: eyeDelta >= o.eyeTriggerLevel ? null : res, eyeDelta };
}

async function analyseBitmap(
  e: Engine,
  bitmap: ImageBitmap,
  t: number,
  native: NativeFrame | null,
): Promise<void> {
  const thumb = snapshot(e, bitmap, t);
  const t0 = performance.now();
  const weighed = carriedResult(e, bitmap, t);
  const carried = weighed.res;
  let res: FaceLandmarkerResult;
  if (carried) {
    res = carried;
  } else {
    mpLast = Math.max(mpLast + 1, mpOffset + t);
    res = e.landmarker.detectForVideo(bitmap, mpLast);
    if (e.options.landmarkerIntervalMs > 0) {
      const lm = largestLandmarks(res);
      [lmPrev, lmLast] = [lmLast, { t, res, eye: lm && eyePatch(bitmap, lm) }];
    }
  }
  const t1 = performance.now();
  const features = e.extractor.geometry(res, t, bitmap.width, bitmap.height);
  if (carried && features.face) features.face.carried = true;
  if (weighed.eyeDelta !== undefined && features.face) features.face.eyeDelta = weighed.eyeDelta;
  if (!e.options.landmarkerOnly) e.extractor.pixels(features, res, bitmap);
  pacing.observe(t);
  // The hull texture, the crop models and identity align to the landmarks: measured frames only.
  if (!e.options.landmarkerOnly && !carried) {
    e.faceTexture.sample(features, res, bitmap, pacing.interval(e.options.faceTextureIntervalMs));
    const gridEvery = pacing.interval(e.options.displayGridIntervalMs);
    e.displayGrid.sample(features, res, bitmap, gridEvery, native);
  }
  const t2 = performance.now();
  const face = carried ? null : features.face;
  const due = face ? modelDue(e, t, face.pose.yaw) : null;
  if (face && e.models && due === 'antispoof') {
    face.antiSpoofReal = Math.round((await runAntiSpoof(e.models, bitmap, face.box)) * 1e4) / 1e4;
    lastAntiSpoofT = t;
  } else if (face && e.models && due === 'texture') {
    face.textureReal = Math.round((await runTexture(e.models, bitmap, face.box)) * 1e4) / 1e4;
    lastTextureT = t;
  } else if (face && e.identity && identityDue(e, t, features)) {
    // never on the same frame as a crop model, so one frame pays for at most one network
    face.identity = await runIdentity(e.identity, bitmap, face);
    lastIdentityT = t;
  }
  const t3 = performance.now();
  const jpeg = thumb ? await thumb : null;
  post({
    type: 'RESULT',
    features,
    timing: { landmarkerMs: t1 - t0, featuresMs: t2 - t1, modelsMs: t3 - t2 },
    ...(jpeg ? { thumb: jpeg } : {}),
  });
}

async function onFrame(msg: FrameMessage): Promise<void> {
  // Backpressure is the caller's job; a frame that arrives while one is in flight is dropped,
  // never queued, so latency cannot build up behind a slow frame.
  if (busy || !engine) {
    msg.bitmap.close();
    post({
      type: 'ERROR',
      message: engine ? 'dropped: busy' : 'dropped: not initialised',
      t: msg.t,
      fatal: false,
    });
    return;
  }
  if (!(msg.t > lastT)) {
    msg.bitmap.close();
    post({
      type: 'ERROR',
      message: `dropped: timestamp ${msg.t} not after ${lastT}`,
      t: msg.t,
      fatal: false,
    });
    return;
  }
  busy = true;
  lastT = msg.t;
  try {
    await analyse(await engine, msg);
  } catch (err) {
    post({
      type: 'ERROR',
      message: err instanceof Error ? err.message : String(err),
      t: msg.t,
      fatal: false,
    });
  } finally {
    msg.bitmap.close();
    busy = false;
  }
}

self.onmessage = (ev: MessageEvent<unknown>): void => {
  const parsed = ZToWorker.safeParse(ev.data);
  if (!parsed.success) {
    post({ type: 'ERROR', message: `bad message: ${parsed.error.message}`, fatal: false });
    return;
  }
  const msg = parsed.data;
  if (msg.type === 'INIT') {
    lastT = -Infinity;
    lastAntiSpoofT = -Infinity;
    lastTextureT = -Infinity;
    lastIdentityT = -Infinity;
    lastThumbT = -Infinity;
    lmLast = null;
    lmPrev = null;
    pacing.reset();
    mpOffset = mpLast + 1000;
    engine = start(msg.assetBaseUrl, msg.options);
    // A failed start is forgotten so a later INIT retries (the loaders evict failures too).
    engine.catch((err: unknown) => {
      engine = null;
      post({
        type: 'ERROR',
        message: err instanceof Error ? err.message : String(err),
        fatal: true,
      });
    });
    return;
  }
  void onFrame(msg);
};
