/**
 * Optional per-frame measurements (face-hull texture, identity descriptor) yield to the frame rate.
 * Their intervals are in media time, which keeps file analysis independent of machine speed; in a
 * live room, though, a slow interviewer machine analyses few frames and each one would pay for them,
 * lowering the rate further. The time-critical checks need frames: the colour-flash challenge needs
 * ~30 face frames in its ~4.5 s sequence (≥ 7 fps). So when the analysed frames arrive further apart
 * than `slowGapMs` (under 10 fps), each optional interval stretches to at least `stretch` frame gaps.
 */
export class FramePacing {
  private prevT: number | null = null;
  private gap = 0;

  constructor(
    private readonly slowGapMs = 100,
    private readonly stretch = 4,
  ) {}

  reset(): void {
    this.prevT = null;
    this.gap = 0;
  }

  /** Records an analysed frame's media time (ms). */
  observe(t: number): void {
    if (this.prevT !== null && t > this.prevT) {
      const g = t - this.prevT;
      this.gap = this.gap === 0 ? g : 0.8 * this.gap + 0.2 * g;
    }
    this.prevT = t;
  }

  /** Smoothed media-time gap between analysed frames (0 before two frames). */
  gapMs(): number {
    return this.gap;
  }

  /** The interval an optional stage should use now. */
  interval(baseMs: number): number {
    if (this.gap <= this.slowGapMs) return baseMs;
    return Math.max(baseMs, this.stretch * this.gap);
  }
}
