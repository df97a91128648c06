/**
 * The contract between the ML worker (lib/ml, which measures) and the signal functions
 * (lib/analysis, which judge). Plain data only: it crosses worker boundaries, is stored as
 * fixtures, and is generated synthetically in unit tests.
 */

/** Indices into MediaPipe's 478-point face mesh kept per frame (see FrameFace.pts). */
export const LANDMARK_SUBSET = [
  1, // nose tip
  4, // nose bottom
  6, // nose bridge
  168, // between the eyes
  10, // forehead top
  152, // chin
  234, // right contour (image left)
  454, // left contour (image right)
  93,
  323,
  132,
  361,
  58,
  288,
  172,
  397,
  136,
  365, // jaw / contour
  33,
  133,
  159,
  145, // right eye: outer, inner, upper lid, lower lid
  263,
  362,
  386,
  374, // left eye: outer, inner, upper lid, lower lid
  61,
  291,
  13,
  14, // mouth: right corner, left corner, upper inner lip, lower inner lip
  70,
  300,
  105,
  334, // brows
] as const;

export interface Box {
  /** pixels, top-left origin, in the analysed frame */
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface HeadPose {
  /** degrees; positive yaw = the person turns to their left (their nose moves to image right) */
  yaw: number;
  /** degrees; positive pitch = looking up */
  pitch: number;
  /** degrees; positive roll = head tilted clockwise as seen in the image */
  roll: number;
}

export interface FrameFace {
  box: Box;
  /** LANDMARK_SUBSET points in pixels, flattened [x0, y0, x1, y1, ...] */
  pts: number[];
  pose: HeadPose;
  /** a subset of MediaPipe's 52 blendshapes, 0..1 */
  blend: {
    eyeBlinkLeft: number;
    eyeBlinkRight: number;
    jawOpen: number;
    mouthSmileLeft: number;
    mouthSmileRight: number;
  };
  /** mean linear-ish RGB (0..255) of forehead and cheek skin patches, for rPPG and the flash challenge */
  skin: { r: number; g: number; b: number };
  /** 64-bit difference hash of the grey face crop (9x8), as 16 hex chars */
  hash: string;
  /** mean absolute grey-level difference (0..255) of the 32x32 face crop vs the previous analysed frame; null on the first */
  diff: number | null;
  /** anti-spoof ensemble P(real), 0..1; present only on frames where the model ran */
  antiSpoofReal?: number;
  /** Meso4 P(real), 0..1; present only on frames where the model ran */
  textureReal?: number;
  /** 128-d face identity descriptor (dlib ResNet); present only on good frontal frames where it ran */
  identity?: number[];
  /** 8x8 grey thumbnail (0..255, row-major) of the face crop: freeze and loop confirmation */
  thumb?: number[];
  /** texture around the face hull (face-swap tells); present only on frames where it was measured */
  tex?: FaceTexture;
  /**
   * Display-grid peak of a 64x64 (32x32 on faces 48–95 px) camera-resolution cheek patch (display-grid.ts):
   * log10 ratio of the strongest isolated spectral peak to the ring around it, and its frequency
   * (cycles per pixel); present only on frames where it was measured.
   */
  grid?: { peak: number; fx: number; fy: number };
  /**
   * The landmarker did not run on this frame (async worker, landmarkerIntervalMs): box, pts, pose
   * and blend are carried from the last landmark frame (then interpolated by lib/ml/carry.ts
   * interpolateCarried); the pixel fields were measured on this frame.
   */
  carried?: true;
  /**
   * Where the engine weighed skipping the landmarker: the eye patches' change since the last landmark
   * frame (lib/ml/carry.ts patchDelta, grey levels); it ran when this reached eyeTriggerLevel.
   */
  eyeDelta?: number;
}

/**
 * Fine-noise and colour statistics inside vs around the face hull (lib/ml/face-texture.ts).
 * Noise = mean |Laplacian| of grey (0..255 scale), 30th percentile over blocks.
 */
export interface FaceTexture {
  /** noise of the inner face (rho < 0.7 of the hull) */
  inner: number;
  /** noise of the surround (hair, ears, neck, background: 1.25..1.9 x the hull) */
  surround: number;
  /** mean luma of the inner face and of the surround (0..255) */
  innerY: number;
  surroundY: number;
  /** |step across the hull - step across an interior ring| (forehead/chin sectors); null if unmeasured */
  seamNoise: number | null;
  seamColour: number | null;
}

export interface FrameFeatures {
  /** media time of the frame in ms; strictly increasing within a stream */
  t: number;
  width: number;
  height: number;
  faceCount: number;
  /** the largest face, when faceCount > 0 */
  face: FrameFace | null;
  /**
   * SCENE_SIZE x SCENE_SIZE grey thumbnail (0..255, row-major) of the whole frame, present on frames
   * with a face: whole-picture motion (a held frame on a shaking rig) for the held-frame test. Never
   * leaves the analysis (not in windows, not stored).
   */
  scene?: number[];
}

/** Side of FrameFeatures.scene. */
export const SCENE_SIZE = 24;

/** A time range in ms on the session clock (or a recording's media clock), start ≤ end. */
export interface Span {
  startMs: number;
  endMs: number;
}

/** Audio loudness on the same clock as FrameFeatures.t. */
export interface AudioEnvelope {
  /** ms of the first sample */
  t0: number;
  /** samples per second of `rms` */
  rate: number;
  /** RMS amplitude per step, 0..1 */
  rms: number[];
}
