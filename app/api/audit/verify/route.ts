import { NextResponse } from 'next/server';
import { verifyAuditChain } from '@/lib/server/audit';
import { handle } from '@/lib/server/http';
import { requireMember } from '@/lib/server/members';

export const GET = handle(async () => {
  const member = await requireMember(['OWNER']);
  return NextResponse.json(await verifyAuditChain(member.organizationId));
});
