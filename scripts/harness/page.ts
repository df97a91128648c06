/**
 * Browser side of the file harness (bundled by build.ts, served from 127.0.0.1). Pulls decoded
 * frames from the local server and pushes them through the real engine as fast as the worker
 * takes them: one frame in flight, the next one fetched and turned into an ImageBitmap meanwhile,
 * so no frame is skipped and nothing queues.
 */
import type { FrameFeatures } from '../../lib/analysis/types';
import { createEngineClient } from '../../lib/ml/engine-client';
import type { LoadProgress, TEngineOptionsInput } from '../../lib/ml/protocol';
import { FRAME_HEADER_BYTES } from './wire';

export interface PageRunRequest {
  session: string;
  options: TEngineOptionsInput;
  /**
   * keep the analysis worker (its loaded wasm and models) for the next run on this page: each run
   * still sends INIT, which resets every per-stream state, but the models load once per page
   */
  warm?: boolean;
  /**
   * `stream` (default): every frame on one /frames response; `frame`: one /frame request per
   * frame (the transport bench:async's baseline keeps)
   */
  transport?: 'stream' | 'frame';
  /**
   * hand frames to the engine with this maxWidth (the worker scales wider VideoFrames down to it,
   * as in a live room); unset: the frames arrive already at ≤ 640 px and nothing is scaled
   */
  maxWidth?: number;
}

/** The worker a warm run leaves for the next one (dropped after a run with a worker error). */
let warmWorker: Worker | null = null;
const newWorker = () =>
  new Worker('/harness/analysis.worker.js', { type: 'module', name: 'candor-analysis' });

export interface StageTiming {
  landmarkerMs: number;
  featuresMs: number;
  modelsMs: number;
  /** main-thread view: analyzeFrame() call to resolved promise */
  roundTripMs: number;
}

export interface PageRunResult {
  frames: FrameFeatures[];
  timings: StageTiming[];
  initMs: number;
  wallMs: number;
  /** main thread waiting for the next decoded frame (the feed, not the engine, was the bottleneck) */
  feedWaitMs: number;
  progress: LoadProgress[];
  errors: string[];
}

interface Fetched {
  t: number;
  frame: ImageBitmap | VideoFrame;
}

/**
 * YUV → RGB as ffmpeg's swscale does it for a stream that does not say (BT.601, limited range),
 * which is what the RGBA path used: the engine sees the same colours either way.
 */
const I420_COLOUR: VideoColorSpaceInit = {
  matrix: 'smpte170m',
  primaries: 'smpte170m',
  transfer: 'smpte170m',
  fullRange: false,
};

function toFrame(
  buf: ArrayBuffer,
  t: number,
  w: number,
  h: number,
  format: string | null,
): Promise<Fetched> | Fetched {
  if (format === 'i420') {
    // Planar YUV straight from the decoder: wrapped as is, converted to RGB in the engine's
    // worker (as a live room's VideoFrames are), so this thread copies 1.5 bytes per pixel once.
    const frame = new VideoFrame(buf, {
      format: 'I420',
      codedWidth: w,
      codedHeight: h,
      timestamp: Math.round(t * 1000),
      colorSpace: I420_COLOUR,
    });
    return { t, frame };
  }
  return createImageBitmap(new ImageData(new Uint8ClampedArray(buf), w, h)).then((bitmap) => ({
    t,
    frame: bitmap,
  }));
}

/** The session's frames from one /frames response, read in order as the caller asks. */
async function frameStream(session: string): Promise<() => Promise<Fetched | null>> {
  const res = await fetch(`/frames?session=${encodeURIComponent(session)}`);
  if (!res.ok || !res.body) throw new Error(`frames fetch: HTTP ${res.status} ${await res.text()}`);
  const w = Number(res.headers.get('x-w'));
  const h = Number(res.headers.get('x-h'));
  const format = res.headers.get('x-f');
  const size = FRAME_HEADER_BYTES + (format === 'i420' ? (w * h * 3) / 2 : w * h * 4);
  const reader = res.body.getReader();
  let chunk: Uint8Array = new Uint8Array(0);
  let off = 0;
  const read = async (): Promise<Fetched | null> => {
    const buf = new Uint8Array(size);
    let have = 0;
    while (have < size) {
      if (off >= chunk.length) {
        const r = await reader.read();
        if (r.done) {
          if (have > 0)
            throw new Error(`frames stream ended inside a frame (${have}/${size} bytes)`);
          return null;
        }
        chunk = r.value;
        off = 0;
      }
      const n = Math.min(size - have, chunk.length - off);
      buf.set(chunk.subarray(off, off + n), have);
      have += n;
      off += n;
    }
    const t = new DataView(buf.buffer).getFloat64(0, true);
    return toFrame(buf.buffer.slice(FRAME_HEADER_BYTES), t, w, h, format);
  };
  // one read at a time, in order, however many the caller has asked for ahead
  let chain: Promise<unknown> = Promise.resolve();
  return () => {
    const next = chain.then(read);
    chain = next.catch(() => undefined);
    return next;
  };
}

