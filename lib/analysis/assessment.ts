import type { TSignalName } from '../schemas/signals';
import type { Span } from './types';

/** One finding a reviewer can read: what, where, and whether it is a hard rule. */
export interface Finding extends Span {
  code: string;
  text: string;
  /** hard: FAIL whatever the score; review: at most REVIEW; soft: only its evidence counts */
  severity: Severity;
}

export type Severity = 'hard' | 'review' | 'soft';

/**
 * A signal's judgement of the session. `evidence` is -1 (spoof-like) .. +1 (live-like), scaled in
 * the fusion by the signal's weight and `confidence` (0..1, how much data it rests on).
 */
export interface Assessment {
  signal: TSignalName;
  value: number | null;
  frames: number;
  confidence: number;
  informative: boolean;
  evidence: number;
  note: string;
  finding: Finding | null;
}

export function uninformative(
  signal: TSignalName,
  note: string,
  frames = 0,
  value: number | null = null,
): Assessment {
  return {
    signal,
    value,
    frames,
    confidence: 0,
    informative: false,
    evidence: 0,
    note,
    finding: null,
  };
}

export function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

export function secs(ms: number): string {
  return `${Math.round(ms / 1000)} s`;
}
