/**
 * Live-track sampler: analyses the frames a <video> element presents (a received LiveKit track,
 * a local camera, a file) through an EngineClient, one frame in flight at a time.
 */
import type { FrameFeatures } from '../analysis/types';
import type { EngineClient } from './engine-client';

/** What requestVideoFrameCallback said about the frame (frame-timing tells live here). */
export interface FrameTiming {
  presentedFrames: number;
  mediaTimeMs: number;
  receiveTime?: number;
  captureTime?: number;
  rtpTimestamp?: number;
  /** the engine's JPEG snapshot of this very frame (engine option thumbWidth), when one was due */
  thumb?: Blob;
}

export interface TrackAnalysis {
  stop(): void;
  /** frames the element presented that were not analysed (engine busy, or callbacks missed) */
  readonly dropped: number;
}

export interface TrackAnalysisOptions {
  onError?: (e: unknown) => void;
  /**
   * Frames wider than this are downscaled when grabbed (default 640): the file tools analyse at
   * ≤ 640 px too, so live and recorded verdicts rest on the same pixel scale.
   */
  maxWidth?: number;
}

function grab(video: HTMLVideoElement, maxWidth: number): Promise<ImageBitmap> {
  const w = video.videoWidth;
  if (w <= maxWidth || w === 0) return createImageBitmap(video);
  const h = Math.max(2, Math.round((video.videoHeight * maxWidth) / w));
  return createImageBitmap(video, {
    resizeWidth: maxWidth,
    resizeHeight: h,
    resizeQuality: 'medium',
  });
}

/**
 * The element's current frame as a VideoFrame: a reference to the decoded frame, no pixel copy on
 * this thread (the worker reads and scales it). Null where VideoFrame is missing or refuses the
 * element; the caller then falls back to grab().
 */
function videoFrameOf(video: HTMLVideoElement): VideoFrame | null {
  if (typeof VideoFrame === 'undefined') return null;
  try {
    return new VideoFrame(video);
  } catch {
    return null;
  }
}

/**
 * Which clock stamps the frames. The element's mediaTime is the right one (it is the frame's own
 * time) but some stream types keep it constant; then we fall back to the wall clock, shifted so
 * timestamps stay strictly increasing across the switch.
 */
function frameClock(): (meta: VideoFrameCallbackMetadata, now: number) => number {
  let useWall = false;
  let last = -Infinity;
  let wallShift = 0;
  return (meta, now) => {
    const media = meta.mediaTime * 1000;
    if (!useWall && media <= last) {
      useWall = true;
      wallShift = last - now;
    }
    const t = useWall ? Math.max(last + 1, now + wallShift) : media;
    last = t;
    return t;
  };
}

export function runTrackAnalysis(
  engine: EngineClient,
  video: HTMLVideoElement,
  onFeatures: (f: FrameFeatures, timing: FrameTiming) => void,
  opts: TrackAnalysisOptions = {},
): TrackAnalysis {
  let stopped = false;
  let inFlight = false;
  let dropped = 0;
  let lastPresented = -1;
  let handle = 0;
  const clock = frameClock();

  const analyse = async (meta: VideoFrameCallbackMetadata, now: number): Promise<void> => {
    inFlight = true;
    try {
      const t = clock(meta, now);
      const maxWidth = opts.maxWidth ?? 640;
      const frame = videoFrameOf(video) ?? (await grab(video, maxWidth));
      const { features, thumb } = await engine.analyzeFrameResult(frame, t, maxWidth);
      if (!stopped) {
        onFeatures(features, {
          ...(thumb ? { thumb } : {}),
          presentedFrames: meta.presentedFrames,
          mediaTimeMs: meta.mediaTime * 1000,
          receiveTime: meta.receiveTime,
          captureTime: meta.captureTime,
          rtpTimestamp: meta.rtpTimestamp,
        });
      }
    } catch (e) {
      if (!stopped) opts.onError?.(e);
    } finally {
      inFlight = false;
    }
  };

  const onFrame = (now: number, meta: VideoFrameCallbackMetadata): void => {
    if (stopped) return;
    handle = video.requestVideoFrameCallback(onFrame);
    // Only new frames; if the engine is still on the previous one, drop this one (no queue).
    if (meta.presentedFrames <= lastPresented) return;
    // Frames presented between two callbacks were never seen: they count as dropped too.
    if (lastPresented >= 0) dropped += meta.presentedFrames - lastPresented - 1;
    lastPresented = meta.presentedFrames;
    if (inFlight) {
      dropped++;
      return;
    }
    void analyse(meta, now);
  };

  void engine.init().catch((e: unknown) => opts.onError?.(e));
  handle = video.requestVideoFrameCallback(onFrame);
  return {
    stop: () => {
      stopped = true;
      video.cancelVideoFrameCallback(handle);
    },
    get dropped() {
      return dropped;
    },
  };
}
