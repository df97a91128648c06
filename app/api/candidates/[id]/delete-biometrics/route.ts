import { NextResponse } from 'next/server';
import { handle } from '@/lib/server/http';
import { requireMember } from '@/lib/server/members';
import { idParam } from '@/lib/server/params';
import { deleteCandidateBiometrics } from '@/lib/server/retention';

type Ctx = { params: Promise<{ id: string }> };

/** A candidate's deletion request (owners only): their biometric data goes, verdicts and audit stay. */
export const POST = handle(async (_req, ctx: Ctx) => {
  const member = await requireMember(['OWNER']);
  const deleted = await deleteCandidateBiometrics(member, await idParam(ctx, 'Candidate'));
  return NextResponse.json(deleted);
});
