import type { TWindowSignals } from '../schemas/signals';

/**
 * Blink totals and the longest stretch of visible-eye time without a blink, from windows.
 * Eye-visible time inside a window is assumed spread evenly, which is exact enough at 1 s windows.
 */
export class BlinkStretches {
  events = 0;
  eyesMs = 0;
  private stretchEyesMs = 0;
  private stretchStartMs: number | null = null;
  private stretchEndMs = 0;
  longest = { eyesMs: 0, startMs: 0, endMs: 0 };

  add(w: TWindowSignals): void {
    const len = Math.max(1, w.endMs - w.startMs);
    this.eyesMs += w.blink.eyesMs;
    this.events += w.blink.events.length;
    let cursor = 0;
    for (const offset of [...w.blink.events].sort((a, b) => a - b)) {
      this.extend(
        w.startMs + cursor,
        w.startMs + offset,
        (w.blink.eyesMs * (offset - cursor)) / len,
      );
      this.closeStretch();
      cursor = offset;
    }
    this.extend(w.startMs + cursor, w.endMs, (w.blink.eyesMs * (len - cursor)) / len);
  }

  /** The stretch in progress counts too: a call can end in the middle of one. */
  longestIncludingOpen(): { eyesMs: number; startMs: number; endMs: number } {
    if (this.stretchStartMs !== null && this.stretchEyesMs > this.longest.eyesMs) {
      return { eyesMs: this.stretchEyesMs, startMs: this.stretchStartMs, endMs: this.stretchEndMs };
    }
    return this.longest;
  }

  private extend(fromMs: number, toMs: number, eyesMs: number): void {
    if (eyesMs <= 0) return;
    if (this.stretchStartMs === null) this.stretchStartMs = fromMs;
    this.stretchEyesMs += eyesMs;
    this.stretchEndMs = toMs;
  }

  private closeStretch(): void {
    if (this.stretchStartMs !== null && this.stretchEyesMs > this.longest.eyesMs) {
      this.longest = {
        eyesMs: this.stretchEyesMs,
        startMs: this.stretchStartMs,
        endMs: this.stretchEndMs,
      };
    }
    this.stretchEyesMs = 0;
    this.stretchStartMs = null;
  }
}
