import { NextResponse } from 'next/server';
import { handle } from '@/lib/server/http';
import { getInterviewForMember } from '@/lib/server/interviews';
import { CAN_READ_REPORTS, requireMember } from '@/lib/server/members';
import { idParam } from '@/lib/server/params';

type Ctx = { params: Promise<{ id: string }> };

export const GET = handle(async (_req, ctx: Ctx) => {
  const member = await requireMember(CAN_READ_REPORTS);
  const i = await getInterviewForMember(member, await idParam(ctx, 'Interview'));
  return NextResponse.json({
    interview: {
      id: i.id,
      title: i.title,
      kind: i.kind,
      status: i.status,
      scheduledAt: i.scheduledAt?.toISOString() ?? null,
      candidate: { id: i.candidate.id, name: i.candidate.name, email: i.candidate.email },
      invites: i.invites.map((v) => ({ id: v.id, expiresAt: v.expiresAt, revokedAt: v.revokedAt })),
      sessions: i.sessions.map((s) => ({
        id: s.id,
        status: s.status,
        startedAt: s.startedAt,
        endedAt: s.endedAt,
      })),
      consents: i.consents.length,
    },
  });
});
