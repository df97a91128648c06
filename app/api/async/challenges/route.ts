import { NextResponse } from 'next/server';
import { ZDueChallengesInput } from '@/lib/schemas/async';
import { dueChallenges, requireAsyncInvite } from '@/lib/server/async/answers';
import { handle, readJson } from '@/lib/server/http';

/** Candidate route: the challenges of a recording answer whose moment has come (polled). */
export const POST = handle(async (req) => {
  const input = await readJson(req, ZDueChallengesInput, 4096);
  const invite = await requireAsyncInvite(input.token);
  const challenges = await dueChallenges(invite, input.answerId);
  return NextResponse.json({ challenges }, { headers: { 'cache-control': 'no-store' } });
});
