import { NextResponse } from 'next/server';
import { MAX_ENGINE_BATCH_BYTES, ZEngineWindowBatch } from '@/lib/schemas/live-analysis';
import { storeEngineWindows } from '@/lib/server/engine-windows';
import { handle, readJson } from '@/lib/server/http';
import { requireMember } from '@/lib/server/members';
import { idParam } from '@/lib/server/params';

type Ctx = { params: Promise<{ id: string }> };

/** Trusted engine windows of the received candidate video, posted by the interviewer's browser. */
export const POST = handle(async (req, ctx: Ctx) => {
  // Roles are checked inside: non-interviewers get the same 404 as a missing session.
  const member = await requireMember();
  const id = await idParam(ctx, 'Session');
  const input = await readJson(req, ZEngineWindowBatch, MAX_ENGINE_BATCH_BYTES);
  const result = await storeEngineWindows(member, id, input);
  return NextResponse.json(result, { status: result.stored > 0 ? 201 : 200 });
});
