import { NextResponse } from 'next/server';
import { HttpError, handle } from '@/lib/server/http';
import { MAX_WEBHOOK_BODY, receiveLivekitWebhook } from '@/lib/server/livekit-webhook';

/**
 * LiveKit webhooks. The body is read as raw text: the signature covers the sha256 of these exact
 * bytes, so it must be checked before (and without) re-serialising anything.
 */
const tooLarge = () => new HttpError(413, 'payload_too_large', 'Webhook body too large');

export const POST = handle(async (req) => {
  if (Number(req.headers.get('content-length') ?? '0') > MAX_WEBHOOK_BODY) throw tooLarge();
  const text = await req.text();
  if (text.length > MAX_WEBHOOK_BODY) throw tooLarge();
  const outcome = await receiveLivekitWebhook(text, req.headers.get('authorization'));
  return NextResponse.json(outcome);
});
