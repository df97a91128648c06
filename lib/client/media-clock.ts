/**
 * One clock for everything the interviewer's page measures about the received candidate stream:
 * performance.now() milliseconds. Frames arrive stamped with the video's media time (precise frame
 * spacing, but its origin is arbitrary and restarts when the track does); audio arrives on the
 * AudioContext clock. Both are mapped onto the page's performance clock, so frame features, the
 * audio envelope, challenge prompts and evidence thumbnails share one time base, stays strictly
 * increasing across reconnects, and maps to wall-clock time as performance.timeOrigin + t.
 */

/** A media-time jump larger than this (track restarted, clock switched) re-anchors the mapping. */
const REANCHOR_MS = 500;
/** Slow drift of the media clock against the page clock is followed at this rate per frame. */
const DRIFT_RATE = 0.02;
const MAX_PRESENTATIONS = 240;

export class MediaClock {
  private anchor: number | null = null;
  private last = -Infinity;

  /** Page time of a frame with media time `mediaMs`, presented (per rVFC) at page time `presentedAt`. */
  frameTime(mediaMs: number, presentedAt: number): number {
    const d = mediaMs - presentedAt;
    if (this.anchor === null || Math.abs(d - this.anchor) > REANCHOR_MS) this.anchor = d;
    else this.anchor += DRIFT_RATE * (d - this.anchor);
    const t = Math.max(mediaMs - this.anchor, this.last + 1);
    this.last = t;
    return t;
  }

  /** The clock's "now", for stamping a challenge prompt as it is sent. */
  now(): number {
    return performance.now();
  }
}

export const wallTimeOf = (t: number): Date => new Date(performance.timeOrigin + t);

/**
 * Watches a <video> with its own requestVideoFrameCallback: when each frame was presented
 * (so analysed frames can be placed on the page clock) and a hook per presented frame (thumbnails).
 */
export class PresentationTap {
  private readonly times = new Map<number, number>();
  private handle = 0;
  private stopped = false;

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly onPresented?: (at: number) => void,
  ) {
    const cb = (now: number, meta: VideoFrameCallbackMetadata) => {
      if (this.stopped) return;
      this.handle = video.requestVideoFrameCallback(cb);
      this.times.set(meta.presentedFrames, now);
      // Bounded: only the last few seconds can still be asked about.
      if (this.times.size > MAX_PRESENTATIONS) {
        const oldest = this.times.keys().next();
        if (!oldest.done) this.times.delete(oldest.value);
      }
      this.onPresented?.(now);
    };
    this.handle = video.requestVideoFrameCallback(cb);
  }

  /** Page time the frame numbered `presentedFrames` was presented at (now, if it was not seen). */
  presentedAt(presentedFrames: number): number {
    return this.times.get(presentedFrames) ?? performance.now();
  }

  stop(): void {
    this.stopped = true;
    this.video.cancelVideoFrameCallback(this.handle);
  }
}
