import 'server-only';
import { appendAudit } from './audit';
import { CONSENT_NOTICE_VERSION } from './consent';
import { db } from './db';
import { serverEnv } from './env';
import { HttpError } from './http';
import { INVITE_TOKEN_MESSAGES, verifyInviteToken } from './invite-token';

export type ResolvedInvite = NonNullable<Awaited<ReturnType<typeof findInvite>>>;

function findInvite(nonce: string, interviewId: string) {
  return db.invite.findFirst({
    where: { nonce, interviewId },
    include: { interview: { include: { organization: true, candidate: true } } },
  });
}

/** Verifies signature, expiry and revocation; returns the invite or a candidate-readable reason. */
export async function resolveInvite(
  token: string,
): Promise<{ ok: true; invite: ResolvedInvite } | { ok: false; status: number; message: string }> {
  const checked = verifyInviteToken(serverEnv().INVITE_SECRET, token);
  if (!checked.ok) {
    const status = checked.error === 'expired' ? 410 : 400;
    return { ok: false, status, message: INVITE_TOKEN_MESSAGES[checked.error] };
  }
  const invite = await findInvite(checked.payload.n, checked.payload.i);
  if (!invite) return { ok: false, status: 404, message: INVITE_TOKEN_MESSAGES.unknown };
  if (invite.revokedAt) return { ok: false, status: 410, message: INVITE_TOKEN_MESSAGES.revoked };
  if (invite.expiresAt.getTime() <= Date.now()) {
    return { ok: false, status: 410, message: INVITE_TOKEN_MESSAGES.expired };
  }
  return { ok: true, invite };
}

export async function requireInvite(token: string): Promise<ResolvedInvite> {
  const res = await resolveInvite(token);
  if (!res.ok) throw new HttpError(res.status, 'invite_refused', res.message);
  return res.invite;
}

export async function hasConsented(inviteId: string): Promise<boolean> {
  const n = await db.consentRecord.count({
    where: { inviteId, noticeVersion: CONSENT_NOTICE_VERSION },
  });
  return n > 0;
}

/** Records consent once per invite and notice version; a repeated click changes nothing. */
export async function recordConsent(
  invite: ResolvedInvite,
  noticeVersion: string,
  client: { ip: string | null; userAgent: string | null },
) {
  if (noticeVersion !== CONSENT_NOTICE_VERSION) {
    throw new HttpError(
      409,
      'stale_notice',
      'The consent notice has changed: reload the page and read it again',
    );
  }
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`consent:${invite.id}`}))`;
    const existing = await tx.consentRecord.findFirst({
      where: { inviteId: invite.id, noticeVersion },
    });
    if (existing) return existing;
    const record = await tx.consentRecord.create({
      data: {
        interviewId: invite.interviewId,
        inviteId: invite.id,
        noticeVersion,
        ipAddress: client.ip,
        userAgent: client.userAgent?.slice(0, 400) ?? null,
      },
    });
    await appendAudit(tx, {
      organizationId: invite.interview.organizationId,
      actorId: null,
      action: 'consent.record',
      target: `interview:${invite.interviewId}`,
      data: { inviteId: invite.id, noticeVersion },
    });
    return record;
  });
}

/** The caller's IP; X-Forwarded-For is believed only behind a configured proxy (TRUST_PROXY=1). */
export function clientIp(req: { headers: { get(name: string): string | null } }): string | null {
  if (serverEnv().TRUST_PROXY) {
    const xff = req.headers.get('x-forwarded-for');
    if (xff) return xff.split(',')[0]!.trim().slice(0, 64);
  }
  // Next.js route handlers do not expose the socket address; without a trusted proxy we store none
  // rather than a header the caller could have forged.
  return null;
}
