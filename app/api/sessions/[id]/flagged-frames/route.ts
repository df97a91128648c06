import { NextResponse } from 'next/server';
import { MAX_FLAGGED_FRAME_BODY, ZFlaggedFrameInput } from '@/lib/schemas/flagged';
import { storeFlaggedFrame } from '@/lib/server/flagged-frames';
import { handle, readJson } from '@/lib/server/http';
import { requireMember } from '@/lib/server/members';
import { idParam } from '@/lib/server/params';

type Ctx = { params: Promise<{ id: string }> };

/** A trusted still frame at a flagged moment (hard or review rule), from the interviewer's engine. */
export const POST = handle(async (req, ctx: Ctx) => {
  // Roles are checked inside: non-interviewers get the same 404 as a missing session.
  const member = await requireMember();
  const id = await idParam(ctx, 'Session');
  const input = await readJson(req, ZFlaggedFrameInput, MAX_FLAGGED_FRAME_BODY);
  const record = await storeFlaggedFrame(member, id, input);
  return NextResponse.json(record, { status: record.duplicate ? 200 : 201 });
});
