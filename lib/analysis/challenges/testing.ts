import type { TFlashStep } from '../../schemas/challenges';
import { SCENE_SIZE, type AudioEnvelope, type FrameFeatures } from '../types';
import { gaussian, rng, syntheticFrames, type SyntheticOptions } from '../testing/synthetic-face';

/** Synthetic answer windows for the challenge verifier tests (prompt at 1 s, 15 fps unless told). */

export const ISSUED = 1000;
export const ctxFor = (windowMs: number) => ({ issuedAtMs: ISSUED, deadlineMs: ISSUED + windowMs });

/** 0 → 1 smoothstep between a and b seconds */
export const ease = (t: number, a: number, b: number): number => {
  const x = Math.min(1, Math.max(0, (t - a) / (b - a)));
  return x * x * (3 - 2 * x);
};

/** Up to `peak` from 2.0 to 2.6 s, held to 3.6 s, back by 4.2 s. */
export const excursion =
  (peak: number) =>
  (t: number): number =>
    peak * (ease(t, 2, 2.6) - ease(t, 3.6, 4.2));

export function live(o: Partial<SyntheticOptions> = {}): FrameFeatures[] {
  return syntheticFrames({
    durationMs: 9000,
    fps: 15,
    seed: 7,
    noisePx: 0.3,
    motion: () => ({}),
    ...o,
  });
}

/** Removes the face from frames whose time falls in [fromMs, toMs). */
export function dropFaces(frames: FrameFeatures[], fromMs: number, toMs: number): FrameFeatures[] {
  return frames.map((f) => (f.t >= fromMs && f.t < toMs ? { ...f, faceCount: 0, face: null } : f));
}

/** Applies `edit` to the face of the frame nearest `atMs`. */
export function editFaceAt(
  frames: FrameFeatures[],
  atMs: number,
  edit: (face: NonNullable<FrameFeatures['face']>) => NonNullable<FrameFeatures['face']>,
): FrameFeatures[] {
  const i = frames.reduce(
    (best, f, k) =>
      Math.abs(f.t - atMs) < Math.abs((frames[best]?.t ?? Infinity) - atMs) ? k : best,
    0,
  );
  return frames.map((f, k) => (k === i && f.face ? { ...f, face: edit(f.face) } : f));
}

/** Flips `bits` of a 16-hex-digit hash (deterministically) */
export function flipBits(hash: string, bits: number, salt = 0): string {
  let hi = BigInt(`0x${hash}`);
  for (let i = 0; i < bits; i++) hi ^= 1n << BigInt((i * 5 + salt * 3) % 64);
  return hi.toString(16).padStart(16, '0');
}

/**
 * Skin following a flash schedule: `share` of the screen colour added to each channel `lagMs` after
 * it is shown, over a slow drift and Gaussian noise (σ = noise, 0..255 units).
 */
export function flashSkin(
  steps: readonly TFlashStep[],
  o: { share: number; lagMs: number; noise: number; seed?: number },
) {
  const rand = rng(o.seed ?? 5);
  return (tSec: number) => {
    const off = tSec * 1000 - ISSUED - o.lagMs;
    const c = steps.find((s) => off >= s.offsetMs && off < s.offsetMs + s.durMs)?.rgb ?? [0, 0, 0];
    const drift = 4 * Math.sin(0.4 * tSec);
    return {
      r: 170 + drift + o.share * c[0] + o.noise * gaussian(rand),
      g: 125 + 0.8 * drift + o.share * c[1] + o.noise * gaussian(rand),
      b: 105 + 0.6 * drift + o.share * c[2] + o.noise * gaussian(rand),
    };
  };
}

/** A talking mouth and the voice that goes with it (`delayMs` later), or silence. */
const mouth = (t: number): number =>
  Math.max(0, Math.sin(2 * Math.PI * 2.1 * t) * Math.sin(2 * Math.PI * 0.43 * t + 0.3));
export const speaking =
  (from: number, to: number) =>
  (t: number): number =>
    t >= from && t < to ? 0.05 + 0.45 * mouth(t) : 0.05;

export function voice(from: number, to: number, delayMs: number, silent = false): AudioEnvelope {
  const rate = 50;
  const rms: number[] = [];
  for (let i = 0; i < 12 * rate; i++) {
    const t = i / rate - delayMs / 1000;
    rms.push(0.004 + (silent || t < from || t >= to ? 0 : 0.25 * mouth(t)));
  }
  return { t0: 0, rate, rms };
}

export const BASE_HASH = 'a5c3f00f3c5a9617';
/** A face hash that drifts smoothly with pose (1 bit per 3°), like a real dHash, unlike the default random-per-pose one. */
export const poseHash =
  (yaw: (t: number) => number, pitch: (t: number) => number = () => 0) =>
  (_i: number, t: number): string =>
    flipBits(BASE_HASH, Math.round((Math.abs(yaw(t)) + Math.abs(pitch(t))) / 3));

/**
 * Gives every face frame a SCENE_SIZE² grey scene thumbnail: a static textured room (fixed seed)
 * with ±1 grey level of per-frame noise. `hand(t)`, when it returns true, paints a bright hand and
 * forearm (grey 225 on the darker room) into the cells right of and below the face box; `shift(t)`
 * moves the whole room by whole cells (a background dragged by a warp: nothing new in view);
 * `body` paints the person around the face box (moves when the box moves).
 */
export function withScene(
  frames: FrameFeatures[],
  o: {
    hand?: (t: number) => boolean;
    shift?: (t: number) => number;
    /** a bright hand waved out at the side (0.5–0.9 face widths right of the box), not touching the face */
    gesture?: (t: number) => boolean;
    /** a head, neck and shoulders (grey 170) and dark hair (20) painted around the face box, wherever it is */
    body?: boolean;
  } = {},
): FrameFeatures[] {
  const n = SCENE_SIZE;
  const r = rng(23);
  const room = Array.from({ length: n * n }, (_, k) => 60 + ((k * 37) % 50) + 20 * r());
  return frames.map((f, idx) => {
    if (!f.face) return f;
    const s = f.t / 1000;
    const dx = o.shift?.(s) ?? 0;
    const scene = Array.from({ length: n * n }, (_, k) => {
      const i = Math.floor(k / n);
      const j = Math.min(n - 1, Math.max(0, (k % n) - dx));
      return (room[i * n + j] ?? 0) + (((idx * 7 + k) % 3) - 1);
    });
    // paints `grey` into the cells whose centre lies in [x0, x1] x [y0, y1] face widths/heights
    // from the face box's top-left corner
    const paint = (x0: number, x1: number, y0: number, y1: number, grey = 225): void => {
      const b = f.face?.box;
      if (!b) return;
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          const u = (((j + 0.5) * f.width) / n - b.x) / b.w;
          const v = (((i + 0.5) * f.height) / n - b.y) / b.h;
          if (u > x0 && u < x1 && v > y0 && v < y1) scene[i * n + j] = grey;
        }
    };
    if (o.body) {
      paint(-0.15, 1.15, -0.2, 1.05, 170); // head
      paint(-0.15, 1.15, -0.45, 0.05, 20); // dark hair above the brow
      paint(0.2, 0.8, 1.0, 1.4, 170); // neck
      paint(-0.7, 1.7, 1.3, 2.2, 170); // shoulders
    }
    if (o.hand?.(s)) paint(0.6, 1.6, 0.3, 1.5);
    if (o.gesture?.(s)) paint(1.5, 1.9, 0.1, 1.4);
    return { ...f, scene };
  });
}
