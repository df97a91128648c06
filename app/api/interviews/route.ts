import { NextResponse } from 'next/server';
import { ZCreateInterviewInput } from '@/lib/schemas/api';
import { handle, readJson } from '@/lib/server/http';
import { createInterview, createInvite, listInterviews } from '@/lib/server/interviews';
import { CAN_MANAGE_INTERVIEWS, CAN_READ_REPORTS, requireMember } from '@/lib/server/members';

export const GET = handle(async () => {
  const member = await requireMember(CAN_READ_REPORTS);
  return NextResponse.json({ interviews: await listInterviews(member) });
});

export const POST = handle(async (req) => {
  const member = await requireMember(CAN_MANAGE_INTERVIEWS);
  const input = await readJson(req, ZCreateInterviewInput);
  const interview = await createInterview(member, input);
  const invite = await createInvite(member, interview.id);
  return NextResponse.json(
    {
      interview: { id: interview.id, title: interview.title, kind: interview.kind },
      inviteUrl: invite.url,
    },
    { status: 201 },
  );
});
