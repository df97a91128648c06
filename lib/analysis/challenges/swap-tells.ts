import type { FrameFeatures } from '../types';
import { median } from '../math/stats';
import { faceSize, rmsDisplacement } from '../signals/geometry';
import { hammingHex } from '../signals/loops';
import { hasFace, type FaceFrame } from './common';

/**
 * Face-swap dropout tells during profile and occlusion challenges. Real-time swaps (DeepFaceLive,
 * Deep-Live-Cam) lose track at profile and under a hand: for a frame or two the landmarks jump, the
 * face crop flickers (the real face or a doubled face shows through) and then the swap resumes.
 *
 * - landmark jump: how far a frame's landmarks sit from the midpoint of its neighbours, as a share
 *   of face size (a second difference: smooth head motion, even a fast 12 fps turn, stays < 0.03 on
 *   the recorded clips; a one-frame glitch does not).
 * - hash flicker: min(d(prev, cur), d(cur, next)) − d(prev, next) in dHash bits, counted only when
 *   the pose barely changes across the triple (so a turning head does not count). An isolated frame
 *   unlike both neighbours that are alike each other. Recorded clips: ≤ 7 (a hand arriving).
 * - identity distance: dHash bits between window frames and the pre-challenge reference face, only
 *   where the pose matches it within 8° (a 25° yaw change alone moves dHash ~24 bits on the
 *   recorded turn). dHash is not an identity embedding: expression and light move it by ~5–12 bits;
 *   a different face in the same pose moves it ~20+. It stops working when the swap's face resembles
 *   the attacker's (same skin and hair), or with an identity model (better; lib/ml may add one).
 * Where it all stops working: below ~8 fps neighbouring frames are too far apart for second
 * differences; heavy compression smears one-frame glitches.
 */

export const SWAP_THRESHOLDS = {
  landmarkJump: 0.08,
  hashFlickerBits: 12,
  /** yaw change across a flicker triple above which the flicker is explained by pose */
  flickerMaxPoseDeg: 10,
  identityBits: 20,
  /** identity comparisons only between frames this close in yaw and pitch (dHash moves with pose) */
  poseMatchDeg: 8,
  /** the identity tell needs this many frames (one odd frame is the flicker tell's job) */
  identityMinFrames: 2,
} as const;

export interface IdentityRef {
  hash: string;
  yaw: number;
  pitch: number;
}

export function identityRef(f: FaceFrame | undefined, hash?: string | null): IdentityRef | null {
  return f ? { hash: hash ?? f.face.hash, yaw: f.face.pose.yaw, pitch: f.face.pose.pitch } : null;
}

export interface SwapTells {
  maxLandmarkJump: number;
  maxHashFlicker: number;
  maxIdentityDist: number | null;
  identityFrames: number;
  /** min textureReal in the window minus the baseline median (negative = looks less real); null without model runs */
  textureDrop: number | null;
  swapSuspect: boolean;
  /** media time of the worst tell, for the evidence frame */
  worstAt: number | null;
}

function triples(frames: readonly FrameFeatures[]): Array<[FaceFrame, FaceFrame, FaceFrame]> {
  const out: Array<[FaceFrame, FaceFrame, FaceFrame]> = [];
  for (let i = 1; i + 1 < frames.length; i++) {
    const [a, b, c] = [frames[i - 1], frames[i], frames[i + 1]];
    // Frames next to a face loss are MediaPipe re-acquiring, not a swap glitch.
    if (a && b && c && hasFace(a) && hasFace(b) && hasFace(c)) out.push([a, b, c]);
  }
  return out;
}

function landmarkJump([a, b, c]: [FaceFrame, FaceFrame, FaceFrame]): number {
  const size = faceSize(b.face.pts);
  if (size <= 0 || a.face.pts.length !== c.face.pts.length) return 0;
  const mid = a.face.pts.map((v, k) => (v + (c.face.pts[k] ?? v)) / 2);
  return rmsDisplacement(b.face.pts, mid) / size;
}

