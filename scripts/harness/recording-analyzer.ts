/**
 * The async worker's engine: `npm run analyze`'s harness (headless Chromium running the lib/ml
 * worker) over one uploaded recording, at a bounded analysed frame rate.
 *
 * Frame rate (CANDOR_ASYNC_FPS, default 15): blinks (100–400 ms), the colour-flash challenge (steps
 * of ≥ 100 ms reflected on the face) and the blink-twice challenge need ≥ ~10 analysed frames/s; 15
 * keeps 2–6 frames per blink while halving a 30 fps recording's work. Frame cadence (repeated or
 * re-timed frames) reads the kept frames' own timestamps, so it still sees a 15 fps source
 * re-timed to 30, but not duplicates finer than the kept step. The crop models keep their media-time
 * intervals (anti-spoof ≤ 2.5/s, texture and identity ≤ 1/s), so they cost the same at any rate.
 */
import type { RecordingAnalysis, RecordingAnalyzer } from '../../lib/server/async/answer-analysis';
import { createAnalyzer, type Analyzer } from './analyze-file';

export const DEFAULT_ASYNC_FPS = 15;

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
  opts: { fps?: number; onUnreadable?: (e: unknown) => Error } = {},
): Promise<RecordingEngine> {
  let analyzer: Analyzer | null = await createAnalyzer();
  const fps = opts.fps ?? asyncFps();
  return {
    async analyze(path, onProgress): Promise<RecordingAnalysis> {
      analyzer ??= await createAnalyzer();
      try {
        const a = await analyzer.analyze(path, {
          maxFps: fps,
          onProgress: (done, total) => onProgress(total > 0 ? done / total : 0),
        });
        if (a.frames.length === 0 && a.errors.length > 0)
          throw new Error(`the engine analysed no frame: ${a.errors.slice(0, 3).join('; ')}`);
        return { frames: a.frames, audio: a.audio, durationMs: a.media.durationMs };
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
