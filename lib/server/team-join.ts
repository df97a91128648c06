import 'server-only';
import type { Role } from '@prisma/client';
import { appendAudit } from './audit';
import { auth } from './auth';
import { db, type TTx } from './db';
import { serverEnv } from './env';
import { HttpError } from './http';
import { TEAM_INVITE_MESSAGES, hashTeamToken, verifyTeamToken } from './team-token';

/**
 * Joining a team through a teammate link: either a new account (created through Better Auth on
 * the server: auth-gate.ts keeps its sign-up endpoint closed over HTTP) or the signed-in account
 * whose email the invitation names. The invitation is consumed in the transaction that creates
 * the membership, so a link works once.
 */

export interface TResolvedTeamInvite {
  id: string;
  organizationId: string;
  organizationName: string;
  email: string;
  role: Role;
  expiresAt: Date;
}

export async function resolveTeamInvite(
  token: string,
): Promise<
  { ok: true; invite: TResolvedTeamInvite } | { ok: false; status: number; message: string }
> {
  const checked = verifyTeamToken(serverEnv().INVITE_SECRET, token);
  if (!checked.ok) {
    return {
      ok: false,
      status: checked.error === 'expired' ? 410 : 400,
      message: TEAM_INVITE_MESSAGES[checked.error],
    };
  }
  const row = await db.teamInvite.findUnique({
    where: { tokenHash: hashTeamToken(token) },
    include: { organization: { select: { name: true } } },
  });
  if (!row || row.organizationId !== checked.payload.o) {
    return { ok: false, status: 404, message: TEAM_INVITE_MESSAGES.unknown };
  }
  if (row.revokedAt) return { ok: false, status: 410, message: TEAM_INVITE_MESSAGES.revoked };
  if (row.acceptedAt) return { ok: false, status: 410, message: TEAM_INVITE_MESSAGES.used };
  if (row.expiresAt.getTime() <= Date.now()) {
    return { ok: false, status: 410, message: TEAM_INVITE_MESSAGES.expired };
  }
  return {
    ok: true,
    invite: {
      id: row.id,
      organizationId: row.organizationId,
      organizationName: row.organization.name,
      email: row.email,
      role: row.role,
      expiresAt: row.expiresAt,
    },
  };
}

async function requireTeamInvite(token: string): Promise<TResolvedTeamInvite> {
  const res = await resolveTeamInvite(token);
  if (!res.ok) throw new HttpError(res.status, 'invite_refused', res.message);
  return res.invite;
}

/** Consumes the invitation and adds the membership (with its audit row) in one transaction. */
async function acceptInvite(tx: TTx, invite: TResolvedTeamInvite, userId: string) {
  const taken = await tx.teamInvite.updateMany({
    where: { id: invite.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    data: { acceptedAt: new Date(), acceptedById: userId },
  });
  if (taken.count !== 1) throw new HttpError(410, 'invite_refused', TEAM_INVITE_MESSAGES.used);
  // One organization per account: pages and routes act in the account's one organization.
  if ((await tx.membership.count({ where: { userId } })) > 0) {
    throw new HttpError(
      409,
      'already_member',
      'This account already belongs to a team; ask the owner to invite another email address',
    );
  }
  await tx.membership.create({
    data: { organizationId: invite.organizationId, userId, role: invite.role },
  });
  await appendAudit(tx, {
    organizationId: invite.organizationId,
    actorId: userId,
    action: 'team.join',
    target: `user:${userId}`,
    data: { inviteId: invite.id, email: invite.email, role: invite.role },
  });
}

/** A new account under the invited email; returns Better Auth's response (session cookie). */
export async function joinTeamWithSignup(
  input: { token: string; name: string; password: string },
  headers: Headers,
): Promise<Response> {
  const invite = await requireTeamInvite(input.token);
  const existing = await db.user.findUnique({
    where: { email: invite.email },
    select: { id: true },
  });
  if (existing) {
    throw new HttpError(
      409,
      'email_taken',
      'An account with this email already exists: sign in, then open the link again',
    );
  }
  const res = await auth().api.signUpEmail({
    body: { name: input.name, email: invite.email, password: input.password },
    headers,
    asResponse: true,
  });
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { message?: string };
    throw new HttpError(res.status, 'signup_failed', body.message ?? 'Sign-up failed');
  }
  const user = await db.user.findUniqueOrThrow({ where: { email: invite.email } });
  try {
    await db.$transaction((tx) => acceptInvite(tx, invite, user.id));
  } catch (err) {
    // A link used meanwhile (or any failure) leaves no account behind, so a retry starts clean.
    await db.user.delete({ where: { id: user.id } }).catch(() => undefined);
    throw err;
  }
  return res;
}

/** The signed-in account joins, if the invitation names its email. */
export async function joinTeamSignedIn(
  token: string,
  user: { id: string; email: string },
): Promise<TResolvedTeamInvite> {
  const invite = await requireTeamInvite(token);
  if (user.email.toLowerCase() !== invite.email) {
    throw new HttpError(
      403,
      'wrong_account',
      `This invitation is for ${invite.email}; you are signed in as ${user.email}`,
    );
  }
  await db.$transaction((tx) => acceptInvite(tx, invite, user.id));
  return invite;
}

/** The signed-in user (with or without a team), or null. */
export async function getSignedInUser(
  headers: Headers,
): Promise<{ id: string; email: string; name: string } | null> {
  const session = await auth().api.getSession({ headers });
  return session && { id: session.user.id, email: session.user.email, name: session.user.name };
}
