'use client';
import { useEffect, useMemo, useRef } from 'react';
import { ConnectionBanner } from '@/components/connection-banner';
import { VideoTile } from '@/components/video-tile';
import { collectDeviceFacts } from '@/lib/client/device-facts';
import { sendDeviceReport } from '@/lib/client/device-report';
import type { TDeviceList, TPreviewTracks } from '@/lib/client/media-devices';
import { fetchCandidateConnection } from '@/lib/client/room-api';
import { useRemoteAudio, useRemoteCamera, useRoomConnection } from '@/lib/client/use-room';

/** The candidate in the live room: the interviewer large, themselves small, and a way out. */
export function CandidateRoom({ token, title, tracks, devices }: { token: string; title: string; tracks: TPreviewTracks; devices: TDeviceList }) {
  const trackList = useMemo(() => [tracks.video, tracks.audio], [tracks]);
  const { state, room, leave } = useRoomConnection({
    enabled: true,
    fetchConnection: () => fetchCandidateConnection(token),
    tracks: () => trackList,
    // One full-resolution layer: the interviewer's analysis needs the camera's own frames, and there
    // is only one subscriber, so simulcast's smaller layers would only be a way to receive less.
    roomOptions: { publishDefaults: { simulcast: false } },
  });
  const interviewer = useRemoteCamera(room, 'int:');
  const audio = useRemoteAudio(room);
  const connected = state.status === 'connected';

  // Device facts once per page, after the first successful join (the session exists by then).
  const reported = useRef(false);
  const unmounted = useRef(false);
  useEffect(() => {
    unmounted.current = false;
    return () => {
      unmounted.current = true;
    };
  }, []);
  useEffect(() => {
    if (!connected || reported.current) return;
    reported.current = true;
    const facts = collectDeviceFacts(tracks.video.mediaStreamTrack, tracks.audio.mediaStreamTrack, devices);
    void sendDeviceReport(token, facts, () => unmounted.current);
  }, [connected, token, tracks, devices]);

  const over = state.status === 'left' || state.status === 'ended' || state.status === 'failed';
  return (
    <main className="room-page">
      <h1>{title}</h1>
      <ConnectionBanner status={state.status} message={state.message} />
      <div className="room-stage">
        <VideoTile track={interviewer.track} label="Interviewer" placeholder={connected ? 'Waiting for the interviewer’s video…' : '—'} testId="interviewer-video" />
        <VideoTile track={over ? undefined : tracks.video} label="You" placeholder="Camera off" mirrored size="small" testId="own-video" />
      </div>
      <div className="room-controls">
        {audio.blocked && (
          <button type="button" className="secondary" onClick={audio.unblock}>
            Turn on sound
          </button>
        )}
        {!over && (
          <button type="button" className="danger" onClick={() => void leave()}>
            Leave
          </button>
        )}
      </div>
    </main>
  );
}
