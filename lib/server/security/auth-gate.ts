import 'server-only';
import { z } from 'zod';
import { auth } from '../auth';
import { HttpError, RateLimitedError, assertSameOrigin, readBytesCapped } from '../http';
import { clientIp } from './client-ip';
import {
  accountLockedFor,
  clearSigninFailures,
  hitLimit,
  limiterDisabled,
  SIGNIN_PER_IP,
  recordSigninFailure,
} from './rate-limit';

/**
 * The only Better Auth endpoints reachable over HTTP. Everything else (notably sign-up/email,
 * which would create an account with no organization) is 404: users are created only by the
 * product's own sign-up (lib/server/accounts.ts) and teammate invitations (lib/server/team-join.ts),
 * which call Better Auth on the server.
 */
const EXPOSED: Record<string, string[]> = {
  GET: ['/api/auth/get-session'],
  POST: ['/api/auth/sign-in/email', '/api/auth/sign-out'],
};
const SIGN_IN = '/api/auth/sign-in/email';
export const MAX_AUTH_BODY = 8 * 1024;
/** Better Auth reads the caller's address from this header, which only this gate sets. */
export const AUTH_IP_HEADER = 'x-candor-client-ip';

const ZSigninEmail = z.object({ email: z.string().max(320) }).passthrough();

export async function serveAuth(req: Request): Promise<Response> {
  const path = new URL(req.url).pathname;
  if (!EXPOSED[req.method]?.includes(path)) throw new HttpError(404, 'not_found', 'Not found');
  assertSameOrigin(req);
  const body = req.method === 'POST' ? await readBytesCapped(req, MAX_AUTH_BODY) : undefined;
  const headers = new Headers(req.headers);
  headers.set(AUTH_IP_HEADER, clientIp(req));
  const forward = () => auth().handler(new Request(req.url, { method: req.method, headers, body }));
  if (path !== SIGN_IN || limiterDisabled()) return forward();

  const ip = await hitLimit(SIGNIN_PER_IP, clientIp(req));
  if (!ip.allowed) throw new RateLimitedError(ip.retryAfterS);
  const account = signinAccount(body);
  if (account) {
    const wait = await accountLockedFor(account);
    if (wait > 0) {
      throw new RateLimitedError(wait, 'Too many failed sign-ins for this account: wait and retry');
    }
  }
  const res = await forward();
  if (account && res.status === 200) await clearSigninFailures(account);
  else if (account && res.status === 401) await recordSigninFailure(account);
  return res;
}

function signinAccount(body: Uint8Array | undefined): string | null {
  try {
    const parsed = ZSigninEmail.safeParse(JSON.parse(new TextDecoder().decode(body)));
    return parsed.success ? parsed.data.email.trim().toLowerCase() : null;
  } catch {
    return null;
  }
}