async function fetchFrame(session: string, i: number): Promise<Fetched | null> {
  const res = await fetch(`/frame?session=${encodeURIComponent(session)}&i=${i}`);
  if (res.status === 204) return null;
  if (!res.ok) throw new Error(`frame fetch: HTTP ${res.status} ${await res.text()}`);
  const t = Number(res.headers.get('x-t'));
  const w = Number(res.headers.get('x-w'));
  const h = Number(res.headers.get('x-h'));
  return toFrame(await res.arrayBuffer(), t, w, h, res.headers.get('x-f'));
}

async function run(req: PageRunRequest): Promise<PageRunResult> {
  const progress: LoadProgress[] = [];
  const errors: string[] = [];
  const pendingTiming: Omit<StageTiming, 'roundTripMs'>[] = [];
  const client = createEngineClient({
    assetBaseUrl: new URL('/', location.href).href,
    options: req.options,
    createWorker: () => (req.warm ? (warmWorker ??= newWarmWorker()) : newWorker()),
    onProgress: (p) => progress.push(p),
    onWorkerError: (m, fatal) => {
      errors.push(`worker: ${m}`);
      if (fatal && req.warm) dropWarmWorker();
    },
    onResult: (r) => pendingTiming.push(r.timing),
  });
  const i0 = performance.now();
  await client.init().catch((e: unknown) => {
    if (req.warm) dropWarmWorker();
    throw e;
  });
  const initMs = performance.now() - i0;
  const frames: FrameFeatures[] = [];
  const timings: StageTiming[] = [];
  const w0 = performance.now();
  // Two frames fetched and decoded ahead: the main thread prepares while the worker analyses.
  let i = 0;
  const stream = req.transport === 'frame' ? null : await frameStream(req.session);
  const nextFrame = stream ?? (() => fetchFrame(req.session, i++));
  const ahead = [nextFrame(), nextFrame()];
  let feedWaitMs = 0;
  for (;;) {
    const q0 = performance.now();
    const cur = await ahead.shift();
    feedWaitMs += performance.now() - q0;
    if (!cur) break;
    ahead.push(nextFrame());
    const r0 = performance.now();
    try {
      frames.push((await client.analyzeFrameResult(cur.frame, cur.t, req.maxWidth)).features);
      const stage = pendingTiming.shift();
      if (stage) timings.push({ ...stage, roundTripMs: performance.now() - r0 });
    } catch (e) {
      errors.push(`t=${cur.t}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const wallMs = performance.now() - w0;
  // A warm run leaves the worker to the next run (which replaces its message handler).
  if (!req.warm) client.dispose();
  return { frames, timings, initMs, wallMs, feedWaitMs, progress, errors };
}

/**
 * Loads the warm worker's wasm and models now (a worker process at start, before its first job),
 * so the first run pays no more than the later ones; every run still starts with its own INIT.
 */
async function warmup(options: TEngineOptionsInput): Promise<void> {
  const client = createEngineClient({
    assetBaseUrl: new URL('/', location.href).href,
    options,
    createWorker: () => (warmWorker ??= newWarmWorker()),
  });
  await client.init().catch((e: unknown) => {
    dropWarmWorker();
    throw e;
  });
}

function newWarmWorker(): Worker {
  const w = newWorker();
  // A crashed worker (wasm abort, OOM) is not handed to the next run.
  w.addEventListener('error', () => {
    if (warmWorker === w) warmWorker = null;
  });
  return w;
}

function dropWarmWorker(): void {
  warmWorker?.terminate();
  warmWorker = null;
}

export interface TrackRunRequest {
  src: string;
  options: TEngineOptionsInput;
}

export interface TrackRunResult {
  times: number[];
  presented: number[];
  faces: number;
  dropped: number;
  errors: string[];
}

/** Plays `src` in a <video> once through the live-track loop (requestVideoFrameCallback). */
async function track(req: TrackRunRequest): Promise<TrackRunResult> {
  const engine = createEngineClient({
    options: req.options,
    createWorker: () =>
      new Worker('/harness/analysis.worker.js', { type: 'module', name: 'candor-analysis' }),
  });
  await engine.init();
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.src = req.src;
  document.body.append(video);
  const out: TrackRunResult = { times: [], presented: [], faces: 0, dropped: 0, errors: [] };
  const loop = engine.startTrackAnalysis(
    video,
    (f, timing) => {
      out.times.push(f.t);
      out.presented.push(timing.presentedFrames);
      if (f.face) out.faces++;
    },
    { onError: (e) => out.errors.push(String(e)) },
  );
  await video.play();
  await new Promise<void>((resolve) =>
    video.addEventListener('ended', () => resolve(), { once: true }),
  );
  loop.stop();
  out.dropped = loop.dropped;
  engine.dispose();
  return out;
}

declare global {
  interface Window {
    candorHarness: {
      run: (req: PageRunRequest) => Promise<PageRunResult>;
      warmup: (options: TEngineOptionsInput) => Promise<void>;
      track: (req: TrackRunRequest) => Promise<TrackRunResult>;
    };
  }
}
window.candorHarness = { run, warmup, track };
