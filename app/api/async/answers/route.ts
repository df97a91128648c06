import { NextResponse } from 'next/server';
import { ZCreateAnswerInput } from '@/lib/schemas/async';
import { createAnswer, requireAsyncInvite } from '@/lib/server/async/answers';
import { handle, readJson } from '@/lib/server/http';

/** Candidate route: a new take of one question (the previous take is discarded). */
export const POST = handle(async (req) => {
  const input = await readJson(req, ZCreateAnswerInput, 4096);
  const invite = await requireAsyncInvite(input.token);
  const created = await createAnswer(invite, input.questionId);
  return NextResponse.json(created, { status: 201 });
});
