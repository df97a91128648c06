/**
 * The async worker's engine: `npm run analyze`'s harness (headless Chromium running the lib/ml
 * worker) over one uploaded recording, at a bounded analysed frame rate.
 *
 * What runs at which rate (media time, so results do not depend on machine speed or load):
 * - every analysed frame, CANDOR_ASYNC_FPS (default 15): decoding, the per-frame pixel features
 *   (skin colour for rPPG and the flash, face-crop hash / diff / thumbnail for held frames, loops
 *   and cadence, the scene thumbnail) and the eye-change trigger. Cadence reads the kept frames'
 *   own timestamps, so it still sees a 15 fps source re-timed to 30, but not duplicates finer than
 *   the kept step.
 * - the MediaPipe landmarker (landmarks, pose, blendshapes): at most every
 *   CANDOR_ASYNC_LANDMARKER_MS (default 120, i.e. every 2nd frame at 15 fps), and on every analysed
 *   frame inside the challenges' answer windows ± 1 s (the job's `fullRateSpans`: blink-twice and
 *   the colour flash need ≥ ~10/s), on a frame whose eyes changed (a blink: lib/ml/carry.ts) and
 *   after a frame without a face. The frames in between are `face.carried`: their geometry is the
 *   last landmarks moved on at their velocity (for the crop), then, once the run is back, the
 *   interpolation by media time between the landmark frames around them (interpolateCarried).
 * The stages below align to the landmarks, so they run on landmark frames only:
 * - face-hull texture (seam, resolution, flicker): every 150 ms, as in live rooms.
 * - anti-spoof ensemble: every 400 ms (2.5/s), as in live rooms: its confidence counts samples
 *   (fusion-config antiSpoof.fullConfidenceSamples), so fewer would change the verdict.
 * - identity descriptor: every 1000 ms, as in live rooms (identity config assumes ≤ 1/s).
 * - Meso4 texture (deepfake) model: every 2000 ms (0.5/s) instead of 1/s: its fusion weight is 0,
 *   it only feeds the report's summaries.
 * Decoding: ffmpeg decodes every frame but scales and pipes only the analysed ones, as I420 on one
 * /frames stream per part (the page wraps them in VideoFrames; the engine's worker converts them
 * to RGB, as in live rooms); one page and its analysis worker stay warm between jobs (models load
 * once per worker process).
 */
import type { RecordingAnalysis, RecordingAnalyzer } from '../../lib/server/async/answer-analysis';
import type { TEngineOptionsInput } from '../../lib/ml/protocol';
import { createAnalyzer, type Analyzer } from './analyze-file';
import type { FrameFormat } from './media';
import { interpolateCarried } from '../../lib/ml/carry';
import type { Span } from '../../lib/analysis/types';

export const DEFAULT_ASYNC_FPS = 15;

/** Engine options of the async worker (see above); live rooms use the protocol defaults. */
export const ASYNC_ENGINE: TEngineOptionsInput = {
  textureIntervalMs: 2000,
  landmarkerIntervalMs: 120,
};

/** CANDOR_ASYNC_LANDMARKER_MS: the landmarker's interval (0 = every analysed frame). */
export function asyncLandmarkerMs(): number {
  const raw = process.env.CANDOR_ASYNC_LANDMARKER_MS;
  const v = Number(raw ?? ASYNC_ENGINE.landmarkerIntervalMs);
  return raw !== undefined && Number.isFinite(v) && v >= 0 && v <= 1000
    ? v
    : (ASYNC_ENGINE.landmarkerIntervalMs ?? 0);
}

/** The worker's engine options for one recording: full landmarker rate in the challenge spans. */
export function asyncEngineOptions(
  fullRateSpans: readonly Span[] = [],
  landmarkerMs = asyncLandmarkerMs(),
): TEngineOptionsInput {
  return {
    ...ASYNC_ENGINE,
    landmarkerIntervalMs: landmarkerMs,
    fullRateSpans: fullRateSpans.slice(0, 200).map((s) => ({ ...s })),
  };
}

