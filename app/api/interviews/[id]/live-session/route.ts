import { NextResponse } from 'next/server';
import { getLiveSession } from '@/lib/server/engine-windows';
import { handle } from '@/lib/server/http';
import { CAN_MANAGE_INTERVIEWS, requireMember } from '@/lib/server/members';
import { idParam } from '@/lib/server/params';

type Ctx = { params: Promise<{ id: string }> };

/** The interview's open live session id (409 no_open_session until LiveKit's webhook opened it). */
export const GET = handle(async (_req, ctx: Ctx) => {
  const member = await requireMember(CAN_MANAGE_INTERVIEWS);
  const id = await idParam(ctx, 'Interview');
  return NextResponse.json(await getLiveSession(member, id), {
    headers: { 'cache-control': 'no-store' },
  });
});
