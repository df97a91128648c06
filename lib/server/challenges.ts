import 'server-only';
import { Prisma, type ChallengeIssue, type ChallengeResult, type Evidence } from '@prisma/client';
import { ANSWER_WINDOW_MS } from '@/lib/analysis/challenges';
import {
  ZChallengeKind,
  ZChallengeParams,
  type TChallengeResultInput,
  type TChallengeResultRecord,
  type TIssueChallengeInput,
  type TIssuedChallenge,
  type TStoredChallengeMeasured,
  type TStoredChallengeOutcome,
} from '@/lib/schemas/challenges';
import { appendAudit } from './audit';
import { randomKind, randomParams, signPrompt } from './challenge-params';
import { decodeEvidence } from './challenge-evidence';
import { db } from './db';
import { HttpError, notFound } from './http';
import type { TMember } from './members';
import { lockWritableSession, reserveQuota } from './session-quota';

/**
 * Issuing liveness challenges and recording their TRUSTED results (interviewer side only).
 * Idempotency: ChallengeResult.challengeId is unique, so a retried POST returns the stored result.
 * One retry per challenge: ChallengeIssue.retryOfId is unique and a retry cannot be retried.
 */

/** The prompt reaches the candidate and the result is computed after the window: allow for both. */
const TRANSIT_MS = 3000;
const RESULT_GRACE_MS = 10 * 60_000;

const conflict = (code: string, msg: string) => new HttpError(409, code, msg);

/** OWNER/INTERVIEWER of the session's organization; everyone else gets the same 404 as a missing session. */
async function interviewerSession(member: TMember, sessionId: string) {
  const session =
    member.role === 'OWNER' || member.role === 'INTERVIEWER'
      ? await db.session.findFirst({
          where: { id: sessionId, interview: { organizationId: member.organizationId } },
        })
      : null;
  if (!session) throw notFound('Session not found');
  if (session.biometricsDeletedAt) throw biometricsDeleted();
  return session;
}

const biometricsDeleted = () =>
  new HttpError(409, 'biometrics_deleted', 'This session’s biometric data was deleted');

async function retryTarget(
  sessionId: string,
  retryOf: string,
  kind: string | undefined,
): Promise<ChallengeIssue> {
  const first = await db.challengeIssue.findFirst({
    where: { id: retryOf, sessionId },
    include: { result: true, retry: true },
  });
  if (!first) throw notFound('Challenge not found');
  if (first.attempt > 1 || first.retry)
    throw conflict('retry_used', 'This challenge has already been retried once');
  if (first.result?.outcome === 'PASSED')
    throw conflict('already_passed', 'This challenge was passed; issue a new one instead');
  if (!first.result && first.deadlineAt.getTime() > Date.now())
    throw conflict('still_open', 'Wait for the answer window to end');
  if (kind && kind !== first.kind)
    throw new HttpError(400, 'invalid_input', 'A retry keeps the kind of the challenge it retries');
  return first;
}

function isUniqueViolation(e: unknown): boolean {
  return e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002';
}

export async function issueChallenge(
  member: TMember,
  sessionId: string,
  input: TIssueChallengeInput = {},
): Promise<TIssuedChallenge> {
  const session = await interviewerSession(member, sessionId);
  if (session.status !== 'OPEN') throw conflict('session_closed', 'The session has ended');
  const first = input.retryOf ? await retryTarget(sessionId, input.retryOf, input.kind) : null;
  const kind = first ? ZChallengeKind.parse(first.kind) : (input.kind ?? randomKind());
  const params = randomParams(kind);
  const issuedAt = new Date();
  const windowMs = ANSWER_WINDOW_MS[kind];
  let issue: ChallengeIssue;
  try {
    issue = await db.$transaction(async (tx) => {
      await lockWritableSession(tx, sessionId);
      await reserveQuota(tx, sessionId, 'challengeIssues', 1);
      const row = await tx.challengeIssue.create({
        data: {
          sessionId,
          kind,
          attempt: first ? 2 : 1,
          retryOfId: first?.id ?? null,
          params,
          issuedById: member.userId,
          issuedAt,
          deadlineAt: new Date(issuedAt.getTime() + windowMs + TRANSIT_MS),
        },
      });
      await appendAudit(tx, {
        organizationId: member.organizationId,
        actorId: member.userId,
        action: 'challenge.issue',
        target: row.id,
        data: { sessionId, kind, attempt: row.attempt },
      });
      return row;
    });
  } catch (e) {
    if (isUniqueViolation(e))
      throw conflict('retry_used', 'This challenge has already been retried once');
    throw e;
  }
  const message = signPrompt({
    v: 1,
    id: issue.id,
    sessionId,
    kind,
    attempt: issue.attempt,
    windowMs,
    params,
    issuedAt: issuedAt.getTime(),
  });
  return {
    id: issue.id,
    kind,
    attempt: issue.attempt,
    issuedAt: issuedAt.toISOString(),
    deadlineAt: issue.deadlineAt.toISOString(),
    params,
    message,
  };
}

