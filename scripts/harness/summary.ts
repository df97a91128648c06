/**
 * Raw per-signal summaries of a FrameFeatures stream: what the engine measured, before any
 * judgement (the judgement is lib/analysis/session.ts's job).
 */
import { z } from 'zod';
import type { AudioEnvelope, FrameFeatures } from '../../lib/analysis/types';

export const ZFeatureSummary = z.object({
  frames: z.number().int(),
  /** analysed frames per second of media */
  fps: z.number(),
  durationMs: z.number(),
  facePresence: z.number().describe('share of frames with at least one face'),
  multiFaceFrames: z.number().int(),
  pose: z
    .object({
      yaw: z.tuple([z.number(), z.number()]),
      pitch: z.tuple([z.number(), z.number()]),
      roll: z.tuple([z.number(), z.number()]),
    })
    .nullable()
    .describe('[min, max] degrees over face frames'),
  blinks: z.number().int().describe('closures with hysteresis close > 0.5, open < 0.3'),
  meanFaceDiff: z.number().nullable(),
  nearStillFrames: z.number().int().describe('face-crop diff < 0.5 grey levels'),
  repeatedHashes: z
    .number()
    .int()
    .describe('frames whose dHash equals an earlier frame ≥ 1 s before'),
  antiSpoof: z.object({
    runs: z.number().int(),
    mean: z.number().nullable(),
    min: z.number().nullable(),
  }),
  texture: z.object({ runs: z.number().int(), mean: z.number().nullable() }),
  audio: z.object({ seconds: z.number(), meanRms: z.number(), peakRms: z.number() }).nullable(),
});
export type TFeatureSummary = z.infer<typeof ZFeatureSummary>;

const r3 = (v: number): number => Math.round(v * 1000) / 1000;
const mean = (a: number[]): number | null =>
  a.length ? r3(a.reduce((s, v) => s + v, 0) / a.length) : null;
const range = (a: number[]): [number, number] => [r3(Math.min(...a)), r3(Math.max(...a))];

function countBlinks(frames: FrameFeatures[]): number {
  let closed = false;
  let n = 0;
  for (const f of frames) {
    if (!f.face) continue;
    const v = (f.face.blend.eyeBlinkLeft + f.face.blend.eyeBlinkRight) / 2;
    if (!closed && v > 0.5) {
      closed = true;
      n++;
    } else if (closed && v < 0.3) closed = false;
  }
  return n;
}

function repeatedHashes(frames: FrameFeatures[]): number {
  const firstSeen = new Map<string, number>();
  let n = 0;
  for (const f of frames) {
    if (!f.face) continue;
    const seen = firstSeen.get(f.face.hash);
    if (seen === undefined) firstSeen.set(f.face.hash, f.t);
    else if (f.t - seen >= 1000) n++;
  }
  return n;
}

export function summarise(frames: FrameFeatures[], audio: AudioEnvelope | null): TFeatureSummary {
  const faces = frames.flatMap((f) => (f.face ? [f.face] : []));
  const durationMs =
    frames.length > 1 ? (frames[frames.length - 1]?.t ?? 0) - (frames[0]?.t ?? 0) : 0;
  const diffs = faces.flatMap((f) => (f.diff === null ? [] : [f.diff]));
  const as = faces.flatMap((f) => (f.antiSpoofReal === undefined ? [] : [f.antiSpoofReal]));
  const tx = faces.flatMap((f) => (f.textureReal === undefined ? [] : [f.textureReal]));
  return {
    frames: frames.length,
    fps: durationMs > 0 ? r3(((frames.length - 1) * 1000) / durationMs) : 0,
    durationMs: r3(durationMs),
    facePresence: frames.length ? r3(faces.length / frames.length) : 0,
    multiFaceFrames: frames.filter((f) => f.faceCount > 1).length,
    pose: faces.length
      ? {
          yaw: range(faces.map((f) => f.pose.yaw)),
          pitch: range(faces.map((f) => f.pose.pitch)),
          roll: range(faces.map((f) => f.pose.roll)),
        }
      : null,
    blinks: countBlinks(frames),
    meanFaceDiff: mean(diffs),
    nearStillFrames: diffs.filter((d) => d < 0.5).length,
    repeatedHashes: repeatedHashes(frames),
    antiSpoof: { runs: as.length, mean: mean(as), min: as.length ? r3(Math.min(...as)) : null },
    texture: { runs: tx.length, mean: mean(tx) },
    audio: audio
      ? {
          seconds: r3(audio.rms.length / audio.rate),
          meanRms: mean(audio.rms) ?? 0,
          peakRms: audio.rms.length ? r3(Math.max(...audio.rms)) : 0,
        }
      : null,
  };
}
