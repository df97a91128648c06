import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * Candidate invite tokens: base64url(JSON payload) + "." + base64url(HMAC-SHA256). The payload
 * names the invite (by its random nonce) and interview and carries the expiry; revocation is
 * checked against the Invite row, so a leaked token can be cut off.
 */
const ZInvitePayload = z.strictObject({
  v: z.literal(1),
  n: z.string().min(16).max(64), // invite nonce
  i: z.string().min(1).max(64), // interview id
  e: z.number().int(), // expiry, unix seconds
});
export type TInvitePayload = z.infer<typeof ZInvitePayload>;

export type InviteTokenError = 'malformed' | 'bad_signature' | 'expired';

export const INVITE_TOKEN_MESSAGES: Record<InviteTokenError | 'revoked' | 'unknown', string> = {
  malformed:
    'This invite link is incomplete or damaged. Copy the whole link from your invitation email.',
  bad_signature: 'This invite link is not valid. Ask the hiring team for a new link.',
  expired: 'This invite link has expired. Ask the hiring team for a new link.',
  revoked: 'This invite link was withdrawn by the hiring team. Ask them for a new link.',
  unknown: 'This invite link is not valid. Ask the hiring team for a new link.',
};

function mac(secret: string, body: string): Buffer {
  return createHmac('sha256', secret).update(`candor-invite.${body}`).digest();
}

export function signInviteToken(secret: string, p: TInvitePayload): string {
  const body = Buffer.from(JSON.stringify(p)).toString('base64url');
  return `${body}.${mac(secret, body).toString('base64url')}`;
}

export function verifyInviteToken(
  secret: string,
  token: string,
  nowMs = Date.now(),
): { ok: true; payload: TInvitePayload } | { ok: false; error: InviteTokenError } {
  if (token.length > 512) return { ok: false, error: 'malformed' };
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
  const parsed = ZInvitePayload.safeParse(json);
  if (!parsed.success) return { ok: false, error: 'malformed' };
  if (parsed.data.e * 1000 <= nowMs) return { ok: false, error: 'expired' };
  return { ok: true, payload: parsed.data };
}
