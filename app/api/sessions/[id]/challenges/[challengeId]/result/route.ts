import { NextResponse } from 'next/server';
import { MAX_RESULT_BODY, ZChallengeResultInput } from '@/lib/schemas/challenges';
import { ZId } from '@/lib/schemas/api';
import { recordChallengeResult } from '@/lib/server/challenges';
import { handle, notFound, readJson } from '@/lib/server/http';
import { requireMember } from '@/lib/server/members';
import { idParam } from '@/lib/server/params';

type Ctx = { params: Promise<{ id: string; challengeId: string }> };

/** Records the trusted result of a challenge; a retried POST returns the stored record (200). */
export const POST = handle(async (req, ctx: Ctx) => {
  const member = await requireMember();
  const id = await idParam(ctx, 'Session');
  const { challengeId } = await ctx.params;
  if (!ZId.safeParse(challengeId).success) throw notFound('Challenge not found');
  const input = await readJson(req, ZChallengeResultInput, MAX_RESULT_BODY);
  const record = await recordChallengeResult(member, id, challengeId, input);
  return NextResponse.json(record, { status: record.duplicate ? 200 : 201 });
});
