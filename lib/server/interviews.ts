import 'server-only';
import { randomBytes } from 'node:crypto';
import type { TCreateInterviewInput, TInterviewSummary } from '@/lib/schemas/api';
import { appendAudit } from './audit';
import { db } from './db';
import { serverEnv } from './env';
import { notFound } from './http';
import { signInviteToken } from './invite-token';
import { candidateIdentity, removeLivekitParticipant } from './livekit';
import type { TMember } from './members';

/** Room names carry 128 random bits and nothing derived from ids or names. */
const newRoomName = () => `candor-${randomBytes(16).toString('base64url')}`;

export async function createInterview(member: TMember, input: TCreateInterviewInput) {
  return db.$transaction(async (tx) => {
    const candidate = await tx.candidate.create({
      data: { organizationId: member.organizationId, ...input.candidate },
    });
    const interview = await tx.interview.create({
      data: {
        organizationId: member.organizationId,
        candidateId: candidate.id,
        createdById: member.userId,
        title: input.title,
        kind: input.kind,
        scheduledAt: input.scheduledAt ? new Date(input.scheduledAt) : null,
        roomName: newRoomName(),
      },
    });
    const questions = input.kind === 'ASYNC' ? (input.questions ?? []) : [];
    if (questions.length > 0) {
      await tx.asyncQuestion.createMany({
        data: questions.map((q, position) => ({ interviewId: interview.id, position, ...q })),
      });
    }
    await appendAudit(tx, {
      organizationId: member.organizationId,
      actorId: member.userId,
      action: 'interview.create',
      target: `interview:${interview.id}`,
      data: { kind: input.kind, candidateId: candidate.id, questions: questions.length },
    });
    return interview;
  });
}

export async function listInterviews(member: TMember, take = 50): Promise<TInterviewSummary[]> {
  const rows = await db.interview.findMany({
    where: { organizationId: member.organizationId },
    orderBy: { createdAt: 'desc' },
    take,
    include: { candidate: { select: { id: true, name: true, email: true } } },
  });
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    kind: r.kind,
    status: r.status,
    scheduledAt: r.scheduledAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    candidate: r.candidate,
  }));
}

/** The organization's interview, or a 404 — never a hint that another organization's exists. */
export async function getInterviewForMember(member: TMember, id: string) {
  const interview = await db.interview.findFirst({
    where: { id, organizationId: member.organizationId },
    include: {
      candidate: true,
      invites: { orderBy: { createdAt: 'desc' } },
      sessions: { orderBy: { startedAt: 'desc' } },
      consents: { orderBy: { consentedAt: 'desc' } },
    },
  });
  if (!interview) throw notFound('Interview not found');
  return interview;
}

export function inviteUrl(token: string): string {
  return new URL(`/i/${token}`, serverEnv().APP_URL).toString();
}

export async function createInvite(member: TMember, interviewId: string, ttlHours?: number) {
  const interview = await getInterviewForMember(member, interviewId);
  const env = serverEnv();
  const expiresAt = new Date(Date.now() + (ttlHours ?? env.INVITE_TTL_HOURS) * 3600_000);
  const nonce = randomBytes(18).toString('base64url');
  const invite = await db.$transaction(async (tx) => {
    const created = await tx.invite.create({
      data: { interviewId: interview.id, nonce, expiresAt },
    });
    await appendAudit(tx, {
      organizationId: member.organizationId,
      actorId: member.userId,
      action: 'invite.create',
      target: `invite:${created.id}`,
      data: { interviewId: interview.id, expiresAt: expiresAt.toISOString() },
    });
    return created;
  });
  const token = signInviteToken(env.INVITE_SECRET, {
    v: 1,
    n: nonce,
    i: interview.id,
    e: Math.floor(expiresAt.getTime() / 1000),
  });
  return { invite, token, url: inviteUrl(token) };
}

/**
 * Withdraws an invite and disconnects the candidate who joined with it, if they are in the room
 * (their LiveKit identity is `cand:<inviteId>`; without this, LiveKit would keep refreshing their
 * token). Repeating it is safe: an already revoked invite still gets the removal attempt.
 */
export async function revokeInvite(member: TMember, inviteId: string) {
  const invite = await db.invite.findFirst({
    where: { id: inviteId, interview: { organizationId: member.organizationId } },
    include: { interview: { select: { roomName: true } } },
  });
  if (!invite) throw notFound('Invite not found');
  const revoked = invite.revokedAt ? invite : await markRevoked(member, invite.id);
  const removedFromRoom = await removeLivekitParticipant(
    invite.interview.roomName,
    candidateIdentity(invite.id),
  );
  return { invite: revoked, removedFromRoom };
}

function markRevoked(member: TMember, inviteId: string) {
  return db.$transaction(async (tx) => {
    const updated = await tx.invite.update({
      where: { id: inviteId },
      data: { revokedAt: new Date() },
    });
    await appendAudit(tx, {
      organizationId: member.organizationId,
      actorId: member.userId,
      action: 'invite.revoke',
      target: `invite:${inviteId}`,
    });
    return updated;
  });
}

/** Re-derives the token of an existing invite (the token is a pure function of the row). */
export function inviteTokenFor(invite: {
  nonce: string;
  interviewId: string;
  expiresAt: Date;
}): string {
  return signInviteToken(serverEnv().INVITE_SECRET, {
    v: 1,
    n: invite.nonce,
    i: invite.interviewId,
    e: Math.floor(invite.expiresAt.getTime() / 1000),
  });
}
