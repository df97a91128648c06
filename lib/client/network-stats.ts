import { Track, type RemoteVideoTrack, type Room } from 'livekit-client';
import { ZStoredBatch, type TNetworkStatsWindow } from '@/lib/schemas/rooms';
import { createBatchQueue } from './batch-queue';
import { postRoomApi, RoomApiError } from './room-api';
import { summariseInboundVideo, type TInboundCounters } from './webrtc-stats';

/**
 * Trusted-side network facts: every few seconds the interviewer's browser reads the WebRTC
 * statistics of the candidate video it RECEIVES and posts them as idempotent batches.
 */

export const STATS_INTERVAL_MS = 4000;

const isCandidate = (identity: string) => identity.startsWith('cand:');

function candidateCamera(room: Room): { identity: string; track: RemoteVideoTrack } | null {
  for (const p of room.remoteParticipants.values()) {
    if (!isCandidate(p.identity)) continue;
    const track = p.getTrackPublication(Track.Source.Camera)?.videoTrack;
    if (track) return { identity: p.identity, track: track as RemoteVideoTrack };
  }
  return null;
}

export interface TNetworkStatsRecorder {
  stop(): void;
  /** the latest window, for display */
  latest(): TNetworkStatsWindow | null;
}

export function startNetworkStatsRecorder(
  room: Room,
  interviewId: string,
  onWindow?: (w: TNetworkStatsWindow) => void,
): TNetworkStatsRecorder {
  const url = `/api/interviews/${encodeURIComponent(interviewId)}/network-stats`;
  const queue = createBatchQueue<TNetworkStatsWindow>(async (batch) => {
    try {
      await postRoomApi(url, batch, ZStoredBatch);
    } catch (err) {
      // 4xx other than "no open session yet" will not get better by resending the same batch.
      const permanent =
        err instanceof RoomApiError && !err.transient && err.status >= 400 && err.status < 500;
      throw permanent ? { retry: false, err } : err;
    }
  });
  let prev: { sid: string; counters: TInboundCounters } | null = null;
  let windowStart = Date.now();
  let last: TNetworkStatsWindow | null = null;

  async function sample(): Promise<void> {
    const found = candidateCamera(room);
    const now = Date.now();
    if (found) {
      const report = await found.track.getRTCStatsReport();
      const sid = found.track.sid ?? '';
      const summary = report
        ? summariseInboundVideo(report, now, prev?.sid === sid ? prev.counters : null)
        : null;
      if (summary) {
        prev = { sid, counters: summary.counters };
        last = {
          kind: 'webrtc.stats',
          v: 1,
          windowStart: new Date(windowStart).toISOString(),
          windowEnd: new Date(now).toISOString(),
          participantIdentity: found.identity.slice(0, 128),
          ...summary.figures,
        };
        queue.push(last);
        onWindow?.(last);
      }
    }
    windowStart = now;
    await queue.flush();
  }

  const timer = setInterval(
    () => void sample().catch((e: unknown) => console.warn('[stats]', e)),
    STATS_INTERVAL_MS,
  );
  return {
    stop() {
      clearInterval(timer);
      void queue.flush().finally(() => queue.stop());
    },
    latest: () => last,
  };
}
