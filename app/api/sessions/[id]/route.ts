import { NextResponse } from 'next/server';
import { db } from '@/lib/server/db';
import { handle, notFound } from '@/lib/server/http';
import { CAN_READ_REPORTS, requireMember } from '@/lib/server/members';
import { idParam } from '@/lib/server/params';

type Ctx = { params: Promise<{ id: string }> };

export const GET = handle(async (_req, ctx: Ctx) => {
  const member = await requireMember(CAN_READ_REPORTS);
  const id = await idParam(ctx, 'Session');
  const session = await db.session.findFirst({
    where: { id, interview: { organizationId: member.organizationId } },
    include: { verdicts: { orderBy: { createdAt: 'desc' }, take: 1 } },
  });
  if (!session) throw notFound('Session not found');
  return NextResponse.json({
    session: {
      id: session.id,
      interviewId: session.interviewId,
      status: session.status,
      startedAt: session.startedAt,
      endedAt: session.endedAt,
      verdict: session.verdicts[0] ?? null,
    },
  });
});
