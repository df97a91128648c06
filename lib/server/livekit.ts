import 'server-only';
import { AccessToken, RoomServiceClient, TrackSource, type VideoGrant } from 'livekit-server-sdk';
import type { TParticipantMetadata, TRoomConnection } from '@/lib/schemas/rooms';
import { serverEnv } from './env';
import { HttpError } from './http';

/** Room tokens live 10 minutes: the client SDK refreshes them while connected, so a leaked one soon dies. */
/**
 * A candidate's LiveKit identity is fixed per invite: a second join with the same invite replaces
 * the first connection (LiveKit's duplicate-identity rule), so one invite is one person in the room.
 */
export const candidateIdentity = (inviteId: string) => `cand:${inviteId}`;

export const ROOM_TOKEN_TTL_S = 10 * 60;

export interface TLivekitConfig {
  url: string;
  apiKey: string;
  apiSecret: string;
}

/** The LiveKit server Candor talks to; a 503 (not a 500) when it is not configured. */
export function livekitConfig(): TLivekitConfig {
  const env = serverEnv();
  if (!env.LIVEKIT_URL || !env.LIVEKIT_API_KEY || !env.LIVEKIT_API_SECRET) {
    throw new HttpError(
      503,
      'livekit_unconfigured',
      'Live rooms are not available: LiveKit is not configured',
    );
  }
  return { url: env.LIVEKIT_URL, apiKey: env.LIVEKIT_API_KEY, apiSecret: env.LIVEKIT_API_SECRET };
}

/** RoomService speaks HTTP(S) on the same host and port as the ws(s) signalling URL. */
export function roomService(): RoomServiceClient {
  const c = livekitConfig();
  return new RoomServiceClient(c.url.replace(/^ws(s?):\/\//, 'http$1://'), c.apiKey, c.apiSecret);
}

/**
 * The candidate may publish exactly a camera and a microphone (no screen share) and subscribe.
 * canPublishData stays false: nothing the candidate sends over data is needed yet; the liveness
 * challenge feature will decide whether replies travel over data or over the API.
 */
export function candidateGrant(roomName: string): VideoGrant {
  return {
    room: roomName,
    roomJoin: true,
    canPublish: true,
    canPublishSources: [TrackSource.CAMERA, TrackSource.MICROPHONE],
    canSubscribe: true,
    canPublishData: false,
    canUpdateOwnMetadata: false,
  };
}

/** The interviewer publishes, subscribes and sends data (challenge prompts). No admin, no create. */
export function interviewerGrant(roomName: string): VideoGrant {
  return {
    room: roomName,
    roomJoin: true,
    canPublish: true,
    canSubscribe: true,
    canPublishData: true,
    canUpdateOwnMetadata: false,
  };
}

interface MintInput {
  roomName: string;
  identity: string;
  name: string;
  grant: VideoGrant;
  metadata: TParticipantMetadata;
}

export async function mintRoomToken(m: MintInput): Promise<TRoomConnection> {
  const c = livekitConfig();
  const at = new AccessToken(c.apiKey, c.apiSecret, {
    identity: m.identity,
    name: m.name,
    ttl: ROOM_TOKEN_TTL_S,
    metadata: JSON.stringify(m.metadata),
  });
  at.addGrant(m.grant);
  return {
    url: c.url,
    token: await at.toJwt(),
    roomName: m.roomName,
    identity: m.identity,
    expiresAt: new Date(Date.now() + ROOM_TOKEN_TTL_S * 1000).toISOString(),
  };
}

/**
 * Creates the LiveKit room if it does not exist (CreateRoom is idempotent). The server runs with
 * room auto-creation off, so only this server-side call — made for an interviewer — opens a room:
 * a candidate's token cannot bring an ended room back.
 */
export async function ensureLivekitRoom(roomName: string): Promise<void> {
  try {
    await roomService().createRoom({
      name: roomName,
      emptyTimeout: 5 * 60,
      departureTimeout: 30,
      maxParticipants: 4,
    });
  } catch (err) {
    console.error('[livekit] createRoom failed', err);
    throw new HttpError(
      503,
      'livekit_unavailable',
      'The video server is not reachable. Try again in a moment.',
    );
  }
}

/** Ends the room for everyone; LiveKit then sends room_finished, which closes the Session. */
export async function deleteLivekitRoom(roomName: string): Promise<void> {
  try {
    await roomService().deleteRoom(roomName);
  } catch (err) {
    // A room that is already gone is the state we wanted.
    if (err instanceof Error && /not.?found/i.test(err.message)) return;
    console.error('[livekit] deleteRoom failed', err);
    throw new HttpError(
      503,
      'livekit_unavailable',
      'The video server is not reachable. Try again in a moment.',
    );
  }
}

/**
 * Disconnects one participant (a revoked candidate). Returns false when they are not in the room
 * (or the room is gone): nothing to do. Other failures are 503, so the caller can retry.
 */
export async function removeLivekitParticipant(
  roomName: string,
  identity: string,
): Promise<boolean> {
  try {
    await roomService().removeParticipant(roomName, identity);
    return true;
  } catch (err) {
    if (err instanceof Error && /not.?found|does not exist/i.test(err.message)) return false;
    console.error('[livekit] removeParticipant failed', err);
    throw new HttpError(
      503,
      'livekit_unavailable',
      'The invite is withdrawn, but the video server did not answer to remove the candidate: try again.',
    );
  }
}
