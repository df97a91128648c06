import type { AudioEnvelope, FrameFeatures } from '../types';
import { syntheticFrames, type SyntheticOptions } from './synthetic-face';

/** Session-scale synthetic scenarios shared by the fusion tests. */

const pulse = (t: number) => Math.sin(2 * Math.PI * 1.2 * t);
const mouth = (t: number) =>
  0.5 + 0.5 * Math.sin(2 * Math.PI * 1.3 * t) * Math.sin(2 * Math.PI * 0.37 * t + 0.4);

/** A live candidate: turning and nodding irregularly, blinking, talking, with a 72 bpm pulse. */
export function genuineSession(
  durationMs: number,
  overrides: Partial<SyntheticOptions> = {},
): FrameFeatures[] {
  return syntheticFrames({
    durationMs,
    fps: 20,
    seed: 3,
    noisePx: 0.4,
    jitterMs: 8,
    // Incommensurate frequencies: a real head never repeats a trajectory exactly (with 0.9/2.3/0.6/0.3
    // rad/s the whole motion was periodic with 2π/0.1 ≈ 63 s, a literal loop that the replay detector
    // rightly flagged in sessions longer than a minute).
    motion: (t) => ({
      yaw: 12 * Math.sin(0.9 * t) + 5 * Math.sin(2.3 * Math.SQRT2 * t + 1),
      pitch: 6 * Math.sin(0.6 * Math.PI * 0.37 * t + 0.5),
      tx: 1.5 * Math.sin(0.3 * Math.E * t),
    }),
    eyeBlink: (t) => ((t + 1.3 * Math.sin(t)) % 4 < 0.2 ? 0.9 : 0.1),
    jawOpen: (t) => 0.05 + 0.3 * mouth(t),
    skin: (t) => ({ r: 180 + 0.15 * pulse(t), g: 130 + 0.35 * pulse(t), b: 110 + 0.25 * pulse(t) }),
    antiSpoofReal: 0.93,
    ...overrides,
  });
}

/** A printed photo held up and moved around (handheld shake, pan, tilt, zoom). */
export function photoSession(
  durationMs: number,
  overrides: Partial<SyntheticOptions> = {},
): FrameFeatures[] {
  return syntheticFrames({
    durationMs,
    fps: 25,
    planar: true,
    seed: 4,
    noisePx: 0.5,
    motion: (t) => ({
      tx: 3 * Math.sin(3 * t),
      ty: 2 * Math.sin(4.1 * t),
      yaw: 15 * Math.sin(2 * t),
      roll: 5 * Math.sin(2.7 * t),
      tz: 5 * Math.sin(1.3 * t),
    }),
    ...overrides,
  });
}

/** Speech envelope following the genuine mouth 80 ms later, at 50 Hz. */
export function speechAudio(durationMs: number, delayMs = 80): AudioEnvelope {
  const rate = 50;
  const rms: number[] = [];
  for (let i = 0; i < (durationMs / 1000) * rate; i++)
    rms.push(0.005 + 0.2 * mouth(i / rate - delayMs / 1000));
  return { t0: 0, rate, rms };
}

/** A recording re-timed to `outFps` by repeating the nearest earlier frame (what ffmpeg fps=… does). */
export function retimed(
  src: readonly FrameFeatures[],
  srcFps: number,
  outFps: number,
): FrameFeatures[] {
  const out: FrameFeatures[] = [];
  const dur = src.at(-1)?.t ?? 0;
  for (let k = 0; (k * 1000) / outFps <= dur; k++) {
    const t = (k * 1000) / outFps;
    const f = src[Math.min(src.length - 1, Math.floor((t * srcFps) / 1000 + 1e-6))];
    if (f) out.push({ ...f, t: Math.round(t * 10) / 10 });
  }
  return out;
}
