'use client';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import type { TAnswerView } from '@/lib/schemas/async';

/**
 * One async answer: its recording (served with range requests to org members) and, under it, the
 * answer's slice of the session's signal timeline (face presence and anti-spoof per window), the
 * challenges and the flagged moments as buttons that seek the video, and a playhead that follows
 * playback. Times arrive on the session clock; the answer starts at `offsetMs`.
 */

export interface TPlayerMarker {
  atMs: number;
  kind: 'challenge' | 'flag';
  label: string;
  tone: 'good' | 'bad' | 'neutral';
}

export interface TPlayerAnswer extends TAnswerView {
  /** [session ms, value 0–1 or null] per window */
  faces: Array<[number, number | null]>;
  antiSpoof: Array<[number, number | null]>;
  markers: TPlayerMarker[];
}

function statusText(a: TPlayerAnswer): string {
  switch (a.status) {
    case 'RECORDING':
      return 'recording / uploading';
    case 'UPLOADED':
      return 'queued for analysis';
    case 'ANALYSING':
      return `analysing ${Math.round(a.progress * 100)} %`;
    case 'DONE':
      return 'analysed';
    case 'FAILED':
      return `failed: ${a.failureReason ?? 'unknown reason'}`;
    default:
      return a.status.toLowerCase();
  }
}

function Strip({
  points,
  a,
  label,
}: {
  points: TPlayerAnswer['faces'];
  a: TPlayerAnswer;
  label: string;
}) {
  const span = Math.max(1, a.durationMs ?? 1);
  return (
    <div className="answer-strip" role="img" aria-label={`${label} over the answer`} title={label}>
      {points.map(([t, v], i) => (
        <span
          key={i}
          style={{
            left: `${((t - a.offsetMs) / span) * 100}%`,
            opacity: v === null ? 0.1 : 0.25 + 0.75 * v,
          }}
        />
      ))}
    </div>
  );
}

export function AnswerPlayer({
  sessionId,
  answer: a,
}: {
  sessionId: string;
  answer: TPlayerAnswer;
}) {
  const video = useRef<HTMLVideoElement>(null);
  const [nowMs, setNowMs] = useState(0);
  const span = Math.max(1, a.durationMs ?? 1);
  const seek = (sessionMs: number) => {
    const v = video.current;
    if (!v) return;
    v.currentTime = Math.max(0, (sessionMs - a.offsetMs) / 1000);
    setNowMs(v.currentTime * 1000);
  };
  return (
    <section className="answer" data-testid="answer-player" data-answer-id={a.id}>
      <h3>
        Question {a.position + 1}
        {a.take > 1 ? ` (take ${a.take})` : ''}: {a.prompt}
      </h3>
      <p className="muted small" data-testid="answer-status" data-status={a.status}>
        {statusText(a)}
      </p>
      {a.hasRecording ? (
        <video
          ref={video}
          controls
          preload="metadata"
          src={`/api/sessions/${sessionId}/answers/${a.id}/recording`}
          onTimeUpdate={(e) => setNowMs(e.currentTarget.currentTime * 1000)}
          data-testid="answer-video"
        />
      ) : (
        <p className="muted">The recording was deleted (retention or a deletion request).</p>
      )}
      {a.status === 'DONE' && (
        <div className="answer-timeline">
          <Strip points={a.faces} a={a} label="face present" />
          <Strip points={a.antiSpoof} a={a} label="anti-spoof live score" />
          <div className="answer-markers">
            {a.markers.map((m, i) => (
              <button
                key={i}
                type="button"
                className={`marker marker-${m.kind} tone-${m.tone}`}
                style={{ left: `${Math.min(100, ((m.atMs - a.offsetMs) / span) * 100)}%` }}
                onClick={() => seek(m.atMs)}
                title={m.label}
                data-testid={`seek-${m.kind}`}
                data-seek-ms={Math.round(m.atMs - a.offsetMs)}
              >
                {m.kind === 'challenge' ? '◆' : '▲'}
                <span className="sr-only">{m.label}</span>
              </button>
            ))}
            <span
              className="playhead"
              style={{ left: `${Math.min(100, (nowMs / span) * 100)}%` }}
            />
          </div>
        </div>
      )}
    </section>
  );
}

/** Re-renders the server page every few seconds while an answer is still queued or analysing. */
export function RefreshWhilePending({ pending }: { pending: boolean }) {
  const router = useRouter();
  useEffect(() => {
    if (!pending) return;
    const t = setInterval(() => router.refresh(), 3000);
    return () => clearInterval(t);
  }, [pending, router]);
  return null;
}
