import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

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

export type TeamTokenError = 'malformed' | 'bad_signature' | 'expired';

export const TEAM_INVITE_MESSAGES: Record<TeamTokenError | 'revoked' | 'used' | 'unknown', string> =
  {
    malformed: 'This invitation link is incomplete or damaged. Copy the whole link you were sent.',
    bad_signature: 'This invitation link is not valid. Ask your team owner for a new one.',
    expired: 'This invitation link has expired. Ask your team owner for a new one.',
    revoked: 'This invitation was withdrawn. Ask your team owner for a new one.',
    used: 'This invitation link was already used. Ask your team owner for a new one.',
    unknown: 'This invitation link is not valid. Ask your team owner for a new one.',
  };

const MAX_TOKEN_LENGTH = 512;

function mac(secret: string, body: string): Buffer {
  return createHmac('sha256', secret).update(`candor-team-invite.${body}`).digest();
}

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
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  const token = `${body}.${mac(secret, body).toString('base64url')}`;
  return { token, tokenHash: hashTeamToken(token) };
}

export const hashTeamToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function verifyTeamToken(
  secret: string,
  token: string,
  nowMs = Date.now(),
): { ok: true; payload: TTeamTokenPayload } | { ok: false; error: TeamTokenError } {
  if (token.length > MAX_TOKEN_LENGTH) return { ok: false, error: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return { ok: false, error: 'malformed' };
  const [body, sig] = parts as [string, string];
  const given = Buffer.from(sig, 'base64url');
  const expected = mac(secret, body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, error: 'bad_signature' };
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, error: 'malformed' };
  }
  const parsed = ZTeamTokenPayload.safeParse(json);
  if (!parsed.success) return { ok: false, error: 'malformed' };
  if (parsed.data.e * 1000 <= nowMs) return { ok: false, error: 'expired' };
  return { ok: true, payload: parsed.data };
}
