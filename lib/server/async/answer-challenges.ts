import 'server-only';
import type { ChallengeIssue } from '@prisma/client';
import { verifyChallenge } from '@/lib/analysis/challenges';
import { ZChallengeKind, ZChallengeParams, type TChallengeVerdict } from '@/lib/schemas/challenges';
import type { TTx } from '../db';
import { reserveQuota } from '../session-quota';
import type { ClaimedAnswer, RecordingAnalysis } from './answer-analysis';
import type { Span } from '@/lib/analysis/types';

/**
 * The challenges issued for one async answer, verified on its recording with the same pure
 * verifiers as live rooms (lib/analysis/challenges). The prompt's time on the recording is its
 * offset into the answer: `params.offsetMs` when the issuer stored it, else issuedAt − the answer's
 * start (both are server clocks). Frames are on the session clock (answer-analysis.ts), so the
 * prompt is placed at answer offset + prompt offset. One ChallengeResult per issue (unique
 * challengeId): a re-run skips issues that already have one.
 */

const OUTCOME = {
  passed: 'PASSED',
  failed: 'FAILED',
  not_performed: 'NOT_PERFORMED',
  unreliable: 'UNRELIABLE',
} as const;

const MAX_OFFSET_MS = 6 * 3600_000;

/** Offset of the prompt into the answer's recording, in ms. */
export function promptOffsetMs(
  issue: Pick<ChallengeIssue, 'params' | 'issuedAt'>,
  answerStartedAt: Date,
): number {
  const p = issue.params as Record<string, unknown> | null;
  const stored = p && typeof p === 'object' ? p.offsetMs : undefined;
  const ms =
    typeof stored === 'number' && Number.isFinite(stored)
      ? stored
      : issue.issuedAt.getTime() - answerStartedAt.getTime();
  return Math.min(MAX_OFFSET_MS, Math.max(0, ms));
}

/** The catalogue's params without the async offset (the live schema is strict). */
function catalogueParams(raw: unknown) {
  const { offsetMs: _o, ...rest } = (raw ?? {}) as Record<string, unknown>;
  return ZChallengeParams.safeParse(rest);
}

export function verifyIssue(
  issue: Pick<ChallengeIssue, 'kind' | 'params' | 'issuedAt' | 'deadlineAt'>,
  answer: Pick<ClaimedAnswer, 'startedAt' | 'offsetMs'>,
  onSession: RecordingAnalysis,
): { verdict: TChallengeVerdict; issuedMediaMs: number } | null {
  const kind = ZChallengeKind.safeParse(issue.kind);
  const params = catalogueParams(issue.params);
  if (!kind.success || !params.success) return null;
  const issuedMediaMs = answer.offsetMs + promptOffsetMs(issue, answer.startedAt);
  const windowMs = Math.max(0, issue.deadlineAt.getTime() - issue.issuedAt.getTime());
  const verdict = verifyChallenge(onSession.frames, {
    kind: kind.data,
    params: params.data,
    issuedAtMs: issuedMediaMs,
    deadlineMs: issuedMediaMs + windowMs,
    audio: onSession.audio,
  });
  return { verdict, issuedMediaMs };
}

/** Margin around a challenge's answer window where the landmarker also runs at full rate. */
export const FULL_RATE_MARGIN_MS = 1000;

/**
 * The answer's challenge windows on its recording's own clock (prompt − margin … deadline +
 * margin): the worker's engine runs its landmarker on every analysed frame inside them.
 */
export async function challengeSpans(
  answerId: string,
  answerStartedAt: Date,
  reader: Pick<TTx, 'challengeIssue'>,
): Promise<Span[]> {
  const issues = await reader.challengeIssue.findMany({
    where: { answerId },
    select: { params: true, issuedAt: true, deadlineAt: true },
    orderBy: { issuedAt: 'asc' },
    take: 40,
  });
  return issues.map((issue) => {
    const at = promptOffsetMs(issue, answerStartedAt);
    const windowMs = Math.max(0, issue.deadlineAt.getTime() - issue.issuedAt.getTime());
    return { startMs: at - FULL_RATE_MARGIN_MS, endMs: at + windowMs + FULL_RATE_MARGIN_MS };
  });
}

/** Writes a ChallengeResult for each unanswered issue of the answer; returns how many it wrote. */
export async function verifyAnswerChallenges(
  tx: TTx,
  answer: ClaimedAnswer,
  onSession: RecordingAnalysis,
): Promise<number> {
  const issues = await tx.challengeIssue.findMany({
    where: { answerId: answer.id, result: null },
    orderBy: { issuedAt: 'asc' },
    take: 40,
  });
  let written = 0;
  for (const issue of issues) {
    const out = verifyIssue(issue, answer, onSession);
    if (!out) continue;
    const { verdict: v, issuedMediaMs } = out;
    const windowMs = issue.deadlineAt.getTime() - issue.issuedAt.getTime();
    await reserveQuota(tx, answer.sessionId, 'challengeResults', 1);
    await tx.challengeResult.create({
      data: {
        sessionId: answer.sessionId,
        challengeId: issue.id,
        kind: issue.kind,
        outcome: OUTCOME[v.outcome],
        measured: {
          type: 'verdict',
          v: 1,
          issuedMediaMs,
          note: v.note,
          swapSuspect: v.swapSuspect,
          evidence: v.evidence,
          values: v.measured,
        },
        latencyMs: v.latencyMs === null ? null : Math.min(v.latencyMs, windowMs),
        issuedAt: issue.issuedAt,
        completedAt: v.latencyMs === null ? null : new Date(issue.issuedAt.getTime() + v.latencyMs),
      },
    });
    written++;
  }
  return written;
}
