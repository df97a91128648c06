import { NextResponse } from 'next/server';
import { MAX_ENGINE_BATCH_BYTES, ZEngineWindowBatch } from '@/lib/schemas/live-analysis';
import { storeEngineWindows } from '@/lib/server/engine-windows';
import { handle, readJson, unauthorized } from '@/lib/server/http';
import { memberFromRequest } from '@/lib/server/session-cookie';
import { idParam } from '@/lib/server/params';

type Ctx = { params: Promise<{ id: string }> };

/** Trusted engine windows of the received candidate video, posted by the interviewer's browser. */
export const POST = handle(async (req, ctx: Ctx) => {
  // One query for the session cookie and the membership (session-cookie.ts): this route is hit
  // once per second by every interviewer. Roles are checked inside: non-interviewers get the same
  // 404 as a missing session.
  const member = await memberFromRequest(req);
  if (!member) throw unauthorized();
  const id = await idParam(ctx, 'Session');
  const input = await readJson(req, ZEngineWindowBatch, MAX_ENGINE_BATCH_BYTES);
  const result = await storeEngineWindows(member, id, input);
  // A ~100-byte answer sent every second by every interviewer: `no-transform` keeps Next.js from
  // gzipping it (a zlib stream per response cost ~3–4 % of the server's CPU under load).
  return NextResponse.json(result, {
    status: result.stored > 0 ? 201 : 200,
    headers: { 'cache-control': 'no-store, no-transform' },
  });
});
