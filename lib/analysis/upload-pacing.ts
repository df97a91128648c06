import type { TVerdictResult } from '../schemas/signals';

/**
 * Upload pacing of an async answer: the browser uploads while it records, so byte N of a recording
 * cannot reach the server before the moment it was recorded. The server logs each chunk's arrival
 * (AsyncChunk.receivedAt, trusted) and the worker measures the recording's media duration itself.
 * If the whole file was on the server well before a live recording of that length could have
 * ended, the file existed before the answer started: a pre-made clip pushed through the recorder.
 *
 * Physical rule, no tuning: upload span (last chunk arrival − answer start) < media duration −
 * slack. The slack (max 3 s, 20 % of the duration) covers the recorder's final flush and clock
 * rounding. A slow or interrupted upload only makes the span longer, so a genuine answer can never
 * trip it; it stops working when the attacker throttles the upload to real time (then only the
 * unpredictable challenges catch a pre-made file).
 */

export interface AnswerPacing {
  answerId: string;
  /** media duration the worker measured on the recording */
  mediaMs: number;
  /** last chunk arrival − answer start (server clock) */
  uploadSpanMs: number;
  /** the answer's start on the session clock (verdict reasons are placed there) */
  sessionOffsetMs: number;
}

export const PACING = { minMediaMs: 5000, slackMs: 3000, slackShare: 0.2 } as const;

export interface PacingFinding {
  answerId: string;
  mediaMs: number;
  uploadSpanMs: number;
  startMs: number;
  endMs: number;
}

/** Answers whose recording arrived faster than it could have been recorded. */
export function fasterThanRealTime(answers: readonly AnswerPacing[]): PacingFinding[] {
  return answers.flatMap((a) => {
    if (!(a.mediaMs >= PACING.minMediaMs) || !(a.uploadSpanMs >= 0)) return [];
    const slack = Math.max(PACING.slackMs, PACING.slackShare * a.mediaMs);
    if (a.uploadSpanMs >= a.mediaMs - slack) return [];
    return [
      {
        answerId: a.answerId,
        mediaMs: a.mediaMs,
        uploadSpanMs: a.uploadSpanMs,
        startMs: a.sessionOffsetMs,
        endMs: a.sessionOffsetMs + a.mediaMs,
      },
    ];
  });
}

const sec = (ms: number) => (ms / 1000).toFixed(1);

/**
 * Adds each pacing finding to a fused verdict as a REVIEW rule: the score is capped below PASS and
 * a PASS or INCONCLUSIVE becomes REVIEW (a FAIL stays FAIL). `reviewCap` is the fusion config's
 * REVIEW ceiling (passAtOrAbove − 1), passed in so this stays independent of the config module.
 */
export function applyUploadPacing(
  verdict: TVerdictResult,
  findings: readonly PacingFinding[],
  reviewCap: number,
): TVerdictResult {
  if (findings.length === 0) return verdict;
  const reasons = findings.map((f) => ({
    code: 'UPLOAD_FASTER_THAN_REAL_TIME',
    signal: 'cadence' as const,
    text: `The ${sec(f.mediaMs)} s recording was fully uploaded ${sec(f.uploadSpanMs)} s after the answer started: faster than it could have been recorded (a pre-made file)`,
    impact: 0,
    hard: false,
    severity: 'review' as const,
    cap: reviewCap,
    startMs: Math.max(0, f.startMs),
    endMs: Math.max(0, f.endMs),
  }));
  const hardCount = verdict.reasons.filter((r) => r.severity === 'hard').length;
  const merged = [
    ...verdict.reasons.slice(0, hardCount),
    ...reasons,
    ...verdict.reasons.slice(hardCount),
  ];
  return {
    ...verdict,
    score: Math.min(verdict.score, reviewCap),
    label: verdict.label === 'FAIL' ? 'FAIL' : 'REVIEW',
    reasons: merged.slice(0, 64),
  };
}
