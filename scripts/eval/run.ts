/**
 * npm run eval -- <dir or clip…> [--json] [--clips] [--reuse <earlier.json|.jsonl>…] [--save <out.jsonl>] [--partial] [--dump-dir <dir>] [--jobs <n>]
 *
 * Runs the engine (the same path as `npm run analyze`: headless Chromium + lib/ml worker, then the
 * fusion in Node) over every clip under the dirs, one browser for all clips. The class is the
 * folder a clip sits in. Prints per class: n, label counts, APCER, BPCER, score AUC, then a
 * README-ready markdown table; `--clips` adds one line per clip; `--json` prints one document.
 * `--save` appends each clip's result to a JSONL file as it finishes; `--reuse` takes results of an
 * earlier run (`--save` file or `--json` output, same fusion config version) instead of analysing
 * those files again: to resume an interrupted run or add classes without re-analysing genuine clips.
 * `--partial` reports only the clips that the reused results cover and says how many it left out.
 * `--dump-dir <dir>` also writes each analysed clip's features (`{ frames, audio }`, as `npm run
 * analyze -- --dump-dir`) to `<dir>/<class>/<name>.json`, so a signal change can be replayed on them.
 * `--jobs <n>` (1–8, default 1) analyses n clips at a time, each in its own browser: the engine's
 * worker runs one clip on about one core, so on a quiet machine with n cores the run takes about 1/n
 * of the time (results are the same: every clip is analysed once, by one browser).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { readdirSync, statSync } from 'node:fs';
import { basename, extname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createAnalyzer } from '../harness/analyze-file';
import { buildReport } from '../harness/report';
import { topReasons, reasonText } from '../harness/verdict';
import { FUSION_CONFIG } from '../../lib/analysis/fusion-config';
import { classFromPath, classRows, interleave, markdownTable } from './metrics';
import { loadResults, reusable, saveResult, type ClipResult } from './results';

const USAGE =
  'usage: npm run eval -- <dir…> [--json] [--clips] [--reuse <earlier.json|.jsonl>…] [--save <out.jsonl>] [--partial] [--dump-dir <dir>] [--jobs <n>]';
const MEDIA = new Set(['.mp4', '.webm', '.avi', '.mov', '.mkv', '.mjpeg', '.y4m']);

/** Media files under a folder (recursively), or the path itself when it is a media file. */
function listClips(dir: string): string[] {
  if (!statSync(dir).isDirectory()) return MEDIA.has(extname(dir).toLowerCase()) ? [dir] : [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listClips(p));
    else if (MEDIA.has(extname(name).toLowerCase())) out.push(p);
  }
  return out;
}

async function evaluate(
  files: string[],
  reuse: Map<string, ClipResult>,
  save: string | undefined,
  log: (s: string) => void,
  dumpDir?: string,
  jobs = 1,
): Promise<ClipResult[]> {
  const results: ClipResult[] = files.flatMap((f) => reuse.get(f) ?? []);
  const todo = files.filter((f) => !reuse.has(f));
  if (results.length > 0) log(`reusing ${results.length} earlier results`);
  if (todo.length === 0) return results;
  // `jobs` browsers take clips from one queue (each clip is analysed by exactly one of them)
  let next = 0;
  let done = 0;
  const one = async (analyzer: Awaited<ReturnType<typeof createAnalyzer>>, file: string) => {
    const t0 = Date.now();
    const cls = classFromPath(file);
    let r: ClipResult;
    try {
      const analysis = await analyzer.analyze(file);
      if (dumpDir) {
        const dir = join(dumpDir, cls);
        mkdirSync(dir, { recursive: true });
        const out = join(dir, `${basename(file, extname(file))}.json`);
        writeFileSync(
          out,
          JSON.stringify({ frames: analysis.frames, audio: analysis.audio }) + '\n',
        );
      }
      const report = await buildReport(analysis);
      const v = report.verdict;
      r = {
        file,
        cls,
        label: v?.label ?? null,
        score: v ? Math.round(v.score * 10) / 10 : null,
        seconds: (Date.now() - t0) / 1000,
        reasons: v ? topReasons(v).map(reasonText) : [report.verdictNote ?? 'no verdict'],
        errors: report.errors,
      };
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      r = { file, cls, label: null, score: null, seconds: 0, reasons: [], errors: [msg] };
    }
    results.push(r);
    if (save) saveResult(save, r);
    done += 1;
    log(`[${done}/${todo.length}] ${cls} ${r.label ?? '–'} ${r.score ?? '–'} ${file}`);
  };
  const lane = async (): Promise<void> => {
    const analyzer = await createAnalyzer();
    try {
      while (next < todo.length) {
        const file = todo[next++];
        if (file) await one(analyzer, file);
      }
    } finally {
      await analyzer.close();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, todo.length)) }, lane));
  return results;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      clips: { type: 'boolean', default: false },
      reuse: { type: 'string', multiple: true, default: [] },
      save: { type: 'string' },
      partial: { type: 'boolean', default: false },
      'dump-dir': { type: 'string' },
      jobs: { type: 'string', default: '1' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || positionals.length === 0) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const jobs = Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 8) {
    console.error(`--jobs must be an integer from 1 to 8 (got ${values.jobs})\n${USAGE}`);
    return 2;
  }
  const all = interleave(positionals.flatMap((d) => listClips(resolve(d))));
  const earlier = loadResults(values.reuse);
  const reuse = reusable(earlier);
  if (reuse.size < earlier.size)
    console.error(
      `[eval] analysing again ${earlier.size - reuse.size} clip(s) whose earlier run failed`,
    );
  // --partial: report only the clips that earlier results cover (e.g. a run cut short)
  const files = values.partial ? all.filter((f) => reuse.has(f)) : all;
  if (files.length === 0) {
    console.error(`no clips under ${positionals.join(', ')}\n${USAGE}`);
    return 2;
  }
  const t0 = Date.now();
  const results = await evaluate(
    files,
    reuse,
    values.save,
    (s) => console.error(s),
    values['dump-dir'],
    jobs,
  );
  const rows = classRows(results);
  const wallS = Math.round((Date.now() - t0) / 1000);
  const cwd = process.cwd();
  if (values.json) {
    const doc = {
      configVersion: FUSION_CONFIG.version,
      dirs: positionals,
      clipsLeftOut: all.length - files.length,
      wallS,
      rows,
      clips: results,
    };
    process.stdout.write(JSON.stringify(doc, null, 2) + '\n');
    return 0;
  }
  if (values.clips)
    for (const r of results)
      console.log(
        `${r.cls.padEnd(18)} ${(r.label ?? '–').padEnd(12)} ${String(r.score ?? '–').padStart(5)}  ${relative(cwd, r.file)}\n` +
          r.reasons.map((x) => `      - ${x}`).join('\n') +
          r.errors.map((x) => `\n      ! ${x}`).join(''),
      );
  console.log(
    `\nfusion config ${FUSION_CONFIG.version}; ${results.length} clips from ${positionals.join(', ')}${files.length < all.length ? ` (--partial: ${all.length - files.length} clips without results left out)` : ''}; ${wallS} s\n`,
  );
  console.log(markdownTable(rows));
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exit(1);
  },
);
