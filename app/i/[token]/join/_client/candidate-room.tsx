'use client';
import { useCallback, useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { ConnectionBanner } from '@/components/connection-banner';
import { VideoTile } from '@/components/video-tile';
import { collectDeviceFacts } from '@/lib/client/device-facts';
import { sendDeviceReport } from '@/lib/client/device-report';
import type { TDeviceList, TPreviewTracks } from '@/lib/client/media-devices';
import { fetchCandidateConnection } from '@/lib/client/room-api';
import { useRemoteAudio, useRemoteCamera, useRoomConnection } from '@/lib/client/use-room';
import { listenForChallenges, type TChallengeKeys } from '@/lib/client/challenge-listener';
import type { TChallengePromptBody } from '@/lib/schemas/challenges';
import type { Room } from 'livekit-client';
import { ChallengeOverlay } from './challenge-overlay';

const OVER_TITLE: Record<string, string> = {
  ended: 'The interview has ended. Thank you.',
  left: 'You left the interview.',
  failed: 'The connection was lost.',
};

/** Verified challenge prompts from the interviewer, one shown at a time (a newer one replaces it). */
function useChallengePrompt(
  room: Room | null,
  token: string,
  keys: RefObject<TChallengeKeys | null>,
) {
  const [current, setCurrent] = useState<{ prompt: TChallengePromptBody; shownAt: number } | null>(
    null,
  );
  useEffect(() => {
    if (!room) return;
    return listenForChallenges(room, {
      keys: () => keys.current,
      refreshKeys: async () => {
        keys.current =
          (await fetchCandidateConnection(token).catch(() => null))?.challenge ?? keys.current;
        return keys.current;
      },
      onPrompt: (prompt) => setCurrent({ prompt, shownAt: performance.now() }),
    });
  }, [room, token, keys]);
  const done = useCallback(() => setCurrent(null), []);
  return { current, done };
}

/** The candidate in the live room: the interviewer large, themselves small, and a way out. */
export function CandidateRoom({
  token,
  title,
  tracks,
  devices,
}: {
  token: string;
  title: string;
  tracks: TPreviewTracks;
  devices: TDeviceList;
}) {
  const trackList = useMemo(() => [tracks.video, tracks.audio], [tracks]);
  const challengeKeys = useRef<TChallengeKeys | null>(null);
  const { state, room, leave } = useRoomConnection({
    enabled: true,
    fetchConnection: async () => {
      const c = await fetchCandidateConnection(token);
      challengeKeys.current = c.challenge ?? challengeKeys.current;
      return c;
    },
    tracks: () => trackList,
    // One full-resolution layer: the interviewer's analysis needs the camera's own frames, and there
    // is only one subscriber, so simulcast's smaller layers would only be a way to receive less.
    roomOptions: { publishDefaults: { simulcast: false } },
  });
  const interviewer = useRemoteCamera(room, 'int:');
  const challenge = useChallengePrompt(room, token, challengeKeys);
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
    const facts = collectDeviceFacts(
      tracks.video.mediaStreamTrack,
      tracks.audio.mediaStreamTrack,
      devices,
    );
    void sendDeviceReport(token, facts, () => unmounted.current);
  }, [connected, token, tracks, devices]);

  const over = state.status === 'left' || state.status === 'ended' || state.status === 'failed';
  return (
    <main className="room-page">
      <h1>{title}</h1>
      <ConnectionBanner status={state.status} message={state.message} />
      {over ? (
        <section className="room-over" data-testid="candidate-over" aria-live="polite">
          <h2>{OVER_TITLE[state.status] ?? 'The interview is over'}</h2>
          <p>
            {state.status === 'failed'
              ? `The connection could not be kept up${state.message ? `: ${state.message}` : ''}. Reopen your invitation link to try again.`
              : 'Your camera and microphone are off. You can close this tab; the hiring team will be in touch.'}
          </p>
        </section>
      ) : (
        <div className="room-stage">
          <VideoTile
            track={interviewer.track}
            label="Interviewer"
            placeholder={connected ? 'Waiting for the interviewer’s video…' : '—'}
            testId="interviewer-video"
          />
          <VideoTile
            track={over ? undefined : tracks.video}
            label="You"
            placeholder="Camera off"
            mirrored
            size="small"
            testId="own-video"
          />
        </div>
      )}
      {challenge.current && !over && (
        <ChallengeOverlay
          key={challenge.current.prompt.id}
          prompt={challenge.current.prompt}
          shownAt={challenge.current.shownAt}
          onDone={challenge.done}
        />
      )}
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
