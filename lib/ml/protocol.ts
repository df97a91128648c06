/**
 * The typed message protocol between the main thread and the analysis worker.
 * Both directions are discriminated unions on `type`; zod guards the worker's inbox (the one
 * place where a malformed message would otherwise surface as an obscure wasm error) and the
 * main thread's inbox (so a worker bug cannot push non-contract data into the signals).
 */
import { z } from 'zod';
import { SCENE_SIZE, type FrameFeatures } from '../analysis/types';

export const ZEngineOptions = z.object({
  /** how many faces the landmarker looks for; >1 so extra faces are counted */
  numFaces: z.number().int().min(1).max(4).default(2),
  /** run the anti-spoof ensemble at most this often (media time, so results do not depend on speed) */
  modelIntervalMs: z.number().min(0).default(400),
  /** run the (weak, supporting) Meso4 texture model at most this often (media time) */
  textureIntervalMs: z.number().min(0).default(1000),
  /** skip the crop models when |yaw| exceeds this (they are trained on near-frontal faces) */
  modelMaxYawDeg: z.number().min(0).max(90).default(30),
  /** compute a face identity descriptor at most this often (media time); 0 = never */
  identityIntervalMs: z.number().min(0).default(1000),
  /** identity only on frontal faces: |yaw| and |pitch| below this */
  identityMaxPoseDeg: z.number().min(0).max(90).default(20),
  /** identity only when the eye centres are at least this many pixels apart (enough detail) */
  identityMinEyePx: z.number().min(0).default(28),
  /** turn the crop models off entirely (the landmarker-only benchmark uses this) */
  models: z.boolean().default(true),
  /** measure face-hull texture (seam, resolution, flicker) at most this often (media time) */
  faceTextureIntervalMs: z.number().min(0).default(150),
  /** measure the display-grid peak on the cheeks at most this often (media time) */
  displayGridIntervalMs: z.number().min(0).default(150),
  /** benchmark only: run the landmarker and return bare geometry (no pixel features, no models) */
  landmarkerOnly: z.boolean().default(false),
  /**
   * Live rooms: also return a JPEG snapshot of the analysed frame this many pixels wide (evidence
   * and flagged-moment stills), at most every `thumbIntervalMs` of media time; 0 = none.
   */
  thumbWidth: z.number().int().min(0).max(640).default(0),
  thumbIntervalMs: z.number().min(0).default(200),
  /**
   * Async worker: run the landmarker at most this often (media time); on the frames in between the
   * last landmark frame's face is carried forward (extrapolated at its velocity, `face.carried`)
   * and every pixel measurement still runs on the new frame. 0 = every frame (live rooms).
   */
  landmarkerIntervalMs: z.number().min(0).max(1000).default(0),
  /** media-time spans in which the landmarker runs on every frame anyway (challenge windows) */
  fullRateSpans: z
    .array(z.object({ startMs: z.number().finite(), endMs: z.number().finite() }))
    .max(200)
    .default([]),
  /**
   * On a frame the landmarker would skip, an eye-patch change (lib/ml/carry.ts patchDelta, grey
   * levels) of at least this much since the last landmark frame runs it anyway (a blink starting).
   */
  eyeTriggerLevel: z.number().min(0).default(4),
});
export type TEngineOptions = z.infer<typeof ZEngineOptions>;
export type TEngineOptionsInput = z.input<typeof ZEngineOptions>;

export const ZInitMessage = z.object({
  type: z.literal('INIT'),
  /** absolute origin + base path that serves /vendor/... and /models/... (e.g. "http://127.0.0.1:3000/") */
  assetBaseUrl: z.string().url(),
  options: ZEngineOptions.prefault({}),
});

const isBlob = (v: unknown): v is Blob => typeof Blob !== 'undefined' && v instanceof Blob;

const isImageBitmap = (v: unknown): v is ImageBitmap =>
  typeof ImageBitmap !== 'undefined' && v instanceof ImageBitmap;

const isVideoFrame = (v: unknown): v is VideoFrame =>
  typeof VideoFrame !== 'undefined' && v instanceof VideoFrame;

