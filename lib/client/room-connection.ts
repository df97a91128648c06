import {
  DisconnectReason,
  Room,
  RoomEvent,
  type LocalTrack,
  type RoomOptions,
} from 'livekit-client';
import type { TRoomConnection } from '@/lib/schemas/rooms';
import { RoomApiError } from './room-api';

/**
 * One participant's life in a LiveKit room, framework-free: joins (waiting while the room is not
 * open), republishes its tracks, reports LiveKit's own reconnects, and rejoins with a fresh token
 * after an unexpected disconnect (e.g. the media server restarted). One Room object is reused, so
 * there is only ever one connection per page.
 */

export type TRoomStatus =
  | 'idle'
  | 'connecting'
  | 'waiting'
  | 'connected'
  | 'reconnecting'
  | 'rejoining'
  | 'left'
  | 'ended'
  | 'failed';

export interface TRoomState {
  status: TRoomStatus;
  message: string | null;
}

export interface TRoomConnectionOptions {
  fetchConnection: () => Promise<TRoomConnection>;
  tracks: () => LocalTrack[];
  onState: (s: TRoomState) => void;
  /** Called while LiveKit is reconnecting (the interviewer re-ensures the room exists). */
  onReconnecting?: () => void;
  roomOptions?: RoomOptions;
}

export interface TRoomConnectionHandle {
  room: Room;
  start(): Promise<void>;
  /** The user leaves: disconnect and release the camera. */
  leave(): Promise<void>;
  /** The component goes away: disconnect only; the tracks' owner decides about the camera. */
  dispose(): Promise<void>;
}

const WAIT_MS = 3000;
const MAX_REJOIN_ATTEMPTS = 20;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const ENDED: Partial<Record<DisconnectReason, string>> = {
  [DisconnectReason.ROOM_DELETED]: 'The interview has ended.',
  [DisconnectReason.PARTICIPANT_REMOVED]: 'You were removed from the interview.',
  [DisconnectReason.DUPLICATE_IDENTITY]:
    'You joined this interview from another tab or device; this one was disconnected.',
};

export function createRoomConnection(o: TRoomConnectionOptions): TRoomConnectionHandle {
  // Local tracks outlive a disconnect so a rejoin republishes the same camera without a new prompt.
  const room = new Room({ stopLocalTrackOnUnpublish: false, ...o.roomOptions });
  let leaving = false;
  let joining = false;
  let nudger: ReturnType<typeof setInterval> | undefined;
  const set = (status: TRoomStatus, message: string | null = null) => {
    const recovering = status === 'reconnecting' || status === 'rejoining';
    // While recovering, keep nudging (the media server may still be down on the first try).
    if (recovering && !nudger && o.onReconnecting)
      nudger = setInterval(() => o.onReconnecting?.(), 3000);
    if (!recovering && nudger) nudger = void clearInterval(nudger);
    o.onState({ status, message });
  };

  async function joinOnce(): Promise<void> {
    const c = await o.fetchConnection();
    await room.connect(c.url, c.token);
    for (const t of o.tracks()) await room.localParticipant.publishTrack(t);
  }

  /** Keeps trying while the failure is transient; gives up on refusals (revoked, ended, forbidden). */
  async function join(first: boolean): Promise<void> {
    if (joining) return;
    joining = true;
    try {
      for (let attempt = 0; !leaving; attempt++) {
        set(
          first && attempt === 0 ? 'connecting' : 'rejoining',
          first ? null : 'Connection lost — rejoining…',
        );
        try {
          await joinOnce();
          set('connected');
          return;
        } catch (err) {
          if (room.state !== 'disconnected') await room.disconnect(false);
          if (err instanceof RoomApiError && !err.transient)
            return set(err.code === 'completed' ? 'ended' : 'failed', err.message);
          if (err instanceof RoomApiError && err.code === 'room_not_open')
            set('waiting', err.message);
          else if (attempt >= MAX_REJOIN_ATTEMPTS)
            return set(
              'failed',
              'Could not connect to the interview. Reload the page to try again.',
            );
          await sleep(Math.min(WAIT_MS * (1 + attempt / 4), 10_000));
        }
      }
    } finally {
      joining = false;
    }
  }

  room
    .on(RoomEvent.SignalReconnecting, () =>
      set('reconnecting', 'Connection unstable — reconnecting…'),
    )
    .on(RoomEvent.Reconnecting, () => {
      set('reconnecting', 'Connection lost — reconnecting…');
      o.onReconnecting?.();
    })
    .on(RoomEvent.Reconnected, () => set('connected'))
    .on(RoomEvent.Disconnected, (reason?: DisconnectReason) => {
      if (leaving || joining) return;
      const ended = reason === undefined ? undefined : ENDED[reason];
      if (ended) return set('ended', ended);
      void join(false);
    });

  async function dispose(): Promise<void> {
    leaving = true;
    if (nudger) nudger = void clearInterval(nudger);
    await room.disconnect(false);
  }

  return {
    room,
    start: () => join(true),
    dispose,
    async leave() {
      await dispose();
      for (const t of o.tracks()) t.stop();
      set('left', 'You left the interview.');
    },
  };
}
