import 'server-only';
import type { TReviewDecisionInput } from '@/lib/schemas/report';
import { appendAudit } from '../audit';
import { db } from '../db';
import { forbidden } from '../http';
import { CAN_READ_REPORTS, type TMember } from '../members';
import { findSessionForMember } from './load';

/** Reviewer notes and decisions; each write commits together with its audit row. */

/** Who may record the final decision: interviewers conduct the call, owners and reviewers judge it. */
export const CAN_DECIDE = ['OWNER', 'REVIEWER'] as const;

export async function addReviewNote(member: TMember, sessionId: string, body: string) {
  if (!CAN_READ_REPORTS.includes(member.role)) throw forbidden();
  const session = await findSessionForMember(member, sessionId);
  return db.$transaction(async (tx) => {
    const note = await tx.reviewNote.create({
      data: { sessionId: session.id, authorId: member.userId, body },
    });
    await appendAudit(tx, {
      organizationId: member.organizationId,
      actorId: member.userId,
      action: 'review.note',
      target: `session:${session.id}`,
      data: { noteId: note.id },
    });
    return note;
  });
}

export async function recordReviewDecision(
  member: TMember,
  sessionId: string,
  input: TReviewDecisionInput,
) {
  if (!(CAN_DECIDE as readonly string[]).includes(member.role)) {
    throw forbidden('Only owners and reviewers record the final decision');
  }
  const session = await findSessionForMember(member, sessionId);
  return db.$transaction(async (tx) => {
    const decision = await tx.reviewDecision.create({
      data: {
        sessionId: session.id,
        reviewerId: member.userId,
        decision: input.decision,
        comment: input.comment || null,
      },
    });
    await appendAudit(tx, {
      organizationId: member.organizationId,
      actorId: member.userId,
      action: 'review.decision',
      target: `session:${session.id}`,
      data: { decisionId: decision.id, decision: input.decision },
    });
    return decision;
  });
}
