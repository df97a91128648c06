'use client';
import { RoomEvent, type Room, type Track } from 'livekit-client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { createEngineWindowSender } from '@/lib/client/engine-window-sender';
import { createFlaggedFrameSender } from '@/lib/client/flagged-frame-sender';
import { LIVE_ENGINE, LiveAnalysis, type TLiveSnapshot } from '@/lib/client/live-analysis';
import { getEngine } from '@/lib/ml/engine-client';
import { RoomApiError } from '@/lib/client/room-api';
import { ZLiveSession } from '@/lib/schemas/live-analysis';

/** Thin React bindings over lib/client/live-analysis.ts for the interviewer's room. */

const SESSION_POLL_MS = 2000;

async function fetchLiveSession(interviewId: string): Promise<string | null> {
  const res = await fetch(`/api/interviews/${encodeURIComponent(interviewId)}/live-session`, {
    cache: 'no-store',
  });
  if (res.status === 409) return null;
  if (!res.ok) throw new RoomApiError(res.status, 'http', `live-session ${res.status}`);
  return ZLiveSession.parse(await res.json()).sessionId;
}

/**
 * The interview's OPEN session id: asked for until LiveKit's webhook has opened it, then kept until
 * the server says it closed (`closed(id)`, from a 409 session_closed), when the next one is asked for.
 */
export function useLiveSessionId(
  interviewId: string,
  connected: boolean,
): [string | null, (closedId: string) => void] {
  const [id, setId] = useState<string | null>(null);
  const closed = useCallback((closedId: string) => {
    setId((cur) => (cur === closedId ? null : cur));
  }, []);
  useEffect(() => {
    if (!connected || id) return;
    let stop = false;
    const ask = async () => {
      const found = await fetchLiveSession(interviewId).catch(() => null);
      if (stop) return;
      if (found) setId(found);
      else timer = setTimeout(() => void ask(), SESSION_POLL_MS);
    };
    let timer = setTimeout(() => void ask(), 0);
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [interviewId, connected, id]);
  return [id, closed];
}

/** The MediaStreamTrack of the first remote participant's `source` whose identity starts with `prefix`. */
export function useRemoteMediaTrack(
  room: Room | null,
  prefix: string,
  source: Track.Source,
): MediaStreamTrack | null {
  const [track, setTrack] = useState<MediaStreamTrack | null>(null);
  useEffect(() => {
    if (!room) return;
    const update = () => {
      const p = [...room.remoteParticipants.values()].find((x) => x.identity.startsWith(prefix));
      setTrack(p?.getTrackPublication(source)?.track?.mediaStreamTrack ?? null);
    };
    const events = [
      RoomEvent.TrackSubscribed,
      RoomEvent.TrackUnsubscribed,
      RoomEvent.ParticipantDisconnected,
      RoomEvent.Disconnected,
    ] as const;
    for (const e of events) room.on(e, update);
    update();
    return () => {
      for (const e of events) room.off(e, update);
    };
  }, [room, prefix, source]);
  return track;
}

const IDLE: TLiveSnapshot = {
  phase: 'loading',
  verdict: null,
  scores: [],
  fps: 0,
  windows: 0,
  message: null,
};

/**
 * Runs the engine on the candidate's <video> while it shows a track; windows go to the server as
 * TRUSTED batches once the session id is known (they wait in the queue until then).
 */
export function useLiveAnalysis(
  video: HTMLVideoElement | null,
  audio: MediaStreamTrack | null,
  sessionId: string | null,
  onSessionClosed?: (closedId: string) => void,
) {
  const [snapshot, setSnapshot] = useState<TLiveSnapshot>(IDLE);
  const [analysis, setAnalysis] = useState<LiveAnalysis | null>(null);
  const session = useRef(sessionId);
  session.current = sessionId;
  const closedRef = useRef(onSessionClosed);
  closedRef.current = onSessionClosed;
  const sender = useRef<ReturnType<typeof createEngineWindowSender> | null>(null);
  const flagged = useRef<ReturnType<typeof createFlaggedFrameSender> | null>(null);

  // Warm the engine (wasm, models) as soon as the room opens: the candidate usually joins later.
  useEffect(
    () =>
      void getEngine(LIVE_ENGINE)
        .init()
        .catch((e: unknown) => console.warn('[analysis] engine start failed', e)),
    [],
  );

  // Declared before the sender: on unmount React cleans up in order, so the final window is flushed into a live sender.
  useEffect(() => {
    if (!video) return;
    const a = new LiveAnalysis(video, {
      onWindow: (w, at) => sender.current?.push(w, at),
      onSnapshot: setSnapshot,
      onFlagged: (m, at, frame) => flagged.current?.push(m, at, frame),
    });
    setAnalysis(a);
    return () => {
      a.stop();
      setAnalysis(null);
    };
  }, [video]);

  useEffect(() => {
    if (typeof window === 'undefined') return;
    const s = createEngineWindowSender(
      () => session.current,
      undefined,
      (closedId) => closedRef.current?.(closedId),
    );
    sender.current = s;
    const f = createFlaggedFrameSender(() => session.current);
    flagged.current = f;
    return () => {
      sender.current = null;
      flagged.current = null;
      void s.close();
      f.stop();
    };
  }, []);

  useEffect(() => analysis?.setAudioTrack(audio), [analysis, audio]);
  return { snapshot, analysis };
}
