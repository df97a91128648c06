import { NextResponse } from 'next/server';
import { handle, readTextCapped } from '@/lib/server/http';
import { MAX_WEBHOOK_BODY, receiveLivekitWebhook } from '@/lib/server/livekit-webhook';

/**
 * LiveKit webhooks. The body is read as raw text (capped while streaming, chunked included): the
 * signature covers the sha256 of these exact bytes, so it must be checked before (and without)
 * re-serialising anything. Server-to-server and signed, so exempt from the same-origin check.
 */
export const POST = handle(
  async (req) => {
    const text = await readTextCapped(req, MAX_WEBHOOK_BODY);
    const outcome = await receiveLivekitWebhook(text, req.headers.get('authorization'));
    return NextResponse.json(outcome);
  },
  { crossOrigin: 'signed' },
);
