import 'server-only';
import type { TCandidateConnection, TRoomConnection } from '@/lib/schemas/rooms';
import { appendAudit } from './audit';
import { challengePromptKey } from './challenge-params';
import { db } from './db';
import { HttpError, notFound } from './http';
import { hasConsented, requireInvite, type ResolvedInvite } from './invites';
import {
  candidateGrant,
  candidateIdentity,
  deleteLivekitRoom,
  ensureLivekitRoom,
  interviewerGrant,
  mintRoomToken,
  roomService,
} from './livekit';
import type { TMember } from './members';

const conflict = (code: string, message: string) => new HttpError(409, code, message);

function assertLive(interview: { kind: string; status: string }): void {
  if (interview.kind !== 'LIVE')
    throw conflict('not_live', 'This interview is a recorded interview, not a live one');
  if (interview.status === 'CANCELLED') throw conflict('cancelled', 'This interview was cancelled');
}

/** A valid, unrevoked, unexpired invite whose candidate has consented to the current notice. */
export async function requireConsentedInvite(token: string): Promise<ResolvedInvite> {
  const invite = await requireInvite(token);
  if (!(await hasConsented(invite.id))) {
    throw new HttpError(403, 'consent_required', 'Please read and accept the consent notice first');
  }
  return invite;
}

async function roomIsOpen(roomName: string): Promise<boolean> {
  try {
    const rooms = await roomService().listRooms([roomName]);
    return rooms.length > 0;
  } catch (err) {
    console.error('[livekit] listRooms failed', err);
    throw new HttpError(
      503,
      'livekit_unavailable',
      'The video server is not reachable. Try again in a moment.',
    );
  }
}

/**
 * Candidate token: only for the invite's own interview room, only once the interviewer has opened
 * it (the candidate can never create or re-open a room), never after the interview is over.
 */
export async function issueCandidateToken(token: string): Promise<TCandidateConnection> {
  const invite = await requireConsentedInvite(token);
  const { interview } = invite;
  assertLive(interview);
  if (interview.status === 'COMPLETED') throw conflict('completed', 'This interview has ended');
  if (!(await roomIsOpen(interview.roomName))) {
    throw conflict(
      'room_not_open',
      'Your interviewer has not opened the room yet. This page will keep trying.',
    );
  }
  const connection = await mintRoomToken({
    roomName: interview.roomName,
    identity: candidateIdentity(invite.id),
    name: interview.candidate.name,
    grant: candidateGrant(interview.roomName),
    metadata: { v: 1, role: 'candidate', interviewId: interview.id, inviteId: invite.id },
  });
  const session = await db.session.findFirst({
    where: { interviewId: interview.id, status: 'OPEN' },
    orderBy: { startedAt: 'desc' },
    select: { id: true },
  });
  return {
    ...connection,
    challenge: session
      ? { sessionId: session.id, promptKey: challengePromptKey(session.id) }
      : null,
  };
}

async function managedInterview(member: TMember, interviewId: string) {
  const interview = await db.interview.findFirst({
    where: { id: interviewId, organizationId: member.organizationId },
    select: { id: true, kind: true, status: true, roomName: true, organizationId: true },
  });
  if (!interview) throw notFound('Interview not found');
  return interview;
}

/** Interviewer token; opening the LiveKit room is part of it (idempotent), done server-side. */
export async function issueInterviewerToken(
  member: TMember,
  interviewId: string,
): Promise<TRoomConnection> {
  const interview = await managedInterview(member, interviewId);
  assertLive(interview);
  await ensureLivekitRoom(interview.roomName);
  return mintRoomToken({
    roomName: interview.roomName,
    identity: `int:${member.userId}`,
    name: member.name,
    grant: interviewerGrant(interview.roomName),
    metadata: { v: 1, role: 'interviewer', interviewId: interview.id, inviteId: null },
  });
}

/** Ends the call for everyone. The Session closes when LiveKit's room_finished webhook arrives. */
export async function endInterviewRoom(member: TMember, interviewId: string): Promise<void> {
  const interview = await managedInterview(member, interviewId);
  await deleteLivekitRoom(interview.roomName);
  await db.$transaction((tx) =>
    appendAudit(tx, {
      organizationId: interview.organizationId,
      actorId: member.userId,
      action: 'room.end',
      target: `interview:${interview.id}`,
    }),
  );
}
