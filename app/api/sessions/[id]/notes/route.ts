import { NextResponse } from 'next/server';
import { ZReviewNoteInput } from '@/lib/schemas/report';
import { handle, readJson } from '@/lib/server/http';
import { CAN_READ_REPORTS, requireMember } from '@/lib/server/members';
import { idParam } from '@/lib/server/params';
import { addReviewNote } from '@/lib/server/reports/review';

type Ctx = { params: Promise<{ id: string }> };

export const POST = handle(async (req, ctx: Ctx) => {
  const member = await requireMember(CAN_READ_REPORTS);
  const id = await idParam(ctx, 'Session');
  const { body } = await readJson(req, ZReviewNoteInput);
  const note = await addReviewNote(member, id, body);
  return NextResponse.json({ id: note.id }, { status: 201 });
});
