import { NextResponse } from 'next/server';
import { z } from 'zod';
import { handle, readJson } from '@/lib/server/http';
import { revokeInvite } from '@/lib/server/interviews';
import { CAN_MANAGE_INTERVIEWS, requireMember } from '@/lib/server/members';
import { idParam } from '@/lib/server/params';

type Ctx = { params: Promise<{ id: string }> };

export const POST = handle(async (req, ctx: Ctx) => {
  const member = await requireMember(CAN_MANAGE_INTERVIEWS);
  const id = await idParam(ctx, 'Invite');
  await readJson(req, z.strictObject({}), 256);
  const { invite, removedFromRoom } = await revokeInvite(member, id);
  return NextResponse.json({
    invite: { id: invite.id, revokedAt: invite.revokedAt },
    removedFromRoom,
  });
});
