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
import { FUSION_CONFIG } from '../fusion-config';
import { SCENE_SIZE, type FrameFeatures } from '../types';
import { adjacentResiduals, planarPairs } from './planar';
import {
  classifySurround,
  marginCells,
  surroundCells,
  surroundPair,
  type SurroundKind,
} from './surround';

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
  o: { picture: boolean; noise: number; seed: number; flat?: boolean; scale?: number },
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
        const v = o.flat ? 128 : texture(x, y, o.scale ?? 1);
        scene.push(Math.min(255, Math.max(0, v + o.noise * gaussian(rand))));
      }
    }
    return { ...f, scene };
  });
}

/**
 * Scene thumbnail of a live head that fills the frame: the head is a textured sphere (hair, ears,
 * radius 11 cm, centred on the synthetic face's pivot 9 cm behind the face) that turns with the
 * head's yaw/pitch/roll, in front of a still room (neck, shoulders, wall). Same camera as
 * projectFace (focal 600 px, face 60 cm away, centre 320,240).
 */
function withHeadScene(
  frames: FrameFeatures[],
  motion: MotionFn,
  o: { fps: number; noise: number; seed: number },
): FrameFeatures[] {
  const rand = rng(o.seed);
  const rad = Math.PI / 180;
  const R = 11;
  return frames.map((f, idx) => {
    if (!f.face) return f;
    const m = { yaw: 0, pitch: 0, roll: 0, tx: 0, ty: 0, tz: 0, ...motion(idx / o.fps) };
    const depth = 60 + 9 - m.tz;
    const [cy, sy] = [Math.cos(m.yaw * rad), Math.sin(m.yaw * rad)];
    const [cp, sp] = [Math.cos(m.pitch * rad), Math.sin(m.pitch * rad)];
    const [cr, sr] = [Math.cos(m.roll * rad), Math.sin(m.roll * rad)];
    const scene: number[] = [];
    for (let i = 0; i < SCENE_SIZE; i++) {
      for (let j = 0; j < SCENE_SIZE; j++) {
        const u = ((j + 0.5) * W) / SCENE_SIZE;
        const v = ((i + 0.5) * H) / SCENE_SIZE;
        const d = [(u - 320) / 600, (v - 240) / 600, 1] as const;
        const c = [m.tx, m.ty, depth] as const;
        const dd = d[0] * d[0] + d[1] * d[1] + 1;
        const dc = d[0] * c[0] + d[1] * c[1] + d[2] * c[2];
        const disc = dc * dc - dd * (c[0] * c[0] + c[1] * c[1] + c[2] * c[2] - R * R);
        let val: number;
        if (disc < 0) {
          val = texture(u, v, 1); // the still room
        } else {
          const s = (dc - Math.sqrt(disc)) / dd;
          // hit point relative to the head centre, z towards the camera (projectFace's frame)
          const x4 = s * d[0] - c[0];
          const y4 = s * d[1] - c[1];
          const z3 = -(s * d[2] - c[2]);
          // undo roll, pitch, yaw (projectFace applies yaw, then pitch, then roll)
          const x2 = cr * x4 + sr * y4;
          const y3 = -sr * x4 + cr * y4;
          const y0 = cp * y3 + sp * z3;
          const z2 = -sp * y3 + cp * z3;
          const x0 = cy * x2 - sy * z2;
          const z1 = sy * x2 + cy * z2;
          val = 110 + 50 * Math.sin(x0 / 2.3 + 0.4) * Math.cos(y0 / 1.9) + 20 * Math.sin(z1 / 2.7);
        }
        scene.push(Math.min(255, Math.max(0, val + o.noise * gaussian(rand))));
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
  const out: Record<SurroundKind, number> = {
    still: 0,
    locked: 0,
    free: 0,
    unclear: 0,
    partial: 0,
  };
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

  test('a photo held so close that its face fills the frame is judged on its margins, and locked', () => {
    // 14 cm from the camera: the face overflows the 640x480 view, no background cell is left.
    // The pixels move by the picture's homography; the landmarks are pulled halfway towards those of
    // a 3D head in the same pose (MediaPipe's 3D prior reads a close, tilted photo as turning).
    const motion: MotionFn = (t) => ({
      tz: 46,
      yaw: 25 * Math.sin(1.2 * t),
      pitch: 15 * Math.sin(0.9 * t),
      roll: 5,
    });
    const opts = { durationMs: 5000, fps: 20, motion, noisePx: 0.5, seed: 11 };
    // the print's texture is finer (hair, collar): seen this close, it is magnified 3x
    const picture = withScene(syntheticFrames({ ...opts, planar: true }), {
      picture: true,
      noise: 0.5,
      seed: 12,
      scale: 0.35,
    });
    // MediaPipe's prior, as measured on the tune half's photos (docs/planar-signals.md): the nose
    // tip and bottom, the side contour and the mouth corners move as a 3D head's would; the eyes,
    // brows and forehead stay close to the picture's plane.
    const prior = new Set([0, 1, 6, 7, 26, 27]);
    const frames = syntheticFrames({ ...opts, planar: false }).map((f, i) => {
      const flat = picture[i];
      if (!f.face || !flat?.face) throw new Error('frames');
      const fp = flat.face.pts;
      const pts = f.face.pts.map((v, k) => (prior.has(k >> 1) ? v : (fp[k] ?? v)));
      return { ...f, face: { ...f.face, pts }, scene: flat.scene };
    });
    const f0 = frames[0];
    if (!f0?.face) throw new Error('frames');
    expect(surroundCells(f0.face.box, W, H, 0.8).length).toBeLessThan(12);
    expect(marginCells(f0.face.box, W, H, 0.8).length).toBeGreaterThan(40);
    const byLandmarks = planarPairs(
      frames.map((f) => ({ ...f, scene: undefined })),
      adjacentResiduals(frames),
    ).filter((p) => p.kind !== 'still');
    expect(byLandmarks.filter((p) => p.kind === '3d').length / byLandmarks.length).toBeGreaterThan(
      0.5,
    );
    const pairs = planarPairs(frames, adjacentResiduals(frames)).filter((p) => p.kind !== 'still');
    // tilted, the face box shrinks and a few background cells reappear: most pairs, not all
    expect(pairs.filter((p) => p.margin).length / pairs.length).toBeGreaterThanOrEqual(0.6);
    const k = kinds(frames);
    const judged = k.locked + k.free + k.unclear + k.partial;
    expect(judged).toBeGreaterThan(10);
    expect(k.locked / judged).toBeGreaterThanOrEqual(0.8);
    expect(k.free).toBe(0);
    // so the planar test reads the pairs as planar, although the landmarks showed parallax
    expect(pairs.filter((p) => p.kind === 'planar').length / pairs.length).toBeGreaterThanOrEqual(
      0.8,
    );
  });

  test.each<[string, MotionFn]>([
    ['turning', (t) => ({ tz: 46, yaw: 30 * Math.sin(1.2 * t) })],
    ['nodding', (t) => ({ tz: 46, pitch: 15 * Math.sin(1.5 * t), yaw: 5 * Math.sin(t) })],
    [
      'turning and swaying',
      (t) => ({ tz: 46, yaw: 20 * Math.sin(1.1 * t), tx: 2 * Math.sin(0.7 * t) }),
    ],
  ])(
    'a live head %s while filling the frame (hair and ears turn with it) is not locked',
    (_name, motion) => {
      const frames = withHeadScene(
        syntheticFrames({ durationMs: 5000, fps: 20, motion, noisePx: 0.5, seed: 13 }),
        motion,
        { fps: 20, noise: 0.5, seed: 14 },
      );
      const pairs = planarPairs(frames, adjacentResiduals(frames)).filter(
        (p) => p.kind !== 'still',
      );
      const margin = pairs.filter((p) => p.margin && p.surround !== 'still');
      expect(margin.length).toBeGreaterThan(5);
      // The hair and ears next to the face follow it part of the time (this sphere model: 20–58 %
      // of the pairs locked, the most with a sideways sway, which moves hair and face alike),
      // under the session share that marks a face-filling picture (tune photo: 83 %).
      const locked = margin.filter((p) => p.surround === 'locked').length;
      expect(locked / margin.length).toBeLessThan(FUSION_CONFIG.surround.marginRigidShare);
      expect(pairs.filter((p) => p.kind === 'planar').length / pairs.length).toBeLessThan(0.5);
    },
  );

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
