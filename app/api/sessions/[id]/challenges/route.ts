import { NextResponse } from 'next/server';
import { ZIssueChallengeInput } from '@/lib/schemas/challenges';
import { issueChallenge } from '@/lib/server/challenges';
import { handle, readJson } from '@/lib/server/http';
import { requireMember } from '@/lib/server/members';
import { idParam } from '@/lib/server/params';

type Ctx = { params: Promise<{ id: string }> };

/** Issues a liveness challenge (interviewer side); forward `message` on the LiveKit data channel. */
export const POST = handle(async (req, ctx: Ctx) => {
  // Roles are checked inside: non-interviewers get the same 404 as a missing session.
  const member = await requireMember();
  const id = await idParam(ctx, 'Session');
  const input = await readJson(req, ZIssueChallengeInput, 1024);
  return NextResponse.json(await issueChallenge(member, id, input), { status: 201 });
});
