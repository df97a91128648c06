import { performance } from 'node:perf_hooks';
import { createAnalyzer } from './harness/analyze-file';
const file = '/tmp/rel/answer.webm';
const an = await createAnalyzer();
for (const nf of [2, 1, 2, 1]) {
  const t = performance.now();
  const a = await an.analyze(file, { maxFps: 15, maxFrames: 300, engine: { landmarkerOnly: true, numFaces: nf } });
  const lm = a.timings.reduce((s, x) => s + x.landmarkerMs, 0);
  console.log('numFaces', nf, 'wall', (performance.now() - t).toFixed(0), 'lm/frame', (lm / a.timings.length).toFixed(1), 'faces', a.frames.filter((f) => f.face).length, a.frames.length);
}
await an.close();
