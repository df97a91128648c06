import { NextResponse } from 'next/server';
import { ZTeamJoinInput } from '@/lib/schemas/team';
import { HttpError, RateLimitedError, handle, readJson } from '@/lib/server/http';
import { clientIp } from '@/lib/server/security/client-ip';
import {
  SIGNUP_PER_IP,
  hitLimit,
  limiterDisabled,
  type TLimit,
} from '@/lib/server/security/rate-limit';
import { TEAM_JOINS_PER_IP } from '@/lib/server/team';
import { getSignedInUser, joinTeamSignedIn, joinTeamWithSignup } from '@/lib/server/team-join';

async function limit(l: TLimit, subject: string) {
  const hit = await hitLimit(l, subject);
  if (!hit.allowed) throw new RateLimitedError(hit.retryAfterS);
}

/** Joins the team a teammate link names: as a new account, or as the signed-in one. */
export const POST = handle(async (req) => {
  const ip = clientIp(req);
  if (!limiterDisabled()) await limit(TEAM_JOINS_PER_IP, ip);
  const input = await readJson(req, ZTeamJoinInput, 4 * 1024);
  if (input.mode === 'signup') {
    if (!limiterDisabled()) await limit(SIGNUP_PER_IP, ip);
    return joinTeamWithSignup(input, req.headers);
  }
  const user = await getSignedInUser(req.headers);
  if (!user) throw new HttpError(401, 'unauthorized', 'Sign in first');
  const invite = await joinTeamSignedIn(input.token, user);
  return NextResponse.json({ organizationName: invite.organizationName, role: invite.role });
});
