import 'server-only';
import { warmReportCache } from './reports/load';
import { WebhookReceiver, type WebhookEvent } from 'livekit-server-sdk';
import { db } from './db';
import { HttpError } from './http';
import { livekitConfig } from './livekit';
import { refreshOriginAlertsQuietly } from './origin/origin-alerts';
import { recordRoomEvent, type TRoomEvent } from './room-sessions';

/** LiveKit signs each delivery for 5 minutes; older events are refused even when correctly signed. */
export const MAX_EVENT_AGE_MS = 5 * 60_000;
const MAX_CLOCK_SKEW_MS = 60_000;
export const MAX_WEBHOOK_BODY = 64 * 1024;

const HANDLED = new Set([
  'room_started',
  'room_finished',
  'participant_joined',
  'participant_left',
  'participant_connection_aborted',
  'track_published',
  'track_unpublished',
]);

const refused = (code: string, message: string, status = 401) =>
  new HttpError(status, code, message);

/** Checks the JWT signature, its expiry and the sha256 of the exact body bytes; then parses. */
async function verifyEvent(body: string, authHeader: string | null): Promise<WebhookEvent> {
  if (!authHeader) throw refused('unsigned_webhook', 'Missing Authorization header');
  const c = livekitConfig();
  try {
    return await new WebhookReceiver(c.apiKey, c.apiSecret).receive(body, authHeader);
  } catch {
    throw refused('bad_webhook_signature', 'Webhook signature or body hash does not match');
  }
}

/** Every event, handled or not, must carry an id and be fresh: a signed but old delivery is a replay. */
function checkFresh(ev: WebhookEvent): Date {
  if (!ev.id || !/^[A-Za-z0-9_-]{1,64}$/.test(ev.id))
    throw refused('bad_event', 'Event without a usable id', 400);
  const createdAt = new Date(Number(ev.createdAt) * 1000);
  const age = Date.now() - createdAt.getTime();
  if (!Number.isFinite(age) || age > MAX_EVENT_AGE_MS || age < -MAX_CLOCK_SKEW_MS) {
    throw refused('stale_event', 'Event is too old or from the future', 400);
  }
  return createdAt;
}

function toRoomEvent(ev: WebhookEvent, createdAt: Date): TRoomEvent {
  const roomName = ev.room?.name ?? '';
  if (!roomName) throw refused('bad_event', 'Event without a room', 400);
  return {
    id: ev.id,
    kind: ev.event,
    roomName: roomName.slice(0, 128),
    roomSid: ev.room?.sid ? ev.room.sid.slice(0, 64) : null,
    participantIdentity: ev.participant?.identity ? ev.participant.identity.slice(0, 128) : null,
    trackSid: ev.track?.sid ? ev.track.sid.slice(0, 64) : null,
    trackSource: ev.track ? String(ev.track.source).slice(0, 32) : null,
    createdAt,
  };
}

export type TWebhookOutcome = {
  status: 'processed' | 'ignored';
  kind: string;
  sessionId: string | null;
};

/**
 * Verifies and applies one LiveKit webhook delivery. Each event id is processed at most once: the
 * LivekitEvent row is written in the same transaction as its effects, so a replay (or LiveKit
 * re-delivering after a lost response) is refused with 409 and changes nothing.
 */
export async function receiveLivekitWebhook(
  body: string,
  authHeader: string | null,
): Promise<TWebhookOutcome> {
  const ev = await verifyEvent(body, authHeader);
  const createdAt = checkFresh(ev);
  if (!HANDLED.has(ev.event))
    return { status: 'ignored', kind: ev.event.slice(0, 64), sessionId: null };
  const roomEvent = toRoomEvent(ev, createdAt);
  const sessionId = await db.$transaction((tx) => recordRoomEvent(tx, roomEvent));
  if (sessionId && roomEvent.kind === 'room_finished') {
    await refreshOriginAlertsQuietly(sessionId);
    // The report is usually opened right after the interview: have its summaries ready.
    await warmReportCache(sessionId).catch((err: unknown) =>
      console.error('[report] cache warm-up after close failed', err),
    );
  }
  return { status: 'processed', kind: roomEvent.kind, sessionId };
}
