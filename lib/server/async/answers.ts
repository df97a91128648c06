import 'server-only';
import { randomInt } from 'node:crypto';
import type { Prisma } from '@prisma/client';
import { ANSWER_WINDOW_MS } from '@/lib/analysis/challenges';
import {
  answerByteLimit,
  ASYNC_LIMITS,
  parseAsyncChallengeParams,
  type TAsyncCandidateState,
  type TCreatedAnswer,
  type TDueChallenge,
} from '@/lib/schemas/async';
import { ZChallengeKind } from '@/lib/schemas/challenges';
import { appendAudit } from '../audit';
import { randomKind, randomParams } from '../challenge-params';
import { db, type TTx } from '../db';
import { HttpError, notFound } from '../http';
import { hasConsented, requireInvite, type ResolvedInvite } from '../invites';
import { lockWritableSession, reserveQuota } from '../session-quota';

/**
 * The candidate side of an async interview: one Session per sitting (roomSid null), one
 * AsyncAnswer per take, and the server-randomised challenges each take must show. Every function
 * here is authorised by the signed invite token of an ASYNC interview with recorded consent.
 */

/** issuedById of challenges the server issues itself (no interviewer in an async interview). */
export const ASYNC_ISSUER = 'system:async';

/** How early the page learns a due challenge, so it can show it on time (ms). */
const CHALLENGE_LEAD_MS = 1000;

export async function requireAsyncInvite(token: string): Promise<ResolvedInvite> {
  const invite = await requireInvite(token);
  if (invite.interview.kind !== 'ASYNC') {
    throw new HttpError(409, 'not_async', 'This invite is for a live interview');
  }
  if (!(await hasConsented(invite.id))) {
    throw new HttpError(403, 'consent_required', 'Give your consent on the invite page first');
  }
  return invite;
}

/** The sitting's session: the open async session of this interview, created on first start. */
export async function startAsyncSession(invite: ResolvedInvite) {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`async-session:${invite.interviewId}`}))`;
    const open = await tx.session.findFirst({
      where: { interviewId: invite.interviewId, roomSid: null, status: 'OPEN' },
      orderBy: { startedAt: 'desc' },
    });
    if (open) return open;
    const created = await tx.session.create({ data: { interviewId: invite.interviewId } });
    await tx.interview.updateMany({
      where: { id: invite.interviewId, status: 'SCHEDULED' },
      data: { status: 'IN_PROGRESS' },
    });
    await appendAudit(tx, {
      organizationId: invite.interview.organizationId,
      actorId: null,
      action: 'session.open',
      target: `session:${created.id}`,
      data: { interviewId: invite.interviewId, async: true, inviteId: invite.id },
    });
    return created;
  });
}

async function openSession(invite: ResolvedInvite) {
  const session = await db.session.findFirst({
    where: { interviewId: invite.interviewId, roomSid: null, status: 'OPEN' },
    orderBy: { startedAt: 'desc' },
  });
  if (!session) throw new HttpError(409, 'not_started', 'Start the interview first');
  return session;
}

export async function candidateState(invite: ResolvedInvite): Promise<TAsyncCandidateState> {
  const session = await startAsyncSession(invite);
  const questions = await db.asyncQuestion.findMany({
    where: { interviewId: invite.interviewId },
    orderBy: { position: 'asc' },
    include: { answers: { where: { sessionId: session.id }, orderBy: { take: 'desc' } } },
  });
  return {
    sessionId: session.id,
    questions: questions.map((q) => {
      const latest = q.answers[0];
      return {
        id: q.id,
        position: q.position,
        prompt: q.prompt,
        thinkSeconds: q.thinkSeconds,
        maxAnswerSeconds: q.maxAnswerSeconds,
        retakesAllowed: q.retakesAllowed,
        takesUsed: countedTakes(q.answers),
        latest: latest
          ? {
              answerId: latest.id,
              take: latest.take,
              status: latest.status,
              uploadId: latest.uploadId,
              receivedBytes: Number(latest.receivedBytes),
            }
          : null,
      };
    }),
  };
}

/** Takes that count against the retake allowance: completed uploads (an interrupted take does not). */
const countedTakes = (answers: Array<{ status: string; uploadedAt: Date | null }>) =>
  answers.filter((a) => a.uploadedAt !== null).length;

/**
 * A new take of one question: the previous take becomes DISCARDED (never analysed), and the
 * server draws this take's challenges (kind, parameters and the offset into the recording).
 */
export async function createAnswer(
  invite: ResolvedInvite,
  questionId: string,
): Promise<TCreatedAnswer> {
  const session = await openSession(invite);
  const question = await db.asyncQuestion.findFirst({
    where: { id: questionId, interviewId: invite.interviewId },
  });
  if (!question) throw notFound('Question not found');
  return db.$transaction(async (tx) => {
    await lockWritableSession(tx, session.id);
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`async-answer:${session.id}:${question.id}`}))`;
    const takes = await tx.asyncAnswer.findMany({
      where: { sessionId: session.id, questionId: question.id },
      orderBy: { take: 'desc' },
    });
    if (countedTakes(takes) >= 1 + question.retakesAllowed) {
      throw new HttpError(409, 'no_retakes_left', 'No retakes are left for this question');
    }
    const latest = takes[0];
    await tx.asyncAnswer.updateMany({
      where: { sessionId: session.id, questionId: question.id, status: { not: 'DISCARDED' } },
      data: { status: 'DISCARDED' },
    });
    const answer = await tx.asyncAnswer.create({
      data: { sessionId: session.id, questionId: question.id, take: (latest?.take ?? 0) + 1 },
    });
    await issueAnswerChallenges(tx, session.id, answer.id, question.maxAnswerSeconds);
    return {
      answerId: answer.id,
      take: answer.take,
      maxBytes: answerByteLimit(question.maxAnswerSeconds),
      maxAnswerSeconds: question.maxAnswerSeconds,
    };
  });
}

