import type { TVerdictReason } from '@/lib/schemas/signals';

/**
 * Which moments of a running verdict deserve a still frame: each hard or review rule the first time
 * fusion raises it, and again when the same rule is raised over a later, separate stretch (a second
 * loop, a second freeze), at most `perCode` times per rule and `total` in all. Challenge outcomes are
 * left out (a challenge stores its own before/peak/after frames). Pure: the caller captures and posts.
 */

export interface TFlaggedMoment {
  code: string;
  severity: 'hard' | 'review';
  /** the stretch where the rule was seen (page clock, ms) */
  startMs: number;
  endMs: number;
}

/** A later stretch of the same rule counts as a new moment only after this gap. */
const NEW_STRETCH_GAP_MS = 2000;

export class FlaggedMomentTracker {
  private readonly seen = new Map<string, { count: number; endMs: number }>();
  private raised = 0;

  constructor(
    private readonly perCode = 3,
    private readonly total = 40,
  ) {}

  /** The moments this verdict raises that earlier verdicts did not. */
  next(reasons: readonly TVerdictReason[]): TFlaggedMoment[] {
    const out: TFlaggedMoment[] = [];
    for (const r of reasons) {
      if (r.severity === 'soft' || r.signal === 'challenge') continue;
      const prev = this.seen.get(r.code);
      const fresh = !prev || r.startMs > prev.endMs + NEW_STRETCH_GAP_MS;
      if (prev) prev.endMs = Math.max(prev.endMs, r.endMs);
      if (!fresh || this.raised >= this.total || (prev && prev.count >= this.perCode)) continue;
      this.seen.set(r.code, { count: (prev?.count ?? 0) + 1, endMs: r.endMs });
      this.raised++;
      out.push({ code: r.code, severity: r.severity, startMs: r.startMs, endMs: r.endMs });
    }
    return out;
  }
}
