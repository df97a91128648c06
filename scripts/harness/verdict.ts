/**
 * Scores a recording with the fusion engine (lib/analysis/session.ts `analyzeRecording`), which
 * is pure and runs in Node: the browser measured, Node judges, exactly as the async worker will.
 */
import { analyzeRecording } from '../../lib/analysis/session';
import type { AudioEnvelope, FrameFeatures } from '../../lib/analysis/types';
import type { TSignalSummary, TVerdictReason, TVerdictResult } from '../../lib/schemas/signals';

export interface VerdictOutcome {
  verdict: TVerdictResult | null;
  signals: TSignalSummary[];
  /** why there is no verdict, if there is none (fusion threw) */
  note: string | null;
}

export function scoreRecording(
  frames: FrameFeatures[],
  audio: AudioEnvelope | null,
): VerdictOutcome {
  try {
    const { verdict, signals } = analyzeRecording(frames, audio);
    return { verdict, signals, note: null };
  } catch (e) {
    // The raw summaries are still worth printing when fusion fails on an odd input.
    return {
      verdict: null,
      signals: [],
      note: `analyzeRecording failed: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
}

const sec = (ms: number): string => (ms / 1000).toFixed(1);

export function reasonText(r: TVerdictReason): string {
  const impact = `${r.impact > 0 ? '+' : ''}${Math.round(r.impact)}`;
  const tag = r.severity === 'soft' ? '' : `[${r.severity.toUpperCase()}] `;
  return `${tag}${r.signal}/${r.code} ${impact}: ${r.text} (${sec(r.startMs)}–${sec(r.endMs)} s)`;
}

const RANK = { hard: 2, review: 1, soft: 0 } as const;

/** Reasons ordered by how much they moved the verdict (hard rules, then review caps, first). */
export function topReasons(v: TVerdictResult, n = 3): TVerdictReason[] {
  return [...v.reasons]
    .sort((a, b) => RANK[b.severity] - RANK[a.severity] || Math.abs(b.impact) - Math.abs(a.impact))
    .slice(0, n);
}
