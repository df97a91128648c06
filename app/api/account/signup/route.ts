import { ZSignupInput } from '@/lib/schemas/api';
import { signUpWithOrganization } from '@/lib/server/accounts';
import { RateLimitedError, handle, readJson } from '@/lib/server/http';
import { clientIp } from '@/lib/server/security/client-ip';
import { SIGNUP_PER_IP, hitLimit, limiterDisabled } from '@/lib/server/security/rate-limit';

export const POST = handle(async (req) => {
  if (!limiterDisabled()) {
    const ip = await hitLimit(SIGNUP_PER_IP, clientIp(req));
    if (!ip.allowed) throw new RateLimitedError(ip.retryAfterS);
  }
  const input = await readJson(req, ZSignupInput, 8 * 1024);
  return signUpWithOrganization(input, req.headers);
});