function hashFlicker([a, b, c]: [FaceFrame, FaceFrame, FaceFrame]): number {
  if (Math.abs(a.face.pose.yaw - c.face.pose.yaw) > SWAP_THRESHOLDS.flickerMaxPoseDeg) return 0;
  const d = Math.min(hammingHex(a.face.hash, b.face.hash), hammingHex(b.face.hash, c.face.hash));
  return d - hammingHex(a.face.hash, c.face.hash);
}

function textureDrop(
  window: readonly FrameFeatures[],
  baseline: readonly FaceFrame[],
): number | null {
  const during = window
    .filter(hasFace)
    .flatMap((f) => (f.face.textureReal === undefined ? [] : [f.face.textureReal]));
  const before = baseline.flatMap((f) =>
    f.face.textureReal === undefined ? [] : [f.face.textureReal],
  );
  if (during.length === 0 || before.length === 0) return null;
  return Math.min(...during) - median(before);
}

/**
 * `identityFrames` limits the identity comparison (the occlusion verifier passes only unoccluded
 * frames, since a hand over the face moves the hash as much as another face would).
 */
export function measureSwapTells(
  window: readonly FrameFeatures[],
  baseline: readonly FaceFrame[],
  ref: IdentityRef | null,
  identityFrames?: readonly FaceFrame[],
): SwapTells {
  let maxLandmarkJump = 0;
  let maxHashFlicker = 0;
  let worstAt: number | null = null;
  let worstScore = 0;
  for (const tri of triples(window)) {
    const jump = landmarkJump(tri);
    const flicker = hashFlicker(tri);
    maxLandmarkJump = Math.max(maxLandmarkJump, jump);
    maxHashFlicker = Math.max(maxHashFlicker, flicker);
    const score = Math.max(
      jump / SWAP_THRESHOLDS.landmarkJump,
      flicker / SWAP_THRESHOLDS.hashFlickerBits,
    );
    if (score > worstScore) {
      worstScore = score;
      worstAt = tri[1].t;
    }
  }
  const tol = SWAP_THRESHOLDS.poseMatchDeg;
  const matched = ref
    ? (identityFrames ?? window.filter(hasFace)).filter(
        (f) =>
          Math.abs(f.face.pose.yaw - ref.yaw) <= tol &&
          Math.abs(f.face.pose.pitch - ref.pitch) <= tol,
      )
    : [];
  const dists = ref ? matched.map((f) => hammingHex(ref.hash, f.face.hash)) : [];
  const farFrames = dists.filter((d) => d >= SWAP_THRESHOLDS.identityBits).length;
  const swapSuspect =
    maxLandmarkJump >= SWAP_THRESHOLDS.landmarkJump ||
    maxHashFlicker >= SWAP_THRESHOLDS.hashFlickerBits ||
    farFrames >= SWAP_THRESHOLDS.identityMinFrames;
  return {
    maxLandmarkJump,
    maxHashFlicker,
    maxIdentityDist: dists.length > 0 ? Math.max(...dists) : null,
    identityFrames: dists.length,
    textureDrop: textureDrop(window, baseline),
    swapSuspect,
    worstAt: worstScore >= 1 ? worstAt : null,
  };
}

export function tellsMeasured(t: SwapTells): Record<string, number | boolean | null> {
  return {
    landmarkJump: t.maxLandmarkJump,
    hashFlickerBits: t.maxHashFlicker,
    identityDistBits: t.maxIdentityDist,
    identityFrames: t.identityFrames,
    textureDrop: t.textureDrop,
    swapSuspect: t.swapSuspect,
  };
}

export function tellsNote(t: SwapTells): string {
  const parts: string[] = [];
  if (t.maxLandmarkJump >= SWAP_THRESHOLDS.landmarkJump)
    parts.push(
      `landmarks jumped ${(t.maxLandmarkJump * 100).toFixed(0)} % of face size in one frame`,
    );
  if (t.maxHashFlicker >= SWAP_THRESHOLDS.hashFlickerBits)
    parts.push(`face crop flickered (${t.maxHashFlicker} bits)`);
  if ((t.maxIdentityDist ?? 0) >= SWAP_THRESHOLDS.identityBits)
    parts.push(`face differed from the pre-challenge face (${t.maxIdentityDist} bits)`);
  return parts.join('; ');
}
