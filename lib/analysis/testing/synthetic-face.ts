import type { FrameFeatures } from '../types';

/**
 * Synthetic FrameFeatures for unit tests: a 3D face point model (cm, x right, y down, z toward the
 * camera, in LANDMARK_SUBSET order) posed and projected by a pinhole camera, plus Gaussian noise.
 * `planar: true` flattens the model onto z = 0: a printed photo or a screen held in front of the camera.
 */
const FACE_MODEL_CM: ReadonlyArray<readonly [number, number, number]> = [
  [0, 1.0, 3.0],
  [0, 0.6, 2.8],
  [0, -2.0, 1.2],
  [0, -3.0, 0.9],
  [0, -8.0, 0],
  [0, 8.0, 0.5],
  [-7.0, -1.0, -4.5],
  [7.0, -1.0, -4.5],
  [-6.8, 1.5, -4.0],
  [6.8, 1.5, -4.0],
  [-6.3, 3.5, -3.5],
  [6.3, 3.5, -3.5],
  [-5.5, 5.0, -2.5],
  [5.5, 5.0, -2.5],
  [-4.8, 6.2, -2.0],
  [4.8, 6.2, -2.0],
  [-3.8, 7.0, -1.2],
  [3.8, 7.0, -1.2],
  [-4.3, -2.5, -0.6],
  [-1.5, -2.5, 0],
  [-2.9, -3.2, 0.2],
  [-2.9, -1.9, 0.1],
  [4.3, -2.5, -0.6],
  [1.5, -2.5, 0],
  [2.9, -3.2, 0.2],
  [2.9, -1.9, 0.1],
  [-2.5, 4.0, 0.6],
  [2.5, 4.0, 0.6],
  [0, 3.6, 1.4],
  [0, 4.0, 1.3],
  [-5.0, -4.2, -0.3],
  [5.0, -4.2, -0.3],
  [-3.2, -4.8, 0.6],
  [3.2, -4.8, 0.6],
];

export interface Motion {
  yaw: number;
  pitch: number;
  roll: number;
  /** translation of the face centre, cm (x right, y down, z toward the camera) */
  tx: number;
  ty: number;
  tz: number;
}

export interface SyntheticOptions {
  durationMs: number;
  fps: number;
  motion: (tSec: number) => Partial<Motion>;
  planar?: boolean;
  noisePx?: number;
  seed?: number;
  /** timing jitter of frame arrival, ms */
  jitterMs?: number;
  eyeBlink?: (tSec: number) => number;
  jawOpen?: (tSec: number) => number;
  skin?: (tSec: number) => { r: number; g: number; b: number };
  /** frames in [from, to) seconds repeat the previous frame exactly (frozen feed) */
  frozen?: [number, number];
  hash?: (frameIndex: number, tSec: number) => string;
  antiSpoofReal?: number;
}

const FOCAL_PX = 600;
const DISTANCE_CM = 60;
const CENTRE: [number, number] = [320, 240];

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(Math.max(rand(), 1e-12))) * Math.cos(2 * Math.PI * rand());
}

/** Rotates by yaw (about y), pitch (about x), roll (about z), degrees; pivot 9 cm behind the face. */
export function projectFace(m: Motion, planar: boolean): number[] {
  const [cy, sy] = [Math.cos((m.yaw * Math.PI) / 180), Math.sin((m.yaw * Math.PI) / 180)];
  const [cp, sp] = [Math.cos((m.pitch * Math.PI) / 180), Math.sin((m.pitch * Math.PI) / 180)];
  const [cr, sr] = [Math.cos((m.roll * Math.PI) / 180), Math.sin((m.roll * Math.PI) / 180)];
  const pivot = planar ? 0 : -9;
  const pts: number[] = [];
  for (const [x0, y0, z0] of FACE_MODEL_CM) {
    const z1 = (planar ? 0 : z0) - pivot;
    // yaw: positive turns the nose to image right
    const x2 = cy * x0 + sy * z1;
    const z2 = -sy * x0 + cy * z1;
    // pitch: positive looks up (nose moves up = -y)
    const y3 = cp * y0 - sp * z2;
    const z3 = sp * y0 + cp * z2;
    const x4 = cr * x2 - sr * y3;
    const y4 = sr * x2 + cr * y3;
    const depth = DISTANCE_CM - (z3 + pivot + m.tz);
    pts.push(
      CENTRE[0] + (FOCAL_PX * (x4 + m.tx)) / depth,
      CENTRE[1] + (FOCAL_PX * (y4 + m.ty)) / depth,
    );
  }
  return pts;
}

function boxOf(pts: readonly number[]): { x: number; y: number; w: number; h: number } {
  const xs = pts.filter((_, i) => i % 2 === 0);
  const ys = pts.filter((_, i) => i % 2 === 1);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, w: Math.max(...xs) - x, h: Math.max(...ys) - y };
}

function defaultHash(m: Motion): string {
  // Content-derived: frames with the same quantised pose share a hash, like a real dHash would.
  const key = [m.yaw, m.pitch, m.roll, m.tx, m.ty].map((v) => Math.round(v * 2)).join(',');
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < key.length; i++) {
    h1 = Math.imul(h1 ^ key.charCodeAt(i), 16777619) >>> 0;
    h2 = Math.imul(h2 ^ key.charCodeAt(i), 2246822519) >>> 0;
  }
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}

export function syntheticFrames(o: SyntheticOptions): FrameFeatures[] {
  const rand = rng(o.seed ?? 1);
  const noise = o.noisePx ?? 0.4;
  const frames: FrameFeatures[] = [];
  const n = Math.floor((o.durationMs / 1000) * o.fps);
  let prev: FrameFeatures | null = null;
  for (let i = 0; i < n; i++) {
    const tSec = i / o.fps;
    const t = Math.round(i * (1000 / o.fps) + (o.jitterMs ? (rand() - 0.5) * o.jitterMs : 0));
    if (o.frozen && prev?.face && tSec >= o.frozen[0] && tSec < o.frozen[1]) {
      frames.push({ ...prev, t, face: { ...prev.face, diff: 0 } });
      continue;
    }
    const m: Motion = { yaw: 0, pitch: 0, roll: 0, tx: 0, ty: 0, tz: 0, ...o.motion(tSec) };
    const pts = projectFace(m, o.planar ?? false).map((v) => v + noise * gaussian(rand));
    const blink = o.eyeBlink ? o.eyeBlink(tSec) : 0.1;
    const face = {
      box: boxOf(pts),
      pts,
      pose: o.planar
        ? { yaw: m.yaw * 0.5, pitch: m.pitch * 0.5, roll: m.roll }
        : { yaw: m.yaw, pitch: m.pitch, roll: m.roll },
      blend: {
        eyeBlinkLeft: blink,
        eyeBlinkRight: blink,
        jawOpen: o.jawOpen ? o.jawOpen(tSec) : 0.05,
        mouthSmileLeft: 0.1,
        mouthSmileRight: 0.1,
      },
      skin: o.skin ? o.skin(tSec) : { r: 180, g: 130, b: 110 },
      hash: o.hash ? o.hash(i, tSec) : defaultHash(m),
      diff: i === 0 ? null : 1.5 + Math.abs(gaussian(rand)) * 0.5,
      ...(o.antiSpoofReal !== undefined ? { antiSpoofReal: o.antiSpoofReal } : {}),
    };
    prev = { t, width: 640, height: 480, faceCount: 1, face };
    frames.push(prev);
  }
  return frames;
}
