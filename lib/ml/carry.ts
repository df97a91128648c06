/**
 * The landmarker at a lower rate (async worker, engine option `landmarkerIntervalMs`): on a frame
 * where it is not due, the engine carries the last landmark frame's face forward instead of running
 * MediaPipe, and still measures every pixel feature on the new frame (skin colour for rPPG and the
 * flash, crop hash/diff/thumbnail for held frames, loops and cadence, the scene thumbnail).
 * Pure helpers, used by the worker (extrapolation, the eye-change trigger, challenge windows) and by
 * the node side (interpolateCarried, once every frame of a recording is back).
 */
import type { NormalizedLandmark } from '@mediapipe/tasks-vision';
import { round } from '../analysis/math/stats';
import { LANDMARK_SUBSET, type FrameFace, type FrameFeatures, type Span } from '../analysis/types';

export const inSpans = (t: number, spans: readonly Span[]): boolean =>
  spans.some((s) => t >= s.startMs && t <= s.endMs);

/**
 * The landmarks at time t, moved on from the last landmark frame (`cur`, at tCur) at the velocity
 * it had since the one before (`prev`, at tPrev): a panned face keeps its crop where the face is.
 * Without a usable previous frame (another face count, a gap over `maxGapMs`), the last ones as they are.
 */
export function extrapolateLandmarks(
  prev: readonly NormalizedLandmark[] | null,
  tPrev: number,
  cur: readonly NormalizedLandmark[],
  tCur: number,
  t: number,
  maxGapMs = 400,
): NormalizedLandmark[] {
  const gap = tCur - tPrev;
  if (!prev || prev.length !== cur.length || !(gap > 0) || gap > maxGapMs)
    return cur.map((p) => ({ ...p }));
  const k = (t - tCur) / gap;
  return cur.map((p, i) => {
    const q = prev[i]!;
    return { ...p, x: p.x + (p.x - q.x) * k, y: p.y + (p.y - q.y) * k, z: p.z + (p.z - q.z) * k };
  });
}

/** MediaPipe mesh indices: each eye's outer and inner corner (the eye-change patch spans them). */
export const EYE_CORNERS = [
  [33, 133],
  [263, 362],
] as const;

/** Pixel rectangles (x, y, w, h) around both eyes: 1.3 × the corner distance wide, 0.7 × it high. */
export function eyeRects(
  lm: readonly NormalizedLandmark[],
  w: number,
  h: number,
): Array<[number, number, number, number]> | null {
  const out: Array<[number, number, number, number]> = [];
  for (const [a, b] of EYE_CORNERS) {
    const p = lm[a];
    const q = lm[b];
    if (!p || !q) return null;
    const cx = ((p.x + q.x) / 2) * w;
    const cy = ((p.y + q.y) / 2) * h;
    const d = Math.hypot((p.x - q.x) * w, (p.y - q.y) * h);
    if (!(d >= 4)) return null;
    out.push([cx - 0.65 * d, cy - 0.35 * d, 1.3 * d, 0.7 * d]);
  }
  return out;
}

/** Side of each eye's grey patch (the worker draws both side by side: 2·EYE_W × EYE_H). */
export const EYE_W = 12;
export const EYE_H = 6;

/**
 * How much darker each eye's centre (iris, pupil, lashes: the middle half of the patch) is than its
 * whole patch, in grey levels. An open eye's centre is dark; a closed lid is skin, so a blink
 * lifts it; a gaze shift keeps the iris inside the centre, a uniform brightness change (a flash,
 * auto-exposure) cancels out, and a small misplacement of the patch moves it little.
 */
export function eyeDarkness(patch: Float32Array): [number, number] {
  const out: [number, number] = [0, 0];
  for (let eye = 0; eye < 2; eye++) {
    let all = 0;
    let centre = 0;
    let n = 0;
    for (let y = 0; y < EYE_H; y++)
      for (let x = 0; x < EYE_W; x++) {
        const v = patch[y * 2 * EYE_W + eye * EYE_W + x] ?? 0;
        all += v;
        if (x >= EYE_W / 4 && x < (3 * EYE_W) / 4 && y >= EYE_H / 4 && y < (3 * EYE_H) / 4) {
          centre += v;
          n++;
        }
      }
    out[eye] = all / (EYE_W * EYE_H) - centre / n;
  }
  return out;
}

/**
 * The eye-change measure of the trigger: the mean over both eyes of the change in eyeDarkness
 * between two patches (grey levels). Infinity for patches of the wrong size.
 */
export function patchDelta(a: Float32Array, b: Float32Array): number {
  if (a.length !== 2 * EYE_W * EYE_H || b.length !== a.length) return Infinity;
  const da = eyeDarkness(a);
  const db = eyeDarkness(b);
  return (Math.abs(da[0] - db[0]) + Math.abs(da[1] - db[1])) / 2;
}

const lerp = (a: number, b: number, k: number): number => a + (b - a) * k;

/**
 * Node side, over a whole recording (frames in time order): the geometry of each carried frame
 * (landmark points, box, pose, blendshapes) becomes the linear interpolation, by media time,
 * between the measured frames before and after it, so motion, blink and mouth series see no
 * stair-steps; its pixel measurements stay as measured. A carried frame with no measured frame
 * after it (the end, or the face lost) keeps the carried geometry. Returns new frames.
 */
export function interpolateCarried(frames: readonly FrameFeatures[]): FrameFeatures[] {
  const out = frames.slice();
  let prev = -1;
  for (let i = 0; i < out.length; i++) {
    const f = out[i]!;
    if (!f.face) {
      prev = -1;
      continue;
    }
    if (f.face.carried) continue;
    if (prev >= 0 && i - prev > 1) {
      const a = out[prev]!;
      const b = f;
      for (let j = prev + 1; j < i; j++) {
        const c = out[j]!;
        if (!c.face?.carried || !a.face || !b.face) continue;
        const k = (c.t - a.t) / (b.t - a.t);
        out[j] = { ...c, face: { ...c.face, ...lerpGeometry(a.face, b.face, k) } };
      }
    }
    prev = i;
  }
  return out;
}

function lerpGeometry(
  a: FrameFace,
  b: FrameFace,
  k: number,
): Pick<FrameFace, 'box' | 'pts' | 'pose' | 'blend'> {
  const pts =
    a.pts.length === b.pts.length && a.pts.length === LANDMARK_SUBSET.length * 2
      ? a.pts.map((v, i) => round(lerp(v, b.pts[i]!, k), 2))
      : a.pts.slice();
  const blend = { ...a.blend };
  for (const key of Object.keys(blend) as Array<keyof FrameFace['blend']>)
    blend[key] = round(lerp(a.blend[key], b.blend[key], k), 4);
  return {
    box: {
      x: round(lerp(a.box.x, b.box.x, k), 1),
      y: round(lerp(a.box.y, b.box.y, k), 1),
      w: round(lerp(a.box.w, b.box.w, k), 1),
      h: round(lerp(a.box.h, b.box.h, k), 1),
    },
    pts,
    pose: {
      yaw: round(lerp(a.pose.yaw, b.pose.yaw, k), 2),
      pitch: round(lerp(a.pose.pitch, b.pose.pitch, k), 2),
      roll: round(lerp(a.pose.roll, b.pose.roll, k), 2),
    },
    blend,
  };
}
