import { NextResponse } from 'next/server';
import { ZTeamInviteInput } from '@/lib/schemas/team';
import { RateLimitedError, handle, readJson } from '@/lib/server/http';
import { requireMember } from '@/lib/server/members';
import { hitLimit, limiterDisabled } from '@/lib/server/security/rate-limit';
import { TEAM_INVITES_PER_ORG, createTeamInvite } from '@/lib/server/team';

/** An owner invites a teammate; the link is returned once (only its hash is stored). */
export const POST = handle(async (req) => {
  const member = await requireMember(['OWNER']);
  const input = await readJson(req, ZTeamInviteInput, 1024);
  if (!limiterDisabled()) {
    const org = await hitLimit(TEAM_INVITES_PER_ORG, member.organizationId);
    if (!org.allowed) throw new RateLimitedError(org.retryAfterS);
  }
  const { invite, url } = await createTeamInvite(member, input);
  return NextResponse.json(
    {
      invite: {
        id: invite.id,
        email: invite.email,
        role: invite.role,
        expiresAt: invite.expiresAt.toISOString(),
      },
      url,
    },
    { status: 201 },
  );
});
