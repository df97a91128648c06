'use client';
import { createLocalTracks, type LocalTrack, type Room } from 'livekit-client';
import { useEffect, useState } from 'react';
import { describeMediaError } from '@/lib/client/media-devices';
import { startNetworkStatsRecorder } from '@/lib/client/network-stats';
import type { TNetworkStatsWindow } from '@/lib/schemas/rooms';

/** The interviewer's camera and microphone; without them the interviewer still joins, watching only. */
export function useInterviewerTracks(): {
  tracks: LocalTrack[];
  ready: boolean;
  error: string | null;
} {
  const [state, setState] = useState<{
    tracks: LocalTrack[];
    ready: boolean;
    error: string | null;
  }>({ tracks: [], ready: false, error: null });
  useEffect(() => {
    let cancelled = false;
    let opened: LocalTrack[] = [];
    createLocalTracks({
      video: { resolution: { width: 640, height: 480, frameRate: 24 } },
      audio: true,
    })
      .then((tracks) => {
        opened = tracks;
        if (cancelled) tracks.forEach((t) => t.stop());
        else setState({ tracks, ready: true, error: null });
      })
      .catch((err: unknown) => {
        if (!cancelled)
          setState({
            tracks: [],
            ready: true,
            error: `${describeMediaError(err).message} You can still watch the candidate.`,
          });
      });
    return () => {
      cancelled = true;
      opened.forEach((t) => t.stop());
    };
  }, []);
  return state;
}

/** Records the received candidate video's WebRTC stats while connected; returns the latest window. */
export function useNetworkStats(
  room: Room | null,
  interviewId: string,
  connected: boolean,
): TNetworkStatsWindow | null {
  const [latest, setLatest] = useState<TNetworkStatsWindow | null>(null);
  useEffect(() => {
    if (!room || !connected) return;
    const recorder = startNetworkStatsRecorder(room, interviewId, setLatest);
    return () => recorder.stop();
  }, [room, interviewId, connected]);
  return latest;
}
