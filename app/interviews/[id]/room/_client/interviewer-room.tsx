'use client';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import '@/components/room.css';
import { ConnectionBanner } from '@/components/connection-banner';
import { Alert } from '@/components/ui';
import { VideoTile } from '@/components/video-tile';
import { fetchInterviewerConnection, postRoomApi } from '@/lib/client/room-api';
import { useRemoteAudio, useRemoteCamera, useRoomConnection } from '@/lib/client/use-room';
import { Track } from 'livekit-client';
import { z } from 'zod';
import { ChallengePanel } from './challenge-panel';
import { useInterviewerTracks, useNetworkStats } from './hooks';
import { LivePanel } from './live-panel';
import { NetworkFacts } from './network-facts';
import { useChallenges } from './use-challenges';
import { useLiveAnalysis, useLiveSessionId, useRemoteMediaTrack } from './use-live-analysis';

/** The interviewer's live room: candidate large, self small, the authenticity panel beside. */
export function InterviewerRoom({
  interviewId,
  title,
  candidateName,
}: {
  interviewId: string;
  title: string;
  candidateName: string;
}) {
  const router = useRouter();
  const own = useInterviewerTracks();
  const [ending, setEnding] = useState(false);
  const [endError, setEndError] = useState<string | null>(null);
  const { state, room, leave } = useRoomConnection({
    enabled: own.ready,
    fetchConnection: () => fetchInterviewerConnection(interviewId),
    tracks: () => own.tracks,
    // While LiveKit reconnects, make sure the room exists again (after a media-server restart it does
    // not), so the SDK's own rejoin — and the candidate's — can succeed.
    onReconnecting: () => void fetchInterviewerConnection(interviewId).catch(() => undefined),
    roomOptions: { adaptiveStream: false, dynacast: false },
  });
  const candidate = useRemoteCamera(room, 'cand:');
  const audio = useRemoteAudio(room);
  const latest = useNetworkStats(room, interviewId, state.status === 'connected');
  const over = state.status === 'left' || state.status === 'ended' || state.status === 'failed';
  // Trusted-side analysis of the RECEIVED candidate video and audio (never the candidate's own numbers).
  const [candidateVideo, setCandidateVideo] = useState<HTMLVideoElement | null>(null);
  const candidateMic = useRemoteMediaTrack(room, 'cand:', Track.Source.Microphone);
  const [sessionId, sessionClosed] = useLiveSessionId(interviewId, state.status === 'connected');
  const live = useLiveAnalysis(
    over ? null : candidateVideo,
    candidateMic,
    sessionId,
    sessionClosed,
  );
  const challenges = useChallenges(room, sessionId, live.analysis);

  useEffect(() => {
    if (state.status === 'ended') router.refresh();
  }, [state.status, router]);

  async function endInterview() {
    if (!window.confirm('End the interview for everyone?')) return;
    setEnding(true);
    setEndError(null);
    try {
      await postRoomApi(`/api/interviews/${interviewId}/room-end`, {}, z.unknown());
    } catch (err) {
      setEndError(err instanceof Error ? err.message : 'Could not end the interview');
    } finally {
      setEnding(false);
    }
  }

  return (
    <main className="room-page">
      <h1>{title}</h1>
      <ConnectionBanner status={state.status} message={state.message} />
      {own.error && <Alert kind="info">{own.error}</Alert>}
      {endError && <Alert>{endError}</Alert>}
      <div className="room-layout">
        <section>
          <div className="room-stage">
            <VideoTile
              track={candidate.track}
              label={candidateName}
              placeholder={over ? 'The call has ended.' : 'Waiting for the candidate to join…'}
              size="large"
              testId="candidate-video"
              onAttached={setCandidateVideo}
            />
            <VideoTile
              track={over ? undefined : own.tracks.find((t) => t.kind === 'video')}
              label="You"
              placeholder="Your camera is off"
              mirrored
              size="small"
              testId="own-video"
            />
          </div>
          <div className="room-controls">
            {audio.blocked && (
              <button type="button" className="secondary" onClick={audio.unblock}>
                Turn on sound
              </button>
            )}
            {!over && (
              <>
                <button type="button" className="secondary" onClick={() => void leave()}>
                  Leave
                </button>
                <button
                  type="button"
                  className="danger"
                  disabled={ending}
                  onClick={() => void endInterview()}
                >
                  {ending ? 'Ending…' : 'End interview'}
                </button>
              </>
            )}
            <a className="button secondary" href={`/interviews/${interviewId}`}>
              Back to interview
            </a>
          </div>
        </section>
        <aside
          data-testid="authenticity-panel"
          className="authenticity-panel"
          aria-label="Live authenticity signals"
        >
          <h2>Authenticity</h2>
          <LivePanel snapshot={live.snapshot} />
          <ChallengePanel
            controls={challenges}
            ready={!over && sessionId !== null && live.snapshot.phase === 'live'}
          />
          <NetworkFacts latest={latest} />
        </aside>
      </div>
    </main>
  );
}
