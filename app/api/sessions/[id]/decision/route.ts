import { NextResponse } from 'next/server';
import { ZReviewDecisionInput } from '@/lib/schemas/report';
import { handle, readJson } from '@/lib/server/http';
import { CAN_READ_REPORTS, requireMember } from '@/lib/server/members';
import { idParam } from '@/lib/server/params';
import { recordReviewDecision } from '@/lib/server/reports/review';

type Ctx = { params: Promise<{ id: string }> };

export const POST = handle(async (req, ctx: Ctx) => {
  const member = await requireMember(CAN_READ_REPORTS);
  const id = await idParam(ctx, 'Session');
  const input = await readJson(req, ZReviewDecisionInput);
  const decision = await recordReviewDecision(member, id, input);
  return NextResponse.json({ id: decision.id }, { status: 201 });
});
