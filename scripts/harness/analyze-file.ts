/**
 * Runs the browser analysis engine over a media file in headless Chromium:
 * ffmpeg decodes → loopback server → harness page → lib/ml worker → FrameFeatures[].
 * Shared by `npm run analyze`, `npm run bench:pipeline` and the e2e media spec.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { AudioEnvelope, FrameFeatures } from '../../lib/analysis/types';
import type { TEngineOptionsInput } from '../../lib/ml/protocol';
import { copyVendor } from '../assets/copy-vendor';
import { buildHarness } from './build';
import {
  audioEnvelope,
  MAX_WIDTH,
  probeMedia,
  rawFrames,
  type FrameFormat,
  type MediaProbe,
} from './media';
import type { PageRunResult, StageTiming, TrackRunResult } from './page';
import { startHarnessServer, type HarnessServer } from './server';

export const CHROMIUM = process.env.CANDOR_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Belt and braces next to page.route: no name resolves except loopback.
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
];

export interface AnalyzeOptions {
  /** frame rate for raw streams without timing (.mjpeg); default: from the name or 25 */
  fps?: number;
  engine?: TEngineOptionsInput;
  /** analyse only the first N frames (benchmarks) */
  maxFrames?: number;
  /**
   * analyse at most this many frames per second of media time (every frame is still decoded; the
   * kept ones keep their own timestamps). Default: every frame.
   */
  maxFps?: number;
  /**
   * benchmark baseline only: convert every decoded frame and drop the unkept ones here (the path
   * before ffmpeg picked the kept frames itself); same frames, more work
   */
  convertAll?: boolean;
  /**
   * how decoded frames travel to the page (media.ts FrameFormat): `rgba` (default, the path
   * `npm run analyze` and the evaluation use) or `i420` (the async worker: 2.7× fewer bytes)
   */
  frameFormat?: FrameFormat;
  /**
   * bench:async's baseline only: the transport before the speed work (one HTTP request per frame,
   * the result handed back as an object through Playwright) instead of one /frames stream and
   * one JSON string
   */
  legacyTransport?: boolean;
  /**
   * the camera's width: frames up to this wide are handed to the engine (default 640, which ffmpeg
   * scales to), and the worker scales wider ones to 640 itself, as a live room's VideoFrames are
   * (with frameFormat `i420`: an RGBA frame arrives as an ImageBitmap, which the worker never scales)
   */
  cameraWidth?: number;
  /** called as the page asks for frames: (frames handed to the engine so far, frames to analyse) */
  onProgress?: (done: number, total: number) => void;
  /**
   * analyse the file in this many consecutive parts at once, each on its own page and analysis
   * worker (one per core), at most the analyzer's `pages`; see splitParts. Default 1.
   */
  parts?: number;
  /** reuse a running analyzer (browser + server) across files */
  analyzer?: Analyzer;
}

/**
 * The options for a camera `width` px wide (`--camera-width` of analyze and bench:pipeline): frames up
 * to that wide, as I420 VideoFrames that the worker scales itself; none when `width` is unset.
 */
export function cameraFrames(
  width: string | undefined,
): Pick<AnalyzeOptions, 'cameraWidth' | 'frameFormat'> {
  return width ? { cameraWidth: Number(width), frameFormat: 'i420' } : {};
}

/** Media time each later part starts before its boundary, to warm its stateful features up. */
export const PART_OVERLAP_MS = 1500;
/** A part shorter than this (media time) is not worth a second page. */
export const MIN_PART_MS = 4000;

export interface Part {
  /** indices into the frame times, as decimate() returns them */
  keep: number[];
  /** the part's own results start at this media time (earlier ones are its warm-up overlap) */
  fromMs: number;
}

/**
 * The kept frames cut into at most `parts` consecutive parts of about equal frame counts. Every
 * part after the first also starts `overlapMs` of media time before its boundary: the engine's
 * per-run state (landmark tracking in VIDEO mode, the previous face crop behind `diff`, the
 * sampling pacer, the models' due times) warms up on those frames, and they are dropped from its
 * results, so the merged frames are each boundary's frames exactly once and in order.
 */
