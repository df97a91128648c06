/**
 * npm run analyze -- <file...> [--json] [--dump-features <out.json>] [--dump-dir <dir>] [--fps <n>]
 *   [--camera-width <px>]
 *
 * Runs the browser analysis engine (lib/ml worker, headless Chromium) over media files and prints
 * per-signal summaries plus the session verdict. `--json` prints exactly one JSON document
 * (ZAnalyzeReport, docs/analyze-json.md) and takes exactly one file.
 * `--dump-features` writes `{ frames, audio }` for one file; `--dump-dir` writes
 * `<dir>/<file name without extension>.json` for every file (fixtures for lib/analysis).
 * `--camera-width <px>` (> 640) hands the engine frames up to that wide as VideoFrames and lets the
 * worker scale them to 640, as a live room's camera frames are (default: ffmpeg scales to 640).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { cameraFrames, createAnalyzer, type FileAnalysis } from './harness/analyze-file';
import { buildReport, renderReport } from './harness/report';

const USAGE =
  'usage: npm run analyze -- <file...> [--json] [--dump-features <out.json>] [--dump-dir <dir>] [--fps <n>] [--no-models] [--camera-width <px>]';

function dump(path: string, a: FileAnalysis): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify({ frames: a.frames, audio: a.audio }) + '\n');
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      'dump-features': { type: 'string' },
      'dump-dir': { type: 'string' },
      fps: { type: 'string' },
      'no-models': { type: 'boolean', default: false },
      'camera-width': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || positionals.length === 0) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  if ((values.json || values['dump-features']) && positionals.length !== 1) {
    console.error('--json and --dump-features take exactly one file\n' + USAGE);
    return 2;
  }
  const fps = values.fps ? Number(values.fps) : undefined;
  const analyzer = await createAnalyzer();
  try {
    for (const file of positionals) {
      const t0 = Date.now();
      const a = await analyzer.analyze(file, {
        fps,
        engine: { models: !values['no-models'] },
        ...cameraFrames(values['camera-width']),
      });
      if (values['dump-features']) dump(values['dump-features'], a);
      if (values['dump-dir'])
        dump(join(values['dump-dir'], `${basename(file, extname(file))}.json`), a);
      const report = await buildReport(a);
      if (values.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
      else console.log(`${renderReport(report)}\n  (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
    }
  } finally {
    await analyzer.close();
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exit(1);
  },
);
