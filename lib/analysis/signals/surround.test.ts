import { describe, expect, test } from 'vitest';
import { fitHomography } from '../math/homography';
import { applyH, type Mat3 } from '../math/linalg';
import {
  gaussian,
  projectFace,
  rng,
  syntheticFrames,
  type Motion,
} from '../testing/synthetic-face';
import { SCENE_SIZE, type FrameFeatures } from '../types';
import { adjacentResiduals, planarPairs } from './planar';
import { classifySurround, surroundPair, type SurroundKind } from './surround';

const W = 640;
const H = 480;

/** Smooth texture (what survives a 24x24 area thumbnail), in whatever units x and y come in. */
const texture = (x: number, y: number, k: number): number =>
  120 +
  40 * Math.sin(x / (41 * k) + 0.3) * Math.cos(y / (29 * k)) +
  25 * Math.sin((x + 2 * y) / (67 * k) + 1.1) +
  15 * Math.cos((2 * x - y) / (90 * k));

/** The flat face model's points (z = 0) as the plane's own coordinates (cm). */
const PLANE_PTS = projectFace({ yaw: 0, pitch: 0, roll: 0, tx: 0, ty: 0, tz: 0 }, true);

/**
 * Scene thumbnail for each frame. `picture`: the whole view is a printed photo on the face's
 * plane (face, hair and background printed on it move together); otherwise a still room.
 */
function withScene(
  frames: FrameFeatures[],
  o: { picture: boolean; noise: number; seed: number; flat?: boolean },
): FrameFeatures[] {
  const rand = rng(o.seed);
  return frames.map((f) => {
    if (!f.face) return f;
    // plane (frontal image coords) -> this frame: exact for the flat model
    const h = o.picture ? fitHomography(PLANE_PTS, f.face.pts) : null;
    const inv = h ? invert(h) : null;
    const scene: number[] = [];
    for (let i = 0; i < SCENE_SIZE; i++) {
      for (let j = 0; j < SCENE_SIZE; j++) {
        let x = ((j + 0.5) * W) / SCENE_SIZE;
        let y = ((i + 0.5) * H) / SCENE_SIZE;
        if (inv) [x, y] = applyH(inv, x, y) ?? [x, y];
        const v = o.flat ? 128 : texture(x, y, 1);
        scene.push(Math.min(255, Math.max(0, v + o.noise * gaussian(rand))));
      }
    }
    return { ...f, scene };
  });
}

function invert(m: Mat3): Mat3 {
  const [a, b, c, d, e, f, g, h, i] = m;
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  return [
    A / det,
    -(b * i - c * h) / det,
    (b * f - c * e) / det,
    B / det,
    (a * i - c * g) / det,
    -(a * f - c * d) / det,
    C / det,
    -(a * h - b * g) / det,
    (a * e - b * d) / det,
  ];
}

function kinds(frames: FrameFeatures[]): Record<SurroundKind, number> {
  const byT = new Map(frames.map((f) => [f.t, f]));
  const out: Record<SurroundKind, number> = { still: 0, locked: 0, free: 0, unclear: 0 };
  for (const p of planarPairs(frames, adjacentResiduals(frames))) {
    const a = byT.get(p.tA);
    const b = byT.get(p.tB);
    if (a && b) out[classifySurround(surroundPair(a, b))]++;
  }
  return out;
}

type MotionFn = (t: number) => Partial<Motion>;

const PICTURES: Array<[string, MotionFn]> = [
  ['swayed', (t) => ({ yaw: 14 * Math.sin(1.3 * t), pitch: 8 * Math.sin(t), tx: 2 * Math.sin(t) })],
  // strong perspective: 25 cm from the camera instead of 60, tilted up to 25° and 15°
  [
    'held close and strongly tilted',
    (t) => ({ tz: 35, yaw: 25 * Math.sin(1.2 * t), pitch: 15 * Math.sin(0.9 * t), roll: 5 }),
  ],
  ['brought towards the camera', (t) => ({ tz: 20 + 15 * Math.sin(1.1 * t), tx: Math.sin(2 * t) })],
];

describe('face–surround rigidity', () => {
  test.each(PICTURES)('a photo %s: its surround moves with the face plane', (_name, motion) => {
    const frames = withScene(
      syntheticFrames({ durationMs: 5000, fps: 20, planar: true, motion, noisePx: 0.5, seed: 3 }),
      { picture: true, noise: 0.5, seed: 4 },
    );
    const k = kinds(frames);
    const judged = k.locked + k.free + k.unclear;
    expect(judged).toBeGreaterThan(10);
    expect(k.locked / judged).toBeGreaterThanOrEqual(0.8);
    expect(k.free).toBe(0);
  });

  test.each<[string, MotionFn]>([
    ['turning', (t) => ({ yaw: 30 * Math.sin(1.2 * t) })],
    ['nodding and swaying', (t) => ({ pitch: 15 * Math.sin(1.5 * t), tx: 3 * Math.sin(t) })],
    ['leaning towards the camera', (t) => ({ tz: 15 * Math.sin(1.1 * t), yaw: 5 * Math.sin(t) })],
  ])('a live head %s in a still room is not locked to its surround', (_name, motion) => {
    const frames = withScene(
      syntheticFrames({ durationMs: 5000, fps: 20, motion, noisePx: 0.5, seed: 5 }),
      { picture: false, noise: 0.5, seed: 6 },
    );
    const k = kinds(frames);
    const judged = k.locked + k.free + k.unclear;
    expect(judged).toBeGreaterThan(10);
    expect(k.locked).toBe(0);
    expect(k.free / judged).toBeGreaterThanOrEqual(0.8);
  });

  test('a textureless surround says nothing', () => {
    const frames = withScene(
      syntheticFrames({
        durationMs: 3000,
        fps: 20,
        planar: true,
        motion: (t) => ({ yaw: 20 * Math.sin(1.3 * t) }),
        seed: 7,
      }),
      { picture: true, noise: 0.3, seed: 8, flat: true },
    );
    const k = kinds(frames);
    expect(k.locked + k.free).toBe(0);
  });

  test('a head that barely moves gives still pairs, and frames without a scene none', () => {
    const frames = syntheticFrames({
      durationMs: 3000,
      fps: 20,
      motion: (t) => ({ yaw: 0.2 * Math.sin(t) }),
      seed: 9,
    });
    const [a, b] = [frames[0], frames[10]];
    if (!a || !b) throw new Error('frames');
    expect(surroundPair(a, b)).toBeNull();
    const scened = withScene([a, b], { picture: false, noise: 0.5, seed: 10 });
    const [sa, sb] = [scened[0], scened[1]];
    if (!sa || !sb) throw new Error('frames');
    expect(classifySurround(surroundPair(sa, sb))).toBe('still');
  });
});