export function splitParts(
  times: readonly number[],
  keep: readonly number[],
  parts: number,
  overlapMs = PART_OVERLAP_MS,
  minPartMs = MIN_PART_MS,
): Part[] {
  const span = keep.length ? (times[keep[keep.length - 1]!] ?? 0) - (times[keep[0]!] ?? 0) : 0;
  const n = Math.max(1, Math.min(Math.floor(parts), Math.floor(span / minPartMs) || 1));
  if (n === 1) return [{ keep: [...keep], fromMs: -Infinity }];
  const out: Part[] = [];
  for (let k = 0; k < n; k++) {
    const a = Math.floor((k * keep.length) / n);
    const b = Math.floor(((k + 1) * keep.length) / n);
    const fromMs = k === 0 ? -Infinity : (times[keep[a]!] ?? 0);
    const startMs = fromMs - overlapMs;
    let s = a;
    while (s > 0 && (times[keep[s - 1]!] ?? 0) >= startMs) s--;
    out.push({ keep: keep.slice(s, b), fromMs });
  }
  return out;
}

export interface FileAnalysis {
  file: string;
  media: Omit<MediaProbe, 'file' | 'frameTimes' | 'inputArgs'> & {
    frameCount: number;
    durationMs: number;
  };
  frames: FrameFeatures[];
  audio: AudioEnvelope | null;
  timings: StageTiming[];
  initMs: number;
  wallMs: number;
  /** part of wallMs spent waiting for decoded frames rather than for the engine */
  feedWaitMs: number;
  errors: string[];
}

export interface Analyzer {
  analyze(file: string, opts?: Omit<AnalyzeOptions, 'analyzer'>): Promise<FileAnalysis>;
  /** play a browser-playable file (mp4/webm) in real time through the live-track loop */
  playTrack(file: string, engine?: TEngineOptionsInput): Promise<TrackRunResult>;
  close(): Promise<void>;
}

interface OpenPage {
  page: Page;
  /** console errors and page errors since the last take() */
  take(): string[];
  close(): Promise<void>;
}

/** A fresh context + page on the harness origin, with every other origin blocked. */
async function openPage(browser: Browser, server: HarnessServer): Promise<OpenPage> {
  const context = await browser.newContext();
  try {
    // Only our loopback origin; anything else (a CDN, telemetry) fails loudly instead of silently working.
    await context.route('**/*', (route) =>
      route
        .request()
        .url()
        .startsWith(server.origin + '/')
        ? route.continue()
        : route.abort('blockedbyclient'),
    );
    const page = await context.newPage();
    let logs: string[] = [];
    page.on('console', (m) => m.type() === 'error' && logs.push(m.text()));
    page.on('pageerror', (e) => logs.push(e.message));
    await page.goto(server.origin + '/');
    await page.waitForFunction(() => 'candorHarness' in window);
    return {
      page,
      take: () => {
        const out = logs;
        logs = [];
        return out;
      },
      close: () => context.close(),
    };
  } catch (e) {
    await context.close();
    throw e;
  }
}

async function withPage<T>(
  browser: Browser,
  server: HarnessServer,
  fn: (page: Page) => Promise<T>,
): Promise<{ value: T; logs: string[] }> {
  const p = await openPage(browser, server);
  try {
    return { value: await fn(p.page), logs: p.take() };
  } finally {
    await p.close();
  }
}

/** Indices of the frames kept at most `maxFps` per second of media time (first frame always). */
export function decimate(times: readonly number[], maxFps: number | undefined): number[] {
  const all = times.map((_, i) => i);
  if (!maxFps || maxFps <= 0) return all;
  // Half a frame of tolerance, so 30 fps at maxFps 15 keeps every other frame, not every third.
  const step = 1000 / maxFps;
  const keep: number[] = [];
  let next = -Infinity;
  for (const i of all) {
    const t = times[i] ?? 0;
    if (t + 0.25 * step < next) continue;
    keep.push(i);
    next = t + step;
  }
  return keep;
}

