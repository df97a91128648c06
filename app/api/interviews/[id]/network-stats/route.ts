import { NextResponse } from 'next/server';
import { ZNetworkStatsInput } from '@/lib/schemas/rooms';
import { handle, readJson } from '@/lib/server/http';
import { CAN_MANAGE_INTERVIEWS, requireMember } from '@/lib/server/members';
import { idParam } from '@/lib/server/params';
import { storeNetworkStats } from '@/lib/server/room-signals';

type Ctx = { params: Promise<{ id: string }> };

/** Trusted WebRTC statistics of the received candidate video, posted by the interviewer's browser. */
export const POST = handle(async (req, ctx: Ctx) => {
  const member = await requireMember(CAN_MANAGE_INTERVIEWS);
  const id = await idParam(ctx, 'Interview');
  const input = await readJson(req, ZNetworkStatsInput, 32 * 1024);
  const result = await storeNetworkStats(member, id, input);
  return NextResponse.json(result, { status: result.stored > 0 ? 201 : 200 });
});
