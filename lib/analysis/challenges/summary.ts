import { ZStoredChallengeMeasured, type TStoredChallengeOutcome } from '../../schemas/challenges';
import { CHALLENGE_KINDS, type TChallengeSummary } from '../../schemas/signals';

/**
 * Stored challenge results → fusion input (TChallengeSummary, consumed by assessChallenges).
 *
 * - PASSED → pass (raises confidence), FAILED → fail (on profile and hand occlusion a hard rule in
 *   fusion: the face broke where swaps break, or a profile turn moved like a flat picture),
 *   NOT_PERFORMED → no_response, UNRELIABLE and ALTERNATIVE → inconclusive (fusion ignores those:
 *   an accessible alternative is never a fail by itself).
 * - Retries: a NOT_PERFORMED or UNRELIABLE first attempt that was retried is dropped (the retry counts) (the
 *   candidate misunderstood or the stream stuttered). A FAILED attempt always stays: a swap tell
 *   or a flat "head" is evidence whatever happened next.
 * - Times: startMs/endMs are on the analysed stream's media clock (like signal windows) when the
 *   result carries issuedMediaMs, else ms since the session started.
 */

export interface StoredChallenge {
  /** the issued challenge's id */
  challengeId: string;
  kind: string;
  attempt: number;
  retryOfId: string | null;
  outcome: TStoredChallengeOutcome;
  measured: unknown;
  latencyMs: number | null;
  issuedAt: Date;
  completedAt: Date | null;
  deadlineAt: Date;
}

const OUTCOME: Record<TStoredChallengeOutcome, TChallengeSummary['outcome']> = {
  PASSED: 'pass',
  FAILED: 'fail',
  NOT_PERFORMED: 'no_response',
  UNRELIABLE: 'inconclusive',
  ALTERNATIVE: 'inconclusive',
};

const isKind = (k: string): k is TChallengeSummary['kind'] =>
  (CHALLENGE_KINDS as readonly string[]).includes(k);

function summaryOf(
  c: StoredChallenge & { kind: TChallengeSummary['kind'] },
  sessionStartedAt: Date,
): TChallengeSummary {
  const parsed = ZStoredChallengeMeasured.safeParse(c.measured);
  const stored = parsed.success ? parsed.data : null;
  const wallStart = Math.max(0, c.issuedAt.getTime() - sessionStartedAt.getTime());
  const startMs = stored?.type === 'verdict' ? stored.issuedMediaMs : wallStart;
  const spanMs = Math.max(0, (c.completedAt ?? c.deadlineAt).getTime() - c.issuedAt.getTime());
  const detail = stored
    ? `${stored.type === 'verdict' && stored.swapSuspect ? 'swap tells: ' : ''}${stored.note}`
    : undefined;
  return {
    id: c.challengeId.slice(0, 64),
    kind: c.kind,
    outcome: OUTCOME[c.outcome],
    startMs,
    endMs: startMs + Math.min(spanMs, 60_000),
    ...(detail ? { detail: detail.slice(0, 200) } : {}),
  };
}

export function toChallengeSummary(
  results: readonly StoredChallenge[],
  sessionStartedAt: Date,
): TChallengeSummary[] {
  const retried = new Set(results.filter((r) => r.retryOfId !== null).map((r) => r.retryOfId));
  return results
    .filter(
      (r) =>
        !(
          retried.has(r.challengeId) &&
          (r.outcome === 'NOT_PERFORMED' || r.outcome === 'UNRELIABLE')
        ),
    )
    .flatMap((r) => (isKind(r.kind) ? [summaryOf({ ...r, kind: r.kind }, sessionStartedAt)] : []))
    .sort((a, b) => a.startMs - b.startMs);
}