/**
 * Where analyse() runs: a fresh page per file (default), or one page kept between files (`warm`:
 * the engine's wasm and models load once; a run that failed closes it, the next one opens anew).
 */
interface PageSource {
  run<T>(fn: (page: Page) => Promise<T>): Promise<{ value: T; logs: string[] }>;
  warm: boolean;
  close(): Promise<void>;
}

function pageSource(browser: Browser, server: HarnessServer, warm: boolean): PageSource {
  if (!warm)
    return { run: (fn) => withPage(browser, server, fn), warm, close: async () => undefined };
  let open: Promise<OpenPage> | null = null;
  const drop = async () => {
    const p = open;
    open = null;
    await p?.then((x) => x.close()).catch(() => undefined);
  };
  return {
    warm,
    async run(fn) {
      open ??= openPage(browser, server);
      try {
        const p = await open;
        return { value: await fn(p.page), logs: p.take() };
      } catch (e) {
        await drop();
        throw e;
      }
    },
    close: drop,
  };
}

async function runInPage(
  pages: PageSource,
  server: HarnessServer,
  probe: MediaProbe,
  engine: TEngineOptionsInput,
  keep: readonly number[],
  opts: Pick<
    AnalyzeOptions,
    'onProgress' | 'convertAll' | 'frameFormat' | 'legacyTransport' | 'cameraWidth'
  > = {},
): Promise<PageRunResult> {
  const session = randomUUID();
  const times = keep.map((i) => probe.frameTimes[i] ?? 0);
  server.addSession(session, {
    frames: rawFrames(probe, keep, { convertAll: opts.convertAll, format: opts.frameFormat }),
    times,
    width: probe.outW,
    height: probe.outH,
    format: opts.frameFormat ?? 'rgba',
    onFrame: opts.onProgress && ((i) => opts.onProgress?.(Math.min(i, times.length), times.length)),
  });
  // The result comes back as one JSON string: handed over as an object, Playwright serialises,
  // validates and rebuilds every one of the thousands of numbers of a few hundred frames, which
  // cost the node side seconds of CPU per answer. JSON is exact here: the engine's frames passed
  // its zod schema (finite numbers only) and the rest is plain numbers and strings.
  const req = {
    session,
    options: engine,
    warm: pages.warm,
    transport: opts.legacyTransport ? ('frame' as const) : ('stream' as const),
    ...(opts.cameraWidth && opts.cameraWidth > MAX_WIDTH ? { maxWidth: MAX_WIDTH } : {}),
  };
  const { value, logs } = opts.legacyTransport
    ? await pages.run((page) => page.evaluate((r) => window.candorHarness.run(r), req))
    : await pages.run(
        async (page) =>
          JSON.parse(
            await page.evaluate(
              async (r) => JSON.stringify(await window.candorHarness.run(r)),
              req,
            ),
          ) as PageRunResult,
      );
  value.errors.push(...logs);
  return value;
}

/** The parts' results as one run: each part's frames from its `fromMs` on, in order. */
export function mergeRuns(runs: readonly PageRunResult[], parts: readonly Part[]): PageRunResult {
  if (runs.length === 1) return runs[0]!;
  const frames: PageRunResult['frames'] = [];
  const timings: StageTiming[] = [];
  const errors: string[] = [];
  runs.forEach((r, k) => {
    const from = parts[k]?.fromMs ?? -Infinity;
    const until = parts[k + 1]?.fromMs ?? Infinity;
    for (const f of r.frames) if (f.t >= from && f.t < until) frames.push(f);
    timings.push(...r.timings);
    errors.push(...r.errors.map((e) => `part ${k + 1}: ${e}`));
  });
  return {
    frames,
    timings,
    errors,
    initMs: Math.max(...runs.map((r) => r.initMs)),
    wallMs: Math.max(...runs.map((r) => r.wallMs)),
    feedWaitMs: Math.max(...runs.map((r) => r.feedWaitMs)),
    progress: runs.flatMap((r) => r.progress),
  };
}

