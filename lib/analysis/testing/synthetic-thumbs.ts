import { SCENE_SIZE, type FrameFeatures } from '../types';
import { gaussian, rng } from './synthetic-face';

/**
 * Content-derived 8x8 face thumbnails for synthetic frames: the grey pattern follows head pose,
 * mouth and eyes (what a real face crop does), plus fresh per-frame sensor noise of `noise` grey
 * levels (std). Landmarks get fresh jitter of `jitterPx` too when asked, as a noisy held frame would.
 */
export function thumbOf(f: FrameFeatures): number[] {
  const face = f.face;
  if (!face) return [];
  const blink = (face.blend.eyeBlinkLeft + face.blend.eyeBlinkRight) / 2;
  const phase = 0.1 * face.pose.yaw + 0.1 * face.pose.pitch + 0.05 * face.pose.roll;
  const out: number[] = [];
  for (let k = 0; k < 64; k++) {
    const x = k % 8;
    const y = Math.floor(k / 8);
    const mouth = y >= 5 ? 40 * face.blend.jawOpen : 0;
    const eyes = y === 2 ? 30 * blink : 0;
    out.push(120 + 50 * Math.sin(0.8 * x + 0.6 * y + phase) + mouth - eyes);
  }
  return out;
}

export function withThumbs(
  frames: readonly FrameFeatures[],
  o: { noise: number; seed: number; jitterPx?: number; diff?: number },
): FrameFeatures[] {
  const rand = rng(o.seed);
  return frames.map((f, i) => {
    if (!f.face) return f;
    const thumb = thumbOf(f).map((v) => Math.min(255, Math.max(0, v + o.noise * gaussian(rand))));
    const pts = o.jitterPx
      ? f.face.pts.map((p) => p + (o.jitterPx ?? 0) * gaussian(rand))
      : f.face.pts;
    const diff = i === 0 ? null : (o.diff ?? f.face.diff);
    return { ...f, face: { ...f.face, thumb, pts, diff } };
  });
}

/**
 * Scene thumbnail (FrameFeatures.scene) of a textured background shifted by (dx, dy) frame pixels,
 * with `noise` grey levels (std) of fresh per-cell noise (sensor noise averaged over a cell). Its
 * shortest wavelength is ~6 cells: an area-averaged thumbnail keeps little finer texture.
 */
export function sceneOf(
  width: number,
  height: number,
  dx: number,
  dy: number,
  noise: number,
  rand: () => number,
): number[] {
  const out: number[] = [];
  for (let i = 0; i < SCENE_SIZE; i++) {
    for (let j = 0; j < SCENE_SIZE; j++) {
      const x = ((j + 0.5) * width) / SCENE_SIZE - dx;
      const y = ((i + 0.5) * height) / SCENE_SIZE - dy;
      const v =
        120 +
        40 * Math.sin(x / 41 + 0.3) * Math.cos(y / 29) +
        25 * Math.sin((x + 2 * y) / 67 + 1.1) +
        15 * Math.cos((2 * x - y) / 90);
      out.push(Math.min(255, Math.max(0, v + noise * gaussian(rand))));
    }
  }
  return out;
}
