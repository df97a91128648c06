import { NextResponse } from 'next/server';
import { z } from 'zod';
import { handle, readJson } from '@/lib/server/http';
import { requireMember } from '@/lib/server/members';
import { idParam } from '@/lib/server/params';
import { revokeTeamInvite } from '@/lib/server/team';

type Ctx = { params: Promise<{ id: string }> };

export const POST = handle(async (req, ctx: Ctx) => {
  const member = await requireMember(['OWNER']);
  const id = await idParam(ctx, 'Invitation');
  await readJson(req, z.strictObject({}), 256);
  const invite = await revokeTeamInvite(member, id);
  return NextResponse.json({ invite: { id: invite.id, revokedAt: invite.revokedAt } });
});
