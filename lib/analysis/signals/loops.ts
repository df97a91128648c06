import { FUSION_CONFIG } from '../fusion-config';
import { median } from '../math/stats';
import { thumbDiff } from './held';
import type { Span } from '../types';

/**
 * Loops and replays: a run of consecutive face hashes (64-bit dHash) that each nearly match an
 * earlier frame at one constant time offset is a replayed segment. Candidates come from a band
 * index (four 16-bit bands: two hashes within 3 bits always share a band; up to `matchBits` they
 * usually do), so a one-hour session costs little per frame. A run only counts when the face content
 * changes within it (a still face matches itself at every offset: that is "frozen", not a loop).
 * A run ends at a stretch without samples longer than `maxStepMs` (no face, or the gap between two
 * recorded answers on one session clock): the replayed part must be seen.
 * Where it stops working: replays re-encoded with a different crop/scale change the hash; a person
 * repeating a movement with a near-identical face crop AND within ~10 % of the original speed for
 * over a second would look like a loop (the offset must stay constant within `offsetToleranceMs`,
 * it is not allowed to drift).
 * Confirmation: when the samples carry 8x8 grey thumbnails, a hash run becomes evidence only if the
 * matched frames are as alike as noise allows: their median thumbnail difference must stay within
 * `confirm.ratio` x the adjacent-sample difference (noise plus motion, measured on the same stretch)
 * + `confirm.slack`. A re-encoded replay passes (the same frames, new coding noise); a still talker
 * who returns to a similar pose, or a source with duplicated frames, does not (the poses differ by
 * more than the frame-to-frame noise). Samples without thumbnails (older stored windows) fall back to
 * the hash run alone.
 */

type LoopConfig = typeof FUSION_CONFIG.loop;

export interface HashSample {
  t: number;
  hash: string;
  /** 8x8 grey thumbnail (64 values 0..255), when known */
  thumb?: ArrayLike<number>;
}

/** startMs/endMs: the replayed (later) segment */
export interface LoopEvent extends Span {
  /** how far back the original is */
  offsetMs: number;
}

interface Run {
  offset: number;
  startT: number;
  lastT: number;
  lastIdx: number;
  firstHi: number;
  firstLo: number;
  contentBits: number;
  /** thumbnail difference of each matched pair, and the adjacent-sample difference beside it */
  matchDiffs: number[];
  adjDiffs: number[];
}

/** Evidence about a hash run from the thumbnails of its matched frames. */
interface PairDiff {
  match: number | null;
  adj: number | null;
}

