import { NextResponse } from 'next/server';
import { ZConsentInput } from '@/lib/schemas/api';
import { handle, readJson } from '@/lib/server/http';
import { recordConsent, requireInvite } from '@/lib/server/invites';
import { observeCandidateRequest } from '@/lib/server/origin/record-origin';
import { clientIp } from '@/lib/server/security/client-ip';

const knownIp = (ip: string) => (ip === 'unknown' ? null : ip);

/** Candidate route: authorised by the signed invite token, not by a session. */
export const POST = handle(async (req) => {
  const input = await readJson(req, ZConsentInput, 2048);
  const invite = await requireInvite(input.token);
  await observeCandidateRequest(req, input.token, 'consent');
  const record = await recordConsent(invite, input.noticeVersion, {
    ip: knownIp(clientIp(req)),
    userAgent: req.headers.get('user-agent'),
  });
  return NextResponse.json(
    { consent: { id: record.id, consentedAt: record.consentedAt } },
    { status: 201 },
  );
});