/** Draws the challenge offsets: after 3 s of answer, the whole window inside the answer. */
function drawOffsetMs(maxAnswerSeconds: number, windowMs: number): number {
  const first = 3000;
  const last = Math.max(first, maxAnswerSeconds * 1000 - windowMs - 2000);
  return randomInt(first, last + 1);
}

async function issueAnswerChallenges(
  tx: TTx,
  sessionId: string,
  answerId: string,
  maxAnswerSeconds: number,
) {
  const n = ASYNC_LIMITS.challengesPerAnswer;
  await reserveQuota(tx, sessionId, 'challengeIssues', n);
  const now = Date.now();
  for (let i = 0; i < n; i++) {
    const kind = randomKind();
    const windowMs = ANSWER_WINDOW_MS[kind];
    const offsetMs = drawOffsetMs(maxAnswerSeconds, windowMs);
    const params = { ...randomParams(kind), offsetMs } as Prisma.InputJsonObject;
    await tx.challengeIssue.create({
      data: {
        sessionId,
        answerId,
        kind,
        params,
        issuedById: ASYNC_ISSUER,
        issuedAt: new Date(now + offsetMs),
        deadlineAt: new Date(now + offsetMs + windowMs),
      },
    });
  }
}

/** The candidate's own answer (by invite), or a 404 identical to a missing one. */
export async function candidateAnswer(invite: ResolvedInvite, answerId: string) {
  const answer = await db.asyncAnswer.findFirst({
    where: { id: answerId, session: { interviewId: invite.interviewId, roomSid: null } },
    include: { question: true },
  });
  if (!answer) throw notFound('Answer not found');
  return answer;
}

/**
 * Challenges of a recording answer whose offset has (nearly) come, measured from the upload's
 * server start time: the page cannot learn a prompt long before it must show it.
 */
export async function dueChallenges(
  invite: ResolvedInvite,
  answerId: string,
): Promise<TDueChallenge[]> {
  const answer = await candidateAnswer(invite, answerId);
  if (answer.status !== 'RECORDING' || !answer.uploadId) return [];
  const elapsed = Date.now() - answer.startedAt.getTime();
  const issues = await db.challengeIssue.findMany({
    where: { answerId: answer.id },
    orderBy: { issuedAt: 'asc' },
  });
  const due: TDueChallenge[] = [];
  for (const c of issues) {
    const { offsetMs, params } = parseAsyncChallengeParams(c.params);
    if (offsetMs > elapsed + CHALLENGE_LEAD_MS) continue;
    const kind = ZChallengeKind.parse(c.kind);
    due.push({ id: c.id, kind, params, offsetMs, windowMs: ANSWER_WINDOW_MS[kind] });
  }
  return due;
}

/** Re-times an answer's challenges once its upload (the recording's trusted start) begins. */
export async function retimeChallenges(tx: TTx, answerId: string, startedAt: Date) {
  const issues = await tx.challengeIssue.findMany({ where: { answerId } });
  for (const c of issues) {
    const { offsetMs } = parseAsyncChallengeParams(c.params);
    const windowMs = c.deadlineAt.getTime() - c.issuedAt.getTime();
    const issuedAt = new Date(startedAt.getTime() + offsetMs);
    await tx.challengeIssue.update({
      where: { id: c.id },
      data: { issuedAt, deadlineAt: new Date(issuedAt.getTime() + windowMs) },
    });
  }
}
