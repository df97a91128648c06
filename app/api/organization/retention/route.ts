import { NextResponse } from 'next/server';
import { ZRetentionInput } from '@/lib/schemas/report';
import { handle, readJson } from '@/lib/server/http';
import { requireMember } from '@/lib/server/members';
import { setRetentionDays } from '@/lib/server/retention';

export const POST = handle(async (req) => {
  const member = await requireMember(['OWNER']);
  const { retentionDays } = await readJson(req, ZRetentionInput);
  await setRetentionDays(member, retentionDays);
  return NextResponse.json({ retentionDays });
});
