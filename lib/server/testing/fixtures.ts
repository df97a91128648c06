import { randomBytes } from 'node:crypto';
import type { Role } from '@prisma/client';
import { windowize } from '@/lib/analysis/session';
import { genuineSession } from '@/lib/analysis/testing/scenarios';
import type { TEngineWindowBatch } from '@/lib/schemas/live-analysis';
import { db } from '../db';
import type { TMember } from '../members';
import { recordRoomEvent, type TRoomEvent } from '../room-sessions';

/** Test fixtures for *.db.test.ts: an organization, members, a live interview, room events, windows. */

const tag = () => randomBytes(6).toString('hex');

export async function makeMember(organizationId: string, role: Role): Promise<TMember> {
  const t = tag();
  const user = await db.user.create({
    data: { id: `u-${t}`, name: role, email: `${role.toLowerCase()}-${t}@example.test` },
  });
  await db.membership.create({ data: { organizationId, userId: user.id, role } });
  return {
    userId: user.id,
    name: role,
    email: user.email,
    organizationId,
    organizationName: 'test',
    role,
  };
}

async function makeInterview(owner: TMember, kind: 'LIVE' | 'ASYNC') {
  const candidate = await db.candidate.create({
    data: { organizationId: owner.organizationId, name: 'C', email: `c-${tag()}@example.test` },
  });
  return db.interview.create({
    data: {
      organizationId: owner.organizationId,
      candidateId: candidate.id,
      createdById: owner.userId,
      title: 't',
      kind,
      roomName: `room-${tag()}`,
    },
  });
}

export const makeLiveInterview = (owner: TMember) => makeInterview(owner, 'LIVE');

/** An ASYNC interview with one question (think 5 s, answers up to 60 s). */
export async function makeAsyncQuestion(owner: TMember) {
  const interview = await makeInterview(owner, 'ASYNC');
  const question = await db.asyncQuestion.create({
    data: {
      interviewId: interview.id,
      position: 0,
      prompt: 'Tell us',
      thinkSeconds: 5,
      maxAnswerSeconds: 60,
    },
  });
  return { interview, question };
}

/** Applies a room event through the webhook's code path (one transaction), as LiveKit would. */
export function roomEvent(roomName: string, roomSid: string, kind: string, at = new Date()) {
  const ev: TRoomEvent = {
    id: `EV_${tag()}`,
    kind,
    roomName,
    roomSid,
    participantIdentity: null,
    trackSid: null,
    trackSource: null,
    createdAt: at,
  };
  return db.$transaction((tx) => recordRoomEvent(tx, ev));
}

/** `n` real engine windows (the synthetic genuine scenario) stamped one second apart from `from`. */
export function engineBatch(
  n: number,
  from = Date.now(),
  batchId = `batch-${tag()}${tag()}`,
): TEngineWindowBatch {
  const ws = windowize(genuineSession(Math.max(n, 1) * 1000 + 500), null).slice(0, n);
  return {
    clientBatchId: batchId,
    windows: ws.map((signals, i) => ({ at: new Date(from + i * 1000).toISOString(), signals })),
  };
}
