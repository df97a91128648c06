import { NextResponse } from 'next/server';
import { ZCreateInviteInput } from '@/lib/schemas/api';
import { handle, readJson } from '@/lib/server/http';
import { createInvite } from '@/lib/server/interviews';
import { CAN_MANAGE_INTERVIEWS, requireMember } from '@/lib/server/members';
import { idParam } from '@/lib/server/params';

type Ctx = { params: Promise<{ id: string }> };

export const POST = handle(async (req, ctx: Ctx) => {
  const member = await requireMember(CAN_MANAGE_INTERVIEWS);
  const id = await idParam(ctx, 'Interview');
  const input = await readJson(req, ZCreateInviteInput, 1024);
  const { invite, url } = await createInvite(member, id, input.ttlHours);
  return NextResponse.json(
    { invite: { id: invite.id, expiresAt: invite.expiresAt }, url },
    { status: 201 },
  );
});
