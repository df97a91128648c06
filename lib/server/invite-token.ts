import { z } from 'zod';
import { signToken, verifySignedToken, type SignedTokenError } from './signed-token';

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

export type InviteTokenError = SignedTokenError;

export const INVITE_TOKEN_MESSAGES: Record<InviteTokenError | 'revoked' | 'unknown', string> = {
  malformed:
    'This invite link is incomplete or damaged. Copy the whole link from your invitation email.',
  bad_signature: 'This invite link is not valid. Ask the hiring team for a new link.',
  expired: 'This invite link has expired. Ask the hiring team for a new link.',
  revoked: 'This invite link was withdrawn by the hiring team. Ask them for a new link.',
  unknown: 'This invite link is not valid. Ask the hiring team for a new link.',
};

const DOMAIN = 'candor-invite';

export function signInviteToken(secret: string, p: TInvitePayload): string {
  return signToken(DOMAIN, secret, p);
}

export function verifyInviteToken(
  secret: string,
  token: string,
  nowMs = Date.now(),
): { ok: true; payload: TInvitePayload } | { ok: false; error: InviteTokenError } {
  return verifySignedToken(DOMAIN, ZInvitePayload, secret, token, nowMs);
}
