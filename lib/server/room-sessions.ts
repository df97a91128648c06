import 'server-only';
import type { InterviewStatus } from '@prisma/client';
import { appendAudit } from './audit';
import type { TTx } from './db';
import { HttpError } from './http';

/** A verified LiveKit webhook event, reduced to what Candor stores. */
export interface TRoomEvent {
  id: string;
  kind: string;
  roomName: string;
  roomSid: string | null;
  participantIdentity: string | null;
  trackSid: string | null;
  trackSource: string | null;
  createdAt: Date;
}

export type TInterviewRef = { id: string; organizationId: string; status: InterviewStatus };

/**
 * The session an event of room instance `roomSid` belongs to. A room instance already seen keeps
 * its session (closed or not); an unseen instance continues the interview's OPEN session — that is
 * what a LiveKit restart or a re-created room looks like — and only otherwise opens a new one. So
 * re-deliveries, restarts and out-of-order events never duplicate sessions.
 */
async function sessionForRoom(tx: TTx, interview: TInterviewRef, roomSid: string, at: Date) {
  const known = await tx.session.findFirst({
    where: {
      interviewId: interview.id,
      OR: [{ roomSid }, { livekitEvents: { some: { roomSid } } }],
    },
  });
  if (known) return known;
  const open = await tx.session.findFirst({
    where: { interviewId: interview.id, status: 'OPEN' },
    orderBy: { startedAt: 'desc' },
  });
  if (open) return open;
  const created = await tx.session.create({
    data: { interviewId: interview.id, roomSid, startedAt: at },
  });
  if (interview.status !== 'CANCELLED') {
    await tx.interview.update({ where: { id: interview.id }, data: { status: 'IN_PROGRESS' } });
  }
  await appendAudit(tx, {
    organizationId: interview.organizationId,
    actorId: null,
    action: 'session.open',
    target: `session:${created.id}`,
    data: { interviewId: interview.id, roomSid },
  });
  return created;
}

/** The newest room instance the session has heard from (a finish of an older instance closes nothing). */
async function latestRoomSid(
  tx: TTx,
  sessionId: string,
  fallback: string | null,
): Promise<string | null> {
  const last = await tx.livekitEvent.findFirst({
    where: { sessionId, roomSid: { not: null } },
    orderBy: [{ createdAt: 'desc' }, { receivedAt: 'desc' }],
    select: { roomSid: true },
  });
  return last?.roomSid ?? fallback;
}

/**
 * Closes an OPEN session (a no-op for one already closed). Only the status change, the interview's
 * status and the audit row happen here: the final verdict is computed after the caller commits
 * (finalizeSession), so a slow or failing fusion can never keep a session OPEN.
 */
export async function closeSession(
  tx: TTx,
  interview: TInterviewRef,
  sessionId: string,
  at: Date,
): Promise<boolean> {
  const closed = await tx.session.updateMany({
    where: { id: sessionId, status: 'OPEN' },
    data: { status: 'CLOSED', endedAt: at },
  });
  if (closed.count === 0) return false;
  // An interview is over only if the candidate actually joined; an unattended room leaves it
  // scheduled. A lost participant_joined delivery (app down while LiveKit retried) must not undo
  // that: any event of the candidate's identity, or trusted engine windows measured on their
  // received video, also prove they were there.
  const candidateJoined =
    (await tx.livekitEvent.count({
      where: { sessionId, participantIdentity: { startsWith: 'cand:' } },
      take: 1,
    })) +
    (await tx.signalWindow.count({
      where: { sessionId, source: 'TRUSTED', kind: 'ENGINE' },
      take: 1,
    }));
  if (interview.status !== 'CANCELLED') {
    await tx.interview.update({
      where: { id: interview.id },
      data: { status: candidateJoined > 0 ? 'COMPLETED' : 'SCHEDULED' },
    });
  }
  await appendAudit(tx, {
    organizationId: interview.organizationId,
    actorId: null,
    action: 'session.close',
    target: `session:${sessionId}`,
    data: { interviewId: interview.id, candidateJoined: candidateJoined > 0 },
  });
  return true;
}

/** Serialises every change to one interview's sessions (webhook deliveries, the reconciler). */
export async function lockInterviewRooms(tx: TTx, interviewId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`room:${interviewId}`}))`;
}

export type TRoomEventOutcome = { sessionId: string; closed: boolean } | null;

/**
 * Applies one event inside the caller's transaction; returns the session it was tied to and whether
 * this event closed it (the caller then finalises the verdict after commit). The event
 * row is inserted first (ON CONFLICT DO NOTHING) so a replay is detected before any effect, and
 * a per-interview advisory lock serialises concurrent deliveries for one room.
 */
export async function recordRoomEvent(tx: TTx, ev: TRoomEvent): Promise<TRoomEventOutcome> {
  const inserted = await tx.livekitEvent.createMany({
    data: [{ ...ev, sessionId: null }],
    skipDuplicates: true,
  });
  if (inserted.count === 0) throw new HttpError(409, 'duplicate_event', 'Event already processed');
  const interview = await tx.interview.findUnique({
    where: { roomName: ev.roomName },
    select: { id: true, organizationId: true, status: true },
  });
  if (!interview || !ev.roomSid) return null;
  await lockInterviewRooms(tx, interview.id);
  const session = await sessionForRoom(tx, interview, ev.roomSid, ev.createdAt);
  await tx.livekitEvent.update({ where: { id: ev.id }, data: { sessionId: session.id } });
  if (ev.kind === 'room_finished' && session.status === 'OPEN') {
    const latest = await latestRoomSid(tx, session.id, session.roomSid);
    if (latest === ev.roomSid) {
      const closed = await closeSession(tx, interview, session.id, ev.createdAt);
      return { sessionId: session.id, closed };
    }
  }
  return { sessionId: session.id, closed: false };
}
