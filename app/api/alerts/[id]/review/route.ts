import { NextResponse } from 'next/server';
import { ZAlertReview } from '@/lib/schemas/alerts';
import { reviewAlert } from '@/lib/server/alerts';
import { handle, readJson } from '@/lib/server/http';
import { CAN_READ_REPORTS, requireMember } from '@/lib/server/members';
import { idParam } from '@/lib/server/params';

type Ctx = { params: Promise<{ id: string }> };

export const POST = handle(async (req, ctx: Ctx) => {
  const member = await requireMember(CAN_READ_REPORTS);
  const id = await idParam(ctx, 'Alert');
  const input = await readJson(req, ZAlertReview);
  return NextResponse.json(await reviewAlert(member, id, input));
});