export const ZFrameMessage = z.object({
  type: z.literal('FRAME'),
  /** media time in ms; must be strictly greater than the previous frame's */
  t: z.number().finite(),
  /**
   * The frame, transferred (never copied). A live room sends the <video>'s VideoFrame as is: the
   * worker reads its pixels (scaled to `maxWidth`), so the page thread does no pixel work per frame.
   */
  bitmap: z.custom<ImageBitmap | VideoFrame>(
    (v) => isImageBitmap(v) || isVideoFrame(v),
    'bitmap must be an ImageBitmap or a VideoFrame',
  ),
  /** a VideoFrame wider than this is scaled down to it in the worker (ImageBitmaps come scaled) */
  maxWidth: z.number().int().min(2).max(4096).optional(),
});

export const ZToWorker = z.discriminatedUnion('type', [ZInitMessage, ZFrameMessage]);
export type ToWorker = z.infer<typeof ZToWorker>;
export type InitMessage = z.input<typeof ZInitMessage>;
export type FrameMessage = z.infer<typeof ZFrameMessage>;

const ZBox = z.object({ x: z.number(), y: z.number(), w: z.number(), h: z.number() });
const unit = z.number().min(0).max(1);
const ZFaceTexture = z.object({
  inner: z.number().finite(),
  surround: z.number().finite(),
  innerY: z.number().finite(),
  surroundY: z.number().finite(),
  seamNoise: z.number().finite().nullable(),
  seamColour: z.number().finite().nullable(),
});

/** Runtime mirror of FrameFeatures in lib/analysis/types.ts (kept in sync by the type test below). */
export const ZFrameFeatures = z.object({
  t: z.number(),
  width: z.number().int().nonnegative(),
  height: z.number().int().nonnegative(),
  faceCount: z.number().int().nonnegative(),
  face: z
    .object({
      box: ZBox,
      pts: z.array(z.number()),
      pose: z.object({ yaw: z.number(), pitch: z.number(), roll: z.number() }),
      blend: z.object({
        eyeBlinkLeft: unit,
        eyeBlinkRight: unit,
        jawOpen: unit,
        mouthSmileLeft: unit,
        mouthSmileRight: unit,
      }),
      skin: z.object({ r: z.number(), g: z.number(), b: z.number() }),
      hash: z.string().regex(/^[0-9a-f]{16}$/),
      diff: z.number().nullable(),
      antiSpoofReal: unit.optional(),
      textureReal: unit.optional(),
      thumb: z.array(z.number().min(0).max(255)).length(64).optional(),
      tex: ZFaceTexture.optional(),
      grid: z
        .object({ peak: z.number().finite(), fx: z.number().finite(), fy: z.number().finite() })
        .optional(),
      carried: z.literal(true).optional(),
      eyeDelta: z.number().nonnegative().optional(),
      identity: z.array(z.number().finite()).length(128).optional(),
    })
    .nullable(),
  scene: z
    .array(z.number().min(0).max(255))
    .length(SCENE_SIZE * SCENE_SIZE)
    .optional(),
});
// Compile-time check that the schema and the contract agree in both directions.
type SchemaFeatures = z.infer<typeof ZFrameFeatures>;
const _contractCheck: [SchemaFeatures, FrameFeatures] = [{} as FrameFeatures, {} as SchemaFeatures];
void _contractCheck;

export const ZLoadProgress = z.object({
  type: z.literal('LOAD_PROGRESS'),
  /** which asset: "landmarker" (MediaPipe wasm + model) or "crop-models" (the ONNX sessions) */
  asset: z.string(),
  state: z.enum(['loading', 'loaded', 'failed']),
  ms: z.number().optional(),
});

export const ZFromWorker = z.discriminatedUnion('type', [
  z.object({ type: z.literal('READY'), models: z.array(z.string()), ms: z.number() }),
  z.object({
    type: z.literal('RESULT'),
    features: ZFrameFeatures,
    /** worker-side wall time spent on this frame, by stage */
    timing: z.object({ landmarkerMs: z.number(), featuresMs: z.number(), modelsMs: z.number() }),
    /** JPEG snapshot of this frame (engine option thumbWidth), when one was due */
    thumb: z.custom<Blob>(isBlob, 'thumb must be a Blob').optional(),
  }),
  z.object({
    type: z.literal('ERROR'),
    message: z.string(),
    /** the frame the error belongs to, if any, so the caller can release its backpressure slot */
    t: z.number().optional(),
    fatal: z.boolean(),
  }),
  ZLoadProgress,
]);
export type FromWorker = z.infer<typeof ZFromWorker>;
export type LoadProgress = z.infer<typeof ZLoadProgress>;
