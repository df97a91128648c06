import 'server-only';
import type { Role } from '@prisma/client';
import type { TTeamInviteInput } from '@/lib/schemas/team';
import { appendAudit } from './audit';
import { db, type TTx } from './db';
import { serverEnv } from './env';
import { HttpError, notFound } from './http';
import type { TMember } from './members';
import type { TLimit } from './security/rate-limit';
import { newTeamToken } from './team-token';

/**
 * Team management (OWNER only; the routes check the role): teammate invitations, role changes
 * and removals. Every change commits with its audit row. "The last owner" is checked under a
 * per-organization advisory lock, so two owners demoting each other at once cannot both win.
 */

/** Teammate invitations created per organization and hour. */
export const TEAM_INVITES_PER_ORG: TLimit = { scope: 'team-invite-org', max: 50, windowS: 3600 };
/** Join attempts (sign-up or signed-in) per client IP and hour. */
export const TEAM_JOINS_PER_IP: TLimit = { scope: 'team-join-ip', max: 20, windowS: 3600 };

const DEFAULT_TTL_HOURS = 72;

export const teamJoinUrl = (token: string) =>
  new URL(`/join/${token}`, serverEnv().APP_URL).toString();

export async function listTeam(member: TMember) {
  const members = await db.membership.findMany({
    where: { organizationId: member.organizationId },
    include: { user: { select: { name: true, email: true } } },
    orderBy: { createdAt: 'asc' },
  });
  const invites =
    member.role === 'OWNER'
      ? await db.teamInvite.findMany({
          where: {
            organizationId: member.organizationId,
            acceptedAt: null,
            revokedAt: null,
            expiresAt: { gt: new Date() },
          },
          orderBy: { createdAt: 'asc' },
        })
      : [];
  return { members, invites };
}

export async function createTeamInvite(member: TMember, input: TTeamInviteInput) {
  const existing = await db.membership.findFirst({
    where: { organizationId: member.organizationId, user: { email: input.email } },
    select: { id: true },
  });
  if (existing) {
    throw new HttpError(409, 'already_member', `${input.email} is already on this team`);
  }
  const expiresAt = new Date(Date.now() + (input.ttlHours ?? DEFAULT_TTL_HOURS) * 3600_000);
  const { token, tokenHash } = newTeamToken(
    serverEnv().INVITE_SECRET,
    member.organizationId,
    expiresAt,
  );
  const invite = await db.$transaction(async (tx) => {
    const row = await tx.teamInvite.create({
      data: {
        organizationId: member.organizationId,
        email: input.email,
        role: input.role,
        tokenHash,
        expiresAt,
        createdById: member.userId,
      },
    });
    await appendAudit(tx, {
      organizationId: member.organizationId,
      actorId: member.userId,
      action: 'team.invite',
      target: `team-invite:${row.id}`,
      data: { email: input.email, role: input.role, expiresAt: expiresAt.toISOString() },
    });
    return row;
  });
  return { invite, url: teamJoinUrl(token) };
}

export async function revokeTeamInvite(member: TMember, id: string) {
  return db.$transaction(async (tx) => {
    const invite = await tx.teamInvite.findFirst({
      where: { id, organizationId: member.organizationId },
    });
    if (!invite) throw notFound('Invitation not found');
    if (invite.acceptedAt) {
      throw new HttpError(409, 'already_accepted', 'This invitation was already used');
    }
    if (invite.revokedAt) return invite;
    const revoked = await tx.teamInvite.update({
      where: { id },
      data: { revokedAt: new Date() },
    });
    await appendAudit(tx, {
      organizationId: member.organizationId,
      actorId: member.userId,
      action: 'team.invite.revoke',
      target: `team-invite:${id}`,
      data: { email: invite.email, role: invite.role },
    });
    return revoked;
  });
}

async function lockedMembership(tx: TTx, member: TMember, membershipId: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`team:${member.organizationId}`}))`;
  const target = await tx.membership.findFirst({
    where: { id: membershipId, organizationId: member.organizationId },
    include: { user: { select: { email: true } } },
  });
  if (!target) throw notFound('Member not found');
  return target;
}

async function assertNotLastOwner(tx: TTx, organizationId: string, what: string) {
  const owners = await tx.membership.count({ where: { organizationId, role: 'OWNER' } });
  if (owners <= 1) {
    throw new HttpError(
      409,
      'last_owner',
      `The last owner cannot be ${what}: make another member an owner first`,
    );
  }
}

export async function changeMemberRole(member: TMember, membershipId: string, role: Role) {
  return db.$transaction(async (tx) => {
    const target = await lockedMembership(tx, member, membershipId);
    if (target.role === role) return target;
    if (target.role === 'OWNER') await assertNotLastOwner(tx, member.organizationId, 'demoted');
    const updated = await tx.membership.update({ where: { id: target.id }, data: { role } });
    await appendAudit(tx, {
      organizationId: member.organizationId,
      actorId: member.userId,
      action: 'team.role.change',
      target: `user:${target.userId}`,
      data: { email: target.user.email, from: target.role, to: role },
    });
    return updated;
  });
}

/** Removes the membership and signs the person out everywhere (their sessions are deleted). */
export async function removeMember(member: TMember, membershipId: string) {
  return db.$transaction(async (tx) => {
    const target = await lockedMembership(tx, member, membershipId);
    if (target.role === 'OWNER') await assertNotLastOwner(tx, member.organizationId, 'removed');
    await tx.membership.delete({ where: { id: target.id } });
    const sessions = await tx.authSession.deleteMany({ where: { userId: target.userId } });
    await appendAudit(tx, {
      organizationId: member.organizationId,
      actorId: member.userId,
      action: 'team.member.remove',
      target: `user:${target.userId}`,
      data: { email: target.user.email, role: target.role, sessionsRevoked: sessions.count },
    });
    return { userId: target.userId, sessionsRevoked: sessions.count };
  });
}
