import { createHmac, timingSafeEqual } from 'node:crypto';
import type { z } from 'zod';

/**
 * Signed tokens: base64url(JSON payload) + "." + base64url(HMAC-SHA256 over `<domain>.<body>`).
 * Each kind of token signs under its own domain string, so one kind can never pass for another.
 * The payload must carry `e`, its expiry in unix seconds.
 */
export type SignedTokenError = 'malformed' | 'bad_signature' | 'expired';

const MAX_TOKEN_LENGTH = 512;

function mac(domain: string, secret: string, body: string): Buffer {
  return createHmac('sha256', secret).update(`${domain}.${body}`).digest();
}

export function signToken(domain: string, secret: string, payload: { e: number }): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${mac(domain, secret, body).toString('base64url')}`;
}

export function verifySignedToken<S extends z.ZodType<{ e: number }>>(
  domain: string,
  schema: S,
  secret: string,
  token: string,
  nowMs = Date.now(),
): { ok: true; payload: z.infer<S> } | { ok: false; error: SignedTokenError } {
  if (token.length > MAX_TOKEN_LENGTH) return { ok: false, error: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return { ok: false, error: 'malformed' };
  const [body, sig] = parts as [string, string];
  const given = Buffer.from(sig, 'base64url');
  const expected = mac(domain, secret, body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, error: 'bad_signature' };
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, error: 'malformed' };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return { ok: false, error: 'malformed' };
  if (parsed.data.e * 1000 <= nowMs) return { ok: false, error: 'expired' };
  return { ok: true, payload: parsed.data };
}
