/**
 * Main-thread handle on the analysis worker. Framework-free: the interviewer page, the async
 * recording path and the CLI harness all drive the engine through this module.
 *
 * One frame in flight at a time: analyzeFrame() rejects with EngineBusyError rather than queue,
 * and startTrackAnalysis() only grabs a new video frame after the previous RESULT arrived, so a
 * slow machine drops frames instead of falling behind.
 */
import type { FrameFeatures } from '../analysis/types';
import {
  runTrackAnalysis,
  type FrameTiming,
  type TrackAnalysis,
  type TrackAnalysisOptions,
} from './track-analysis';
import {
  ZFromWorker,
  type FromWorker,
  type LoadProgress,
  type TEngineOptionsInput,
} from './protocol';

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
  /** every ERROR the worker reports, including non-fatal ones no caller is waiting on */
  onWorkerError?: (message: string, fatal: boolean) => void;
  /** every RESULT, with the worker's per-stage timing (benchmarks, diagnostics) */
  onResult?: (r: Extract<FromWorker, { type: 'RESULT' }>) => void;
}

/** One analysed frame: its features and, when the engine option thumbWidth asks, its snapshot. */
export interface FrameResult {
  features: FrameFeatures;
  thumb?: Blob;
}

interface Pending {
  t: number;
  resolve: (r: FrameResult) => void;
  reject: (e: Error) => void;
}

export interface EngineClient {
  init(): Promise<void>;
  analyzeFrame(bitmap: ImageBitmap, t: number): Promise<FrameFeatures>;
  /**
   * analyzeFrame, plus the frame's snapshot when one was due. A VideoFrame is transferred as is and
   * read (scaled to ≤ maxWidth) in the worker.
   */
  analyzeFrameResult(
    frame: ImageBitmap | VideoFrame,
    t: number,
    maxWidth?: number,
  ): Promise<FrameResult>;
  /** analyse every frame `video` presents while the engine keeps up (requestVideoFrameCallback) */
  startTrackAnalysis(
    video: HTMLVideoElement,
    onFeatures: (f: FrameFeatures, timing: FrameTiming) => void,
    opts?: TrackAnalysisOptions,
  ): TrackAnalysis;
  dispose(): void;
}

function defaultWorker(): Worker {
  return new Worker(new URL('./analysis.worker.ts', import.meta.url), {
    type: 'module',
    name: 'candor-analysis',
  });
}

class WorkerEngine implements EngineClient {
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;
  private readyWaiter: { resolve: () => void; reject: (e: Error) => void } | null = null;
  private pending: Pending | null = null;

  constructor(private readonly opts: EngineClientOptions) {}

  init(): Promise<void> {
    if (this.ready) return this.ready;
    const w = this.ensureWorker();
    const base = this.opts.assetBaseUrl ?? new URL('/', location.href).href;
    const ready = new Promise<void>((resolve, reject) => {
      this.readyWaiter = { resolve, reject };
      w.postMessage({ type: 'INIT', assetBaseUrl: base, options: this.opts.options ?? {} });
    });
    // Evict a failed start so the next init() retries instead of replaying the failure.
    ready.catch(() => {
      if (this.ready === ready) this.ready = null;
    });
    this.ready = ready;
    return ready;
  }

  async analyzeFrame(bitmap: ImageBitmap, t: number): Promise<FrameFeatures> {
    return (await this.analyzeFrameResult(bitmap, t)).features;
  }

  async analyzeFrameResult(
    bitmap: ImageBitmap | VideoFrame,
    t: number,
    maxWidth?: number,
  ): Promise<FrameResult> {
    try {
      await this.init();
    } catch (e) {
      bitmap.close();
      throw e;
    }
    if (this.pending) {
      bitmap.close();
      throw new EngineBusyError();
    }
    const w = this.ensureWorker();
    return new Promise<FrameResult>((resolve, reject) => {
      this.pending = { t, resolve, reject };
      w.postMessage({ type: 'FRAME', t, bitmap, ...(maxWidth ? { maxWidth } : {}) }, [bitmap]);
    });
  }

  startTrackAnalysis(
    video: HTMLVideoElement,
    onFeatures: (f: FrameFeatures, timing: FrameTiming) => void,
    opts?: TrackAnalysisOptions,
  ): TrackAnalysis {
    return runTrackAnalysis(this, video, onFeatures, opts);
  }

  dispose(): void {
    this.fail(new Error('engine disposed'));
  }

  /** Tear the worker down and reject whoever waits; the next call starts a fresh worker. */
  private fail(err: Error): void {
    this.worker?.terminate();
    this.worker = null;
    this.ready = null;
    this.readyWaiter?.reject(err);
    this.readyWaiter = null;
    this.settle((p) => p.reject(err));
  }

  private settle(fn: (p: Pending) => void): void {
    const p = this.pending;
    this.pending = null;
    if (p) fn(p);
  }

  private ensureWorker(): Worker {
    if (typeof Worker === 'undefined')
      throw new Error('the analysis engine runs in a browser only');
    if (!this.worker) {
      const w = (this.opts.createWorker ?? defaultWorker)();
      w.onmessage = (ev: MessageEvent<unknown>) => this.onMessage(ev.data);
      // A crashed worker (wasm abort, OOM) would otherwise leave callers waiting forever.
      w.onerror = (e) => this.fail(new Error(`analysis worker crashed: ${e.message}`));
      this.worker = w;
    }
    return this.worker;
  }

  private onMessage(data: unknown): void {
    const parsed = ZFromWorker.safeParse(data);
    if (!parsed.success) {
      this.settle((p) => p.reject(new Error(`invalid worker message: ${parsed.error.message}`)));
      return;
    }
    const msg = parsed.data;
    switch (msg.type) {
      case 'LOAD_PROGRESS':
        this.opts.onProgress?.(msg);
        return;
      case 'READY':
        this.readyWaiter?.resolve();
        return;
      case 'RESULT':
        this.opts.onResult?.(msg);
        this.settle((p) =>
          p.t === msg.features.t
            ? p.resolve(
                msg.thumb
                  ? { features: msg.features, thumb: msg.thumb }
                  : { features: msg.features },
              )
            : p.reject(new Error('result out of order')),
        );
        return;
      case 'ERROR':
        this.opts.onWorkerError?.(msg.message, msg.fatal);
        if (msg.fatal) this.readyWaiter?.reject(new Error(msg.message));
        else if (this.pending && (msg.t === undefined || msg.t === this.pending.t)) {
          this.settle((p) => p.reject(new Error(msg.message)));
        }
    }
  }
}

export function createEngineClient(opts: EngineClientOptions = {}): EngineClient {
  return new WorkerEngine(opts);
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