function popcount(x: number): number {
  let v = x >>> 0;
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

export function hammingHex(a: string, b: string): number {
  return (
    popcount(parseInt(a.slice(0, 8), 16) ^ parseInt(b.slice(0, 8), 16)) +
    popcount(parseInt(a.slice(8, 16), 16) ^ parseInt(b.slice(8, 16), 16))
  );
}

export class LoopDetector {
  private readonly t: number[] = [];
  private readonly hi: number[] = [];
  private readonly lo: number[] = [];
  private readonly th: Array<Uint8Array | null> = [];
  private base = 0;
  private readonly bands = [
    new Map<number, number[]>(),
    new Map<number, number[]>(),
    new Map<number, number[]>(),
    new Map<number, number[]>(),
  ];
  private runs: Run[] = [];
  readonly events: LoopEvent[] = [];

  constructor(private readonly cfg: LoopConfig = FUSION_CONFIG.loop) {}

  add(sample: HashSample): void {
    if (!/^[0-9a-f]{16}$/i.test(sample.hash)) return;
    const hi = parseInt(sample.hash.slice(0, 8), 16) >>> 0;
    const lo = parseInt(sample.hash.slice(8, 16), 16) >>> 0;
    const idx = this.base + this.t.length;
    const thumb =
      sample.thumb?.length === 64 ? Uint8Array.from(sample.thumb, (v) => Math.round(v)) : null;
    const prevThumb = this.th.at(-1) ?? null;
    // the difference to a sample across a gap is not frame-to-frame noise
    const adjacent = sample.t - (this.t.at(-1) ?? -Infinity) <= this.cfg.maxStepMs;
    const adj = thumb && prevThumb && adjacent ? thumbDiff(thumb, prevThumb) : null;
    for (const j of this.candidates(hi, lo, sample.t)) {
      const k = j - this.base;
      const d = popcount(hi ^ (this.hi[k] ?? 0)) + popcount(lo ^ (this.lo[k] ?? 0));
      if (d > this.cfg.matchBits) continue;
      const other = this.th[k] ?? null;
      const match = thumb && other ? thumbDiff(thumb, other) : null;
      this.extend(idx, sample.t, sample.t - (this.t[k] ?? 0), hi, lo, { match, adj });
    }
    this.closeStale(idx);
    this.store(idx, sample.t, hi, lo, thumb);
  }

  /** Matched frames as alike as noise allows (always true without thumbnails: older windows). */
  private confirmed(r: Run): boolean {
    if (r.matchDiffs.length === 0) return true;
    const c = this.cfg.confirm;
    const adj = r.adjDiffs.filter((d) => d > c.dupDiff);
    const noise = adj.length > 0 ? median(adj) : 0;
    return median(r.matchDiffs) <= c.ratio * noise + c.slack;
  }

  /** Loop events so far, including a qualifying run still in progress (does not close it). */
  finish(): LoopEvent[] {
    const open = this.runs.filter((r) => this.qualifies(r)).map((r) => this.toEvent(r));
    return [...this.events, ...open];
  }

  private qualifies(r: Run): boolean {
    // One frame interval short of the nominal length still covers it (inclusive end frame).
    return (
      r.lastT - r.startT >= this.cfg.minRunMs - 100 &&
      r.contentBits >= this.cfg.minContentBits &&
      this.confirmed(r)
    );
  }

  private toEvent(r: Run): LoopEvent {
    return { startMs: r.startT, endMs: r.lastT, offsetMs: Math.round(r.offset) };
  }

  private keys(hi: number, lo: number): number[] {
    return [hi >>> 16, hi & 0xffff, lo >>> 16, lo & 0xffff];
  }

  private candidates(hi: number, lo: number, t: number): Set<number> {
    const out = new Set<number>();
    this.keys(hi, lo).forEach((key, b) => {
      const bucket = this.bands[b]?.get(key);
      if (!bucket) return;
      while (bucket.length > 0 && (bucket[0] ?? 0) < this.base) bucket.shift();
      if (bucket.length > this.cfg.maxBucket) return; // too common to be specific
      for (const j of bucket)
        if (t - (this.t[j - this.base] ?? 0) >= this.cfg.minOffsetMs) out.add(j);
    });
    return out;
  }

  private extend(
    idx: number,
    t: number,
    offset: number,
    hi: number,
    lo: number,
    pair: PairDiff,
  ): void {
    const run = this.runs.find(
      (r) =>
        Math.abs(r.offset - offset) <= this.cfg.offsetToleranceMs &&
        idx - r.lastIdx <= 2 &&
        t - r.lastT <= this.cfg.maxStepMs,
    );
    if (!run) {
      this.runs.push({
        offset,
        startT: t,
        lastT: t,
        lastIdx: idx,
        firstHi: hi,
        firstLo: lo,
        contentBits: 0,
        matchDiffs: pair.match === null ? [] : [pair.match],
        adjDiffs: pair.adj === null ? [] : [pair.adj],
      });
      return;
    }
    if (run.lastIdx === idx) return;
    if (run.matchDiffs.length < 2000) {
      if (pair.match !== null) run.matchDiffs.push(pair.match);
      if (pair.adj !== null) run.adjDiffs.push(pair.adj);
    }
    // No drift: a replay repeats at one constant offset (± frame timing jitter); a person repeating a
    // gesture does so at a slightly different speed, so the offset wanders out of tolerance.
    run.lastT = t;
    run.lastIdx = idx;
    run.contentBits = Math.max(
      run.contentBits,
      popcount(hi ^ run.firstHi) + popcount(lo ^ run.firstLo),
    );
  }

  private closeStale(idx: number): void {
    const open: Run[] = [];
    for (const r of this.runs) {
      if (idx - r.lastIdx <= 2) {
        open.push(r);
        continue;
      }
      if (this.qualifies(r) && this.events.length < 100) this.events.push(this.toEvent(r));
    }
    this.runs = open;
  }

  private store(idx: number, t: number, hi: number, lo: number, thumb: Uint8Array | null): void {
    this.t.push(t);
    this.hi.push(hi);
    this.lo.push(lo);
    this.th.push(thumb);
    this.keys(hi, lo).forEach((key, b) => {
      const map = this.bands[b];
      const bucket = map?.get(key);
      if (bucket) bucket.push(idx);
      else map?.set(key, [idx]);
    });
    if (this.t.length > this.cfg.maxSamples) {
      // Bounded memory: forget the oldest samples; stale bucket entries are pruned lazily.
      const drop = Math.floor(this.cfg.maxSamples / 10);
      this.t.splice(0, drop);
      this.hi.splice(0, drop);
      this.lo.splice(0, drop);
      this.th.splice(0, drop);
      this.base += drop;
      for (const map of this.bands) {
        for (const [key, bucket] of map) {
          const kept = bucket.filter((j) => j >= this.base);
          if (kept.length > 0) map.set(key, kept);
          else map.delete(key);
        }
      }
    }
  }
}

export function detectLoops(
  samples: readonly HashSample[],
  cfg: LoopConfig = FUSION_CONFIG.loop,
): LoopEvent[] {
  const d = new LoopDetector(cfg);
  for (const s of samples) d.add(s);
  return d.finish();
}