export interface AnalyzerOptions {
  /**
   * keep the pages and their analysis workers between files (the async worker's jobs): the models
   * load once instead of once per file. Each file still starts from a reset engine (INIT).
   */
  warm?: boolean;
  /** pages (each with its own analysis worker) that the parts of one file can run on; default 1 */
  pages?: number;
  /**
   * with `warm`: open every page and load its engine with these options now, as a worker process
   * does at start, instead of during the first file
   */
  prewarm?: TEngineOptionsInput;
}

export async function createAnalyzer(opts: AnalyzerOptions = {}): Promise<Analyzer> {
  copyVendor();
  await buildHarness();
  const server = await startHarnessServer();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const pagePool = Array.from({ length: Math.max(1, Math.floor(opts.pages ?? 1)) }, () =>
    pageSource(browser, server, opts.warm ?? false),
  );
  const prewarm = opts.prewarm;
  if (opts.warm && prewarm) {
    try {
      await Promise.all(
        pagePool.map((p) =>
          p.run((page) => page.evaluate((o) => window.candorHarness.warmup(o), prewarm)),
        ),
      );
    } catch (e) {
      for (const p of pagePool) await p.close();
      await browser.close();
      await server.close();
      throw e;
    }
  }
  return {
    async analyze(file, opts = {}) {
      const abs = resolve(file);
      const probe = await probeMedia(abs, { fps: opts.fps, maxWidth: opts.cameraWidth });
      if (opts.maxFrames !== undefined)
        probe.frameTimes = probe.frameTimes.slice(0, opts.maxFrames);
      const keep = decimate(probe.frameTimes, opts.maxFps);
      const parts = splitParts(probe.frameTimes, keep, Math.min(opts.parts ?? 1, pagePool.length));
      const done = parts.map(() => 0);
      const total = parts.reduce((n, p) => n + p.keep.length, 0);
      const [runs, audio] = await Promise.all([
        Promise.all(
          parts.map((part, k) =>
            runInPage(pagePool[k]!, server, probe, opts.engine ?? {}, part.keep, {
              convertAll: opts.convertAll,
              frameFormat: opts.frameFormat,
              legacyTransport: opts.legacyTransport,
              cameraWidth: opts.cameraWidth,
              onProgress:
                opts.onProgress &&
                ((d) => {
                  done[k] = d;
                  opts.onProgress?.(
                    done.reduce((a, b) => a + b, 0),
                    total,
                  );
                }),
            }),
          ),
        ),
        audioEnvelope(probe),
      ]);
      const run = mergeRuns(runs, parts);
      const { file: _f, frameTimes, inputArgs: _i, ...media } = probe;
      return {
        file: abs,
        media: {
          ...media,
          frameCount: frameTimes.length,
          durationMs: frameTimes[frameTimes.length - 1] ?? 0,
        },
        frames: run.frames,
        audio,
        timings: run.timings,
        initMs: run.initMs,
        wallMs: run.wallMs,
        feedWaitMs: run.feedWaitMs,
        errors: run.errors,
      };
    },
    async playTrack(file, engine = {}) {
      const id = randomUUID();
      server.addMedia(id, resolve(file));
      const { value, logs } = await withPage(browser, server, (page) =>
        page.evaluate((req) => window.candorHarness.track(req), {
          src: `/media?id=${id}`,
          options: engine,
        }),
      );
      value.errors.push(...logs);
      return value;
    },
    async close() {
      for (const p of pagePool) await p.close();
      await browser.close();
      await server.close();
    },
  };
}

/** Analyse one file; pass `opts.analyzer` to reuse a browser across many files. */
export async function analyzeFile(file: string, opts: AnalyzeOptions = {}): Promise<FileAnalysis> {
  if (opts.analyzer) return opts.analyzer.analyze(file, opts);
  const analyzer = await createAnalyzer();
  try {
    return await analyzer.analyze(file, opts);
  } finally {
    await analyzer.close();
  }
}
