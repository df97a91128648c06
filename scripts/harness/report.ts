/**
 * The `npm run analyze -- <file> --json` document (schema documented in docs/analyze-json.md),
 * and its human-readable rendering.
 */
import { z } from 'zod';
import type { FileAnalysis } from './analyze-file';
import { ZFeatureSummary, summarise } from './summary';
import { ZSignalSummary, ZVerdictResult } from '../../lib/schemas/signals';
import { reasonText, scoreRecording } from './verdict';

const median = (a: number[]): number | null => {
  if (a.length === 0) return null;
  const s = [...a].sort((x, y) => x - y);
  return Math.round((s[Math.floor(s.length / 2)] ?? 0) * 100) / 100;
};

export const ZAnalyzeReport = z.object({
  schemaVersion: z.literal(1),
  file: z.string(),
  media: z.object({
    isImage: z.boolean(),
    width: z.number().int(),
    height: z.number().int(),
    analysedWidth: z.number().int(),
    analysedHeight: z.number().int(),
    frameCount: z.number().int(),
    durationMs: z.number(),
    fps: z.number(),
    hasAudio: z.boolean(),
  }),
  engine: z.object({
    initMs: z.number(),
    wallMs: z.number(),
    analysedFps: z.number(),
    medianMs: z.object({
      landmarker: z.number().nullable(),
      features: z.number().nullable(),
      models: z.number().nullable(),
      roundTrip: z.number().nullable(),
    }),
  }),
  /** raw measurements, before judgement */
  summary: ZFeatureSummary,
  /** per-signal assessments from the fusion engine */
  signals: z.array(ZSignalSummary),
  verdict: ZVerdictResult.nullable(),
  /** why verdict is null, when it is */
  verdictNote: z.string().nullable(),
  errors: z.array(z.string()),
});
export type TAnalyzeReport = z.infer<typeof ZAnalyzeReport>;

export async function buildReport(a: FileAnalysis): Promise<TAnalyzeReport> {
  const { verdict, signals, note } = scoreRecording(a.frames, a.audio);
  const m = a.media;
  return ZAnalyzeReport.parse({
    schemaVersion: 1,
    file: a.file,
    media: {
      isImage: m.isImage,
      width: m.width,
      height: m.height,
      analysedWidth: m.outW,
      analysedHeight: m.outH,
      frameCount: m.frameCount,
      durationMs: m.durationMs,
      fps: Math.round(m.fps * 1000) / 1000,
      hasAudio: m.audio !== null,
    },
    engine: {
      initMs: Math.round(a.initMs),
      wallMs: Math.round(a.wallMs),
      analysedFps: a.wallMs > 0 ? Math.round((a.frames.length * 1e4) / a.wallMs) / 10 : 0,
      medianMs: {
        landmarker: median(a.timings.map((t) => t.landmarkerMs)),
        features: median(a.timings.map((t) => t.featuresMs)),
        models: median(a.timings.filter((t) => t.modelsMs > 0.5).map((t) => t.modelsMs)),
        roundTrip: median(a.timings.map((t) => t.roundTripMs)),
      },
    },
    summary: summarise(a.frames, a.audio),
    signals,
    verdict,
    verdictNote: note,
    // MediaPipe's XNNPACK banner is console noise, not an error.
    errors: a.errors.filter((e) => !e.includes('XNNPACK delegate')),
  });
}

const fmt = (v: number | null | undefined, d = 2): string =>
  v === null || v === undefined ? '–' : v.toFixed(d);

export function renderReport(r: TAnalyzeReport): string {
  const s = r.summary;
  const lines = [
    `${r.file}`,
    `  media     ${r.media.width}x${r.media.height} → ${r.media.analysedWidth}x${r.media.analysedHeight}, ${r.media.frameCount} frames, ${fmt(r.media.durationMs / 1000, 1)} s, ${fmt(r.media.fps, 1)} fps, audio ${r.media.hasAudio ? 'yes' : 'no'}`,
    `  engine    init ${r.engine.initMs} ms, ${r.engine.analysedFps} analysed fps, median ms: landmarker ${fmt(r.engine.medianMs.landmarker)}, features ${fmt(r.engine.medianMs.features)}, models ${fmt(r.engine.medianMs.models)}, round trip ${fmt(r.engine.medianMs.roundTrip)}`,
    `  face      present ${fmt(s.facePresence * 100, 0)}% of frames, multi-face frames ${s.multiFaceFrames}`,
    `  pose      ${s.pose ? `yaw [${s.pose.yaw.join(', ')}] pitch [${s.pose.pitch.join(', ')}] roll [${s.pose.roll.join(', ')}]` : '–'}`,
    `  blinks    ${s.blinks}`,
    `  motion    mean face diff ${fmt(s.meanFaceDiff)}, near-still frames ${s.nearStillFrames}, repeated hashes ${s.repeatedHashes}`,
    `  antispoof ${s.antiSpoof.runs} runs, mean P(real) ${fmt(s.antiSpoof.mean, 3)}, min ${fmt(s.antiSpoof.min, 3)}`,
    `  texture   ${s.texture.runs} runs, mean P(real) ${fmt(s.texture.mean, 3)}`,
    `  audio     ${s.audio ? `${fmt(s.audio.seconds, 1)} s, mean RMS ${fmt(s.audio.meanRms, 4)}, peak ${fmt(s.audio.peakRms, 4)}` : 'none'}`,
  ];
  for (const sig of r.signals) {
    const v = sig.value === null ? '–' : String(Math.round(sig.value * 1000) / 1000);
    lines.push(
      `  ${sig.informative ? '*' : ' '} ${sig.signal.padEnd(14)} ${v.padStart(8)}  conf ${fmt(sig.confidence)}  ${sig.note}`,
    );
  }
  if (r.verdict) {
    lines.push(
      `  VERDICT   ${r.verdict.label}  score ${fmt(r.verdict.score, 0)}  (config ${r.verdict.configVersion})`,
    );
    for (const reason of r.verdict.reasons) lines.push(`    - ${reasonText(reason)}`);
  } else lines.push(`  VERDICT   – (${r.verdictNote ?? 'none'})`);
  for (const e of r.errors) lines.push(`  ! ${e}`);
  return lines.join('\n');
}
