/**
 * Time ranges ("episodes") of a condition across windows, merged when they touch, capped in number
 * so an hour-long session stays bounded (when full, the last episode absorbs new ones).
 */
import type { Span } from './types';

export type Episode = Span;

export class EpisodeList {
  readonly items: Episode[] = [];

  constructor(
    private readonly maxGapMs = 0,
    private readonly maxItems = 50,
  ) {}

  add(startMs: number, endMs: number): void {
    const last = this.items.at(-1);
    if (last && startMs <= last.endMs + this.maxGapMs) {
      last.startMs = Math.min(last.startMs, startMs);
      last.endMs = Math.max(last.endMs, endMs);
      return;
    }
    if (last && this.items.length >= this.maxItems) {
      last.endMs = Math.max(last.endMs, endMs);
      return;
    }
    this.items.push({ startMs, endMs });
  }

  totalMs(): number {
    return this.items.reduce((s, e) => s + (e.endMs - e.startMs), 0);
  }

  longest(): Episode | null {
    let best: Episode | null = null;
    for (const e of this.items)
      if (!best || e.endMs - e.startMs > best.endMs - best.startMs) best = e;
    return best;
  }

  /** Overall range, for reasons that summarise several episodes. */
  span(): Episode | null {
    const first = this.items[0];
    const last = this.items.at(-1);
    return first && last ? { startMs: first.startMs, endMs: last.endMs } : null;
  }
}
