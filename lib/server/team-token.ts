import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { signToken, verifySignedToken, type SignedTokenError } from './signed-token';

/**
 * Teammate invitation tokens: base64url(JSON payload) + "." + base64url(HMAC-SHA256), like the
 * candidate invite tokens but under their own MAC domain, so one kind can never pass for the
 * other. The payload carries 128 random bits; the database keeps only sha256(token), so a copy of
 * the database cannot rebuild a usable link. The signature lets a forged or damaged link be
 * refused before any lookup; single use and revocation are checked against the TeamInvite row.
 */
const ZTeamTokenPayload = z.strictObject({
  v: z.literal(1),
  o: z.string().min(1).max(64), // organization id
  r: z.string().min(16).max(64), // random nonce
  e: z.number().int(), // expiry, unix seconds
});
export type TTeamTokenPayload = z.infer<typeof ZTeamTokenPayload>;

export type TeamTokenError = SignedTokenError;

export const TEAM_INVITE_MESSAGES: Record<TeamTokenError | 'revoked' | 'used' | 'unknown', string> =
  {
    malformed: 'This invitation link is incomplete or damaged. Copy the whole link you were sent.',
    bad_signature: 'This invitation link is not valid. Ask your team owner for a new one.',
    expired: 'This invitation link has expired. Ask your team owner for a new one.',
    revoked: 'This invitation was withdrawn. Ask your team owner for a new one.',
    used: 'This invitation link was already used. Ask your team owner for a new one.',
    unknown: 'This invitation link is not valid. Ask your team owner for a new one.',
  };

const DOMAIN = 'candor-team-invite';

export function newTeamToken(
  secret: string,
  organizationId: string,
  expiresAt: Date,
): { token: string; tokenHash: string } {
  const payload: TTeamTokenPayload = {
    v: 1,
    o: organizationId,
    r: randomBytes(16).toString('base64url'),
    e: Math.floor(expiresAt.getTime() / 1000),
  };
  const token = signToken(DOMAIN, secret, payload);
  return { token, tokenHash: hashTeamToken(token) };
}

export const hashTeamToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function verifyTeamToken(
  secret: string,
  token: string,
  nowMs = Date.now(),
): { ok: true; payload: TTeamTokenPayload } | { ok: false; error: TeamTokenError } {
  return verifySignedToken(DOMAIN, ZTeamTokenPayload, secret, token, nowMs);
}
