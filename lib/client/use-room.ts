'use client';
import {
  RoomEvent,
  Track,
  type LocalTrack,
  type RemoteTrack,
  type Room,
  type RoomOptions,
} from 'livekit-client';
import { useEffect, useRef, useState } from 'react';
import type { TRoomConnection } from '@/lib/schemas/rooms';
import {
  createRoomConnection,
  type TRoomConnectionHandle,
  type TRoomState,
} from './room-connection';

/** Thin React bindings over room-connection.ts: state in, nothing clever. */

export interface TUseRoomOptions {
  enabled: boolean;
  fetchConnection: () => Promise<TRoomConnection>;
  tracks: () => LocalTrack[];
  onReconnecting?: () => void;
  roomOptions?: RoomOptions;
}

export function useRoomConnection(o: TUseRoomOptions): {
  state: TRoomState;
  room: Room | null;
  leave: () => Promise<void>;
} {
  const [state, setState] = useState<TRoomState>({ status: 'idle', message: null });
  const [room, setRoom] = useState<Room | null>(null);
  const handle = useRef<TRoomConnectionHandle | null>(null);
  const latest = useRef(o);
  latest.current = o;

  useEffect(() => {
    if (!o.enabled) return;
    const h = createRoomConnection({
      fetchConnection: () => latest.current.fetchConnection(),
      tracks: () => latest.current.tracks(),
      onReconnecting: () => latest.current.onReconnecting?.(),
      onState: setState,
      roomOptions: latest.current.roomOptions,
    });
    handle.current = h;
    setRoom(h.room);
    void h.start();
    return () => {
      void h.dispose();
      handle.current = null;
    };
  }, [o.enabled]);

  return { state, room, leave: async () => handle.current?.leave() };
}

/** The camera track of the first remote participant whose identity starts with `prefix`. */
export function useRemoteCamera(
  room: Room | null,
  prefix: string,
): { track: RemoteTrack | undefined; identity: string | null } {
  const [found, setFound] = useState<{ track: RemoteTrack | undefined; identity: string | null }>({
    track: undefined,
    identity: null,
  });
  useEffect(() => {
    if (!room) return;
    const update = () => {
      for (const p of room.remoteParticipants.values()) {
        if (!p.identity.startsWith(prefix)) continue;
        const track = p.getTrackPublication(Track.Source.Camera)?.track;
        return setFound({ track, identity: p.identity });
      }
      setFound({ track: undefined, identity: null });
    };
    const events = [
      RoomEvent.TrackSubscribed,
      RoomEvent.TrackUnsubscribed,
      RoomEvent.ParticipantConnected,
      RoomEvent.ParticipantDisconnected,
      RoomEvent.Disconnected,
      RoomEvent.Connected,
    ] as const;
    for (const e of events) room.on(e, update);
    update();
    return () => {
      for (const e of events) room.off(e, update);
    };
  }, [room, prefix]);
  return found;
}

/** Plays every subscribed remote audio track through hidden <audio> elements. */
export function useRemoteAudio(room: Room | null): { blocked: boolean; unblock: () => void } {
  const [blocked, setBlocked] = useState(false);
  useEffect(() => {
    if (!room) return;
    const onSub = (track: RemoteTrack) => {
      if (track.kind !== Track.Kind.Audio) return;
      const el = track.attach();
      el.hidden = true;
      document.body.appendChild(el);
    };
    const onUnsub = (track: RemoteTrack) => {
      if (track.kind === Track.Kind.Audio) track.detach().forEach((el) => el.remove());
    };
    const onPlayback = () => setBlocked(!room.canPlaybackAudio);
    room
      .on(RoomEvent.TrackSubscribed, onSub)
      .on(RoomEvent.TrackUnsubscribed, onUnsub)
      .on(RoomEvent.AudioPlaybackStatusChanged, onPlayback);
    return () => {
      room
        .off(RoomEvent.TrackSubscribed, onSub)
        .off(RoomEvent.TrackUnsubscribed, onUnsub)
        .off(RoomEvent.AudioPlaybackStatusChanged, onPlayback);
    };
  }, [room]);
  return { blocked, unblock: () => void room?.startAudio() };
}
