/**
 * Main-thread handle on the analysis worker. Framework-free: the interviewer page, the async
 * recording path and the CLI harness all drive the engine through this module.
 *
 * One frame in flight at a time: analyzeFrame() rejects with EngineBusyError rather than queue,
 * and startTrackAnalysis() only grabs a new video frame after the previous RESULT arrived, so a
 * slow machine drops frames instead of falling behind.
 */
import type { FrameFeatures } from '../analysis/types';
import { runTrackAnalysis, type FrameTiming, type TrackAnalysis, type TrackAnalysisOptions } from './track-analysis';
import { ZFromWorker, type FromWorker, type LoadProgress, type TEngineOptionsInput } from './protocol';

export class EngineBusyError extends Error {
  constructor() {
    super('a frame is already being analysed');
  }
}

export interface EngineClientOptions {
  /** origin + base path serving /vendor and /models; defaults to the page origin */
  assetBaseUrl?: string;
  options?: TEngineOptionsInput;
  /** override how the worker is created (the CLI harness serves an esbuild bundle) */
  createWorker?: () => Worker;
  onProgress?: (p: LoadProgress) => void;
  /** every RESULT, with the worker's per-stage timing (benchmarks, diagnostics) */
  onResult?: (r: Extract<FromWorker, { type: 'RESULT' }>) => void;
}

interface Pending {
  t: number;
  resolve: (f: FrameFeatures) => void;
  reject: (e: Error) => void;
}

export interface EngineClient {
  init(): Promise<void>;
  analyzeFrame(bitmap: ImageBitmap, t: number): Promise<FrameFeatures>;
  /** analyse every frame `video` presents while the engine keeps up (requestVideoFrameCallback) */
  startTrackAnalysis(
    video: HTMLVideoElement,
    onFeatures: (f: FrameFeatures, timing: FrameTiming) => void,
    opts?: TrackAnalysisOptions,
  ): TrackAnalysis;
  dispose(): void;
}

function defaultWorker(): Worker {
  return new Worker(new URL('./analysis.worker.ts', import.meta.url), { type: 'module', name: 'candor-analysis' });
}

export function createEngineClient(opts: EngineClientOptions = {}): EngineClient {
  let worker: Worker | null = null;
  let ready: Promise<void> | null = null;
  let readyWaiter: { resolve: () => void; reject: (e: Error) => void } | null = null;
  let pending: Pending | null = null;

  const onMessage = (ev: MessageEvent<unknown>): void => {
    const parsed = ZFromWorker.safeParse(ev.data);
    if (!parsed.success) {
      pending?.reject(new Error(`invalid worker message: ${parsed.error.message}`));
      pending = null;
      return;
    }
    const msg = parsed.data;
    if (msg.type === 'LOAD_PROGRESS') opts.onProgress?.(msg);
    else if (msg.type === 'READY') readyWaiter?.resolve();
    else if (msg.type === 'RESULT') {
      opts.onResult?.(msg);
      if (pending && pending.t === msg.features.t) pending.resolve(msg.features);
      pending = null;
    } else if (msg.fatal) {
      readyWaiter?.reject(new Error(msg.message));
    } else if (pending && (msg.t === undefined || msg.t === pending.t)) {
      pending.reject(new Error(msg.message));
      pending = null;
    }
  };

  const ensureWorker = (): Worker => {
    if (typeof window === 'undefined' && typeof self === 'undefined') {
      throw new Error('the analysis engine runs in a browser only');
    }
    if (!worker) {
      worker = (opts.createWorker ?? defaultWorker)();
      worker.onmessage = onMessage;
      worker.onerror = (e) => readyWaiter?.reject(new Error(`worker error: ${e.message}`));
    }
    return worker;
  };

  const init = (): Promise<void> => {
    if (ready) return ready;
    const w = ensureWorker();
    const base = opts.assetBaseUrl ?? new URL('/', location.href).href;
    ready = new Promise<void>((resolve, reject) => {
      readyWaiter = { resolve, reject };
      w.postMessage({ type: 'INIT', assetBaseUrl: base, options: opts.options ?? {} });
    });
    // Evict a failed start so the next init() retries instead of replaying the failure.
    ready.catch(() => {
      ready = null;
    });
    return ready;
  };

  const analyzeFrame = async (bitmap: ImageBitmap, t: number): Promise<FrameFeatures> => {
    await init();
    if (pending) {
      bitmap.close();
      throw new EngineBusyError();
    }
    return new Promise<FrameFeatures>((resolve, reject) => {
      pending = { t, resolve, reject };
      ensureWorker().postMessage({ type: 'FRAME', t, bitmap }, [bitmap]);
    });
  };

  const dispose = (): void => {
    worker?.terminate();
    worker = null;
    ready = null;
    pending?.reject(new Error('engine disposed'));
    pending = null;
  };

  const client: EngineClient = {
    init,
    analyzeFrame,
    startTrackAnalysis: (video, onFeatures, o) => runTrackAnalysis(client, video, onFeatures, o),
    dispose,
  };
  return client;
}

let shared: EngineClient | null = null;

/** The page-wide engine, created on first use (never during SSR). */
export function getEngine(opts?: EngineClientOptions): EngineClient {
  if (typeof window === 'undefined') throw new Error('getEngine() is browser-only');
  shared ??= createEngineClient(opts);
  return shared;
}

/** Analyse a live <video> with the page-wide engine. */
export function startTrackAnalysis(
  video: HTMLVideoElement,
  onFeatures: (f: FrameFeatures, timing: FrameTiming) => void,
  opts?: TrackAnalysisOptions & { engine?: EngineClientOptions },
): TrackAnalysis {
  return getEngine(opts?.engine).startTrackAnalysis(video, onFeatures, opts);
}

export type { FrameTiming, TrackAnalysis, TrackAnalysisOptions };
