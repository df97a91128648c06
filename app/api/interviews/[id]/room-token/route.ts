import { NextResponse } from 'next/server';
import { ZRoomTokenInput } from '@/lib/schemas/rooms';
import { handle, readJson } from '@/lib/server/http';
import { CAN_MANAGE_INTERVIEWS, requireMember } from '@/lib/server/members';
import { idParam } from '@/lib/server/params';
import { issueInterviewerToken } from '@/lib/server/rooms';

type Ctx = { params: Promise<{ id: string }> };

/** Opens the interview's room if needed and returns an interviewer token for it. */
export const POST = handle(async (req, ctx: Ctx) => {
  const member = await requireMember(CAN_MANAGE_INTERVIEWS);
  const id = await idParam(ctx, 'Interview');
  await readJson(req, ZRoomTokenInput, 256);
  const connection = await issueInterviewerToken(member, id);
  return NextResponse.json(connection, { headers: { 'cache-control': 'no-store' } });
});
