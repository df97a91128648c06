import { NextResponse } from 'next/server';
import { ZAsyncStartInput } from '@/lib/schemas/async';
import { candidateState, requireAsyncInvite } from '@/lib/server/async/answers';
import { handle, readJson } from '@/lib/server/http';
import { observeCandidateRequest } from '@/lib/server/origin/record-origin';

/** Candidate route: opens (or reopens) the sitting's session and returns the questions and takes. */
export const POST = handle(async (req) => {
  const input = await readJson(req, ZAsyncStartInput, 4096);
  const invite = await requireAsyncInvite(input.token);
  await observeCandidateRequest(req, input.token, 'async-start');
  const state = await candidateState(invite);
  return NextResponse.json(state, { headers: { 'cache-control': 'no-store' } });
});