const OUTCOME: Record<
  'passed' | 'failed' | 'not_performed' | 'unreliable',
  TStoredChallengeOutcome
> = {
  passed: 'PASSED',
  failed: 'FAILED',
  not_performed: 'NOT_PERFORMED',
  unreliable: 'UNRELIABLE',
};

function recordOf(
  r: ChallengeResult & { evidence: Pick<Evidence, 'id'>[] },
  challengeId: string,
  duplicate: boolean,
): TChallengeResultRecord {
  return {
    id: r.id,
    challengeId,
    kind: ZChallengeKind.parse(r.kind),
    outcome: r.outcome,
    latencyMs: r.latencyMs,
    issuedAt: r.issuedAt.toISOString(),
    completedAt: r.completedAt?.toISOString() ?? null,
    evidenceIds: r.evidence.map((e) => e.id),
    duplicate,
  };
}

async function existingResult(challengeId: string): Promise<TChallengeResultRecord | null> {
  const r = await db.challengeResult.findUnique({
    where: { challengeId },
    include: { evidence: { select: { id: true }, orderBy: { at: 'asc' } } },
  });
  return r ? recordOf(r, challengeId, true) : null;
}

function resultRow(
  issue: ChallengeIssue,
  body: TChallengeResultInput,
): {
  outcome: TStoredChallengeOutcome;
  measured: TStoredChallengeMeasured;
  latencyMs: number | null;
} {
  if (body.type === 'alternative')
    return {
      outcome: 'ALTERNATIVE',
      measured: { type: 'alternative', v: 1, note: body.note },
      latencyMs: null,
    };
  const v = body.verdict;
  if (v.kind !== issue.kind)
    throw new HttpError(400, 'invalid_input', `verdict.kind must be ${issue.kind}`);
  const windowMs = issue.deadlineAt.getTime() - issue.issuedAt.getTime();
  const measured = {
    type: 'verdict' as const,
    v: 1 as const,
    issuedMediaMs: body.issuedMediaMs,
    note: v.note,
    swapSuspect: v.swapSuspect,
    evidence: v.evidence,
    values: v.measured,
  };
  return {
    outcome: OUTCOME[v.outcome],
    measured,
    latencyMs: v.latencyMs === null ? null : Math.min(v.latencyMs, windowMs),
  };
}

export async function recordChallengeResult(
  member: TMember,
  sessionId: string,
  challengeId: string,
  body: TChallengeResultInput,
): Promise<TChallengeResultRecord> {
  await interviewerSession(member, sessionId);
  const issue = await db.challengeIssue.findFirst({ where: { id: challengeId, sessionId } });
  if (!issue) throw notFound('Challenge not found');
  const dup = await existingResult(challengeId);
  if (dup) return dup;
  if (Date.now() > issue.deadlineAt.getTime() + RESULT_GRACE_MS)
    throw conflict('challenge_expired', 'The result came too late to be trusted');
  const row = resultRow(issue, body);
  const evidence = body.type === 'verdict' ? decodeEvidence(issue, body) : [];
  try {
    const created = await db.$transaction(async (tx) => {
      await lockWritableSession(tx, sessionId);
      await reserveQuota(tx, sessionId, 'challengeResults', 1);
      await reserveQuota(tx, sessionId, 'evidence', evidence.length);
      const r = await tx.challengeResult.create({
        data: {
          sessionId,
          challengeId,
          kind: issue.kind,
          outcome: row.outcome,
          measured: row.measured,
          latencyMs: row.latencyMs,
          issuedAt: issue.issuedAt,
          completedAt: new Date(),
          evidence: {
            create: evidence.map((e) => ({
              sessionId,
              at: e.at,
              reason: e.reason,
              thumbnail: e.bytes,
              mimeType: 'image/jpeg',
            })),
          },
        },
        include: { evidence: { select: { id: true }, orderBy: { at: 'asc' } } },
      });
      await appendAudit(tx, {
        organizationId: member.organizationId,
        actorId: member.userId,
        action: 'challenge.result',
        target: challengeId,
        data: { sessionId, kind: issue.kind, outcome: row.outcome },
      });
      return r;
    });
    return recordOf(created, challengeId, false);
  } catch (e) {
    // Two concurrent retries of the same POST: the loser returns what the winner stored.
    const again = isUniqueViolation(e) ? await existingResult(challengeId) : null;
    if (again) return again;
    throw e;
  }
}

/** For report pages: the stored params of an issued challenge, validated. */
export function challengeParamsOf(issue: Pick<ChallengeIssue, 'params'>) {
  return ZChallengeParams.parse(issue.params);
}