/** How the worker's decoded frames travel to the engine (media.ts FrameFormat). */
export const ASYNC_FRAME_FORMAT: FrameFormat = 'i420';

/** Engine pages one answer is split across (one analysis worker per core); see splitParts. */
export const DEFAULT_ASYNC_PAGES = 2;

export function asyncPages(): number {
  const v = Number(process.env.CANDOR_ASYNC_PAGES ?? DEFAULT_ASYNC_PAGES);
  return Number.isInteger(v) && v >= 1 && v <= 8 ? v : DEFAULT_ASYNC_PAGES;
}

export function asyncFps(): number {
  const v = Number(process.env.CANDOR_ASYNC_FPS ?? DEFAULT_ASYNC_FPS);
  return Number.isFinite(v) && v >= 5 && v <= 60 ? v : DEFAULT_ASYNC_FPS;
}

/** Errors that say the file itself is not a readable video (retrying cannot help). */
export function isUnreadable(e: unknown): boolean {
  const m = e instanceof Error ? e.message : String(e);
  return /ffprobe|no video stream|Invalid data|could not find codec|moov atom|EBML/i.test(m);
}

export interface RecordingEngine {
  analyze: RecordingAnalyzer;
  close(): Promise<void>;
}

/** One headless Chromium reused for every recording (start-up is paid once per worker). */
export async function createRecordingEngine(
  opts: {
    fps?: number;
    /** pages one answer is split across (default CANDOR_ASYNC_PAGES, 2; the baseline: 1) */
    pages?: number;
    onUnreadable?: (e: unknown) => Error;
    /** bench:async's baseline: the settings before the speed work (cold page per job, protocol
     * default model rates, every frame converted) */
    baseline?: boolean;
    /** the landmarker's interval in ms (default CANDOR_ASYNC_LANDMARKER_MS, else 120; 0 = every frame) */
    landmarkerMs?: number;
  } = {},
): Promise<RecordingEngine> {
  const warm = !opts.baseline;
  const pages = opts.baseline ? 1 : (opts.pages ?? asyncPages());
  // The worker's pages load their engines now, at start, not during the first job.
  const prewarm = warm ? ASYNC_ENGINE : undefined;
  let analyzer: Analyzer | null = await createAnalyzer({ warm, pages, prewarm });
  const fps = opts.fps ?? asyncFps();
  return {
    async analyze(path, onProgress, job = {}): Promise<RecordingAnalysis> {
      analyzer ??= await createAnalyzer({ warm, pages, prewarm });
      try {
        const a = await analyzer.analyze(path, {
          maxFps: fps,
          engine: opts.baseline ? {} : asyncEngineOptions(job.fullRateSpans, opts.landmarkerMs),
          convertAll: opts.baseline,
          frameFormat: opts.baseline ? 'rgba' : ASYNC_FRAME_FORMAT,
          legacyTransport: opts.baseline,
          parts: pages,
          onProgress: (done, total) => onProgress(total > 0 ? done / total : 0),
        });
        if (a.frames.length === 0 && a.errors.length > 0)
          throw new Error(`the engine analysed no frame: ${a.errors.slice(0, 3).join('; ')}`);
        // carried frames' geometry: interpolated between the landmark frames around them
        const frames = opts.baseline ? a.frames : interpolateCarried(a.frames);
        return { frames, audio: a.audio, durationMs: a.media.durationMs };
      } catch (e) {
        if (isUnreadable(e) && opts.onUnreadable) throw opts.onUnreadable(e);
        // The browser may be what broke: start a fresh one for the next job.
        const dead = analyzer;
        analyzer = null;
        await dead.close().catch(() => undefined);
        throw e;
      }
    },
    async close() {
      await analyzer?.close();
    },
  };
}
