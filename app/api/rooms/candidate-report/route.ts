import { NextResponse } from 'next/server';
import { ZCandidateReportInput } from '@/lib/schemas/rooms';
import { handle, readJson } from '@/lib/server/http';
import { observeCandidateReport } from '@/lib/server/origin/record-origin';
import { storeCandidateReport } from '@/lib/server/room-signals';

/** Candidate-reported (untrusted) device facts, authorised by the consented invite token. */
export const POST = handle(async (req) => {
  const input = await readJson(req, ZCandidateReportInput, 8 * 1024);
  const result = await storeCandidateReport(input);
  await observeCandidateReport(req, input.token, input.facts);
  return NextResponse.json(result, { status: result.stored > 0 ? 201 : 200 });
});
