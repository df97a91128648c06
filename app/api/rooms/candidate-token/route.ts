import { NextResponse } from 'next/server';
import { ZCandidateTokenInput } from '@/lib/schemas/rooms';
import { handle, readJson } from '@/lib/server/http';
import { observeCandidateRequest } from '@/lib/server/origin/record-origin';
import { issueCandidateToken } from '@/lib/server/rooms';

/** Candidate route: authorised by a valid, consented invite token, not by a session. */
export const POST = handle(async (req) => {
  const input = await readJson(req, ZCandidateTokenInput, 1024);
  await observeCandidateRequest(req, input.token, 'candidate-token');
  const connection = await issueCandidateToken(input.token);
  return NextResponse.json(connection, { headers: { 'cache-control': 'no-store' } });
});
