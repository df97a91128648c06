import { NextResponse } from 'next/server';
import { ZRoomTokenInput } from '@/lib/schemas/rooms';
import { handle, readJson } from '@/lib/server/http';
import { CAN_MANAGE_INTERVIEWS, requireMember } from '@/lib/server/members';
import { idParam } from '@/lib/server/params';
import { endInterviewRoom } from '@/lib/server/rooms';

type Ctx = { params: Promise<{ id: string }> };

/** Ends the live call for everyone (LiveKit DeleteRoom); interviewer roles only. */
export const POST = handle(async (req, ctx: Ctx) => {
  const member = await requireMember(CAN_MANAGE_INTERVIEWS);
  const id = await idParam(ctx, 'Interview');
  await readJson(req, ZRoomTokenInput, 256);
  await endInterviewRoom(member, id);
  return NextResponse.json({ ended: true });
});
