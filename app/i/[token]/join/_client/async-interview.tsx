'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import '@/components/room.css';
import './async.css';
import { Alert, Card } from '@/components/ui';
import { ApiError, postJson } from '@/lib/client/api';
import { startTake, type TTake, type TTakeProgress } from '@/lib/client/async-recorder';
import { SILENT_RMS, useFaceFraming, useLightLevel, useMicLevel } from '@/lib/client/device-check';
import { FRAMING_MESSAGES } from '@/lib/client/face-framing';
import type { TPreviewTracks } from '@/lib/client/media-devices';
import { usePreviewTracks } from '@/lib/client/use-preview';
import {
  ZAsyncCandidateState,
  ZCreatedAnswer,
  ZDueChallenges,
  type TAsyncCandidateState,
  type TDueChallenge,
} from '@/lib/schemas/async';
import type { TChallengePromptBody } from '@/lib/schemas/challenges';
import { ChallengeOverlay } from './challenge-overlay';
import { PreJoin } from './pre-join';

type TQuestion = TAsyncCandidateState['questions'][number];

/** Statuses of a take whose upload is complete: the question is answered. */
const ANSWERED = new Set(['UPLOADED', 'ANALYSING', 'DONE', 'FAILED']);
const isAnswered = (q: TQuestion) => Boolean(q.latest && ANSWERED.has(q.latest.status));

const clock = (s: number) => `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')}`;
const mb = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`;

/**
 * The candidate's page for a recorded (ASYNC) interview: device check, then each question with a
 * think-time countdown and a timed recording uploaded while it records (lib/client/async-recorder),
 * the server's liveness prompts shown at their offsets, and a retake when the question allows it.
 */
export function AsyncInterview({
  token,
  title,
  candidateName,
}: {
  token: string;
  title: string;
  candidateName: string;
}) {
  const preview = usePreviewTracks();
  const [kept, setKept] = useState<TPreviewTracks | null>(null);
  if (kept) return <AsyncQuestions token={token} title={title} tracks={kept} />;
  return (
    <PreJoin
      title={title}
      candidateName={candidateName}
      preview={preview}
      joinLabel="Start the questions"
      onJoin={() => {
        const tracks = preview.keep();
        if (tracks) setKept(tracks);
      }}
    >
      <DeviceChecks tracks={preview.tracks} />
    </PreJoin>
  );
}

function DeviceChecks({ tracks }: { tracks: TPreviewTracks | null }) {
  const light = useLightLevel(tracks?.video.mediaStreamTrack);
  const mic = useMicLevel(tracks?.audio.mediaStreamTrack);
  const framing = useFaceFraming(tracks?.video.mediaStreamTrack);
  return (
    <ul className="plain" data-testid="device-checks" aria-label="Device checks">
      <li data-testid="light-check" data-verdict={light?.verdict ?? 'pending'}>
        Light:{' '}
        {!light
          ? 'measuring…'
          : light.verdict === 'ok'
            ? 'good'
            : light.verdict === 'dark'
              ? 'too dark: add light in front of you'
              : 'too bright: avoid a window or lamp facing the camera'}
      </li>
      <li data-testid="mic-check">
        Microphone:{' '}
        {mic === null ? 'measuring…' : mic < SILENT_RMS ? 'no sound heard: say something' : 'works'}
      </li>
      <li data-testid="face-check" data-verdict={framing ?? 'pending'} aria-live="polite">
        Face: {framing === null ? 'looking…' : FRAMING_MESSAGES[framing]}
      </li>
      <li>Framing: keep your whole face in the picture, eyes about a third from the top.</li>
    </ul>
  );
}

type TPhase =
  | { name: 'ready' }
  | { name: 'thinking'; until: number }
  | { name: 'starting' }
  | { name: 'recording'; take: TTake; answerId: string; maxSeconds: number }
  | { name: 'uploading' }
  | { name: 'uploaded' }
  | { name: 'failed'; message: string };

function useOnline(): boolean {
  const [online, setOnline] = useState(true);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    update();
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  return online;
}

function AsyncQuestions({
  token,
  title,
  tracks,
}: {
  token: string;
  title: string;
  tracks: TPreviewTracks;
}) {
  const [state, setState] = useState<TAsyncCandidateState | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [index, setIndex] = useState(0);
  const [interrupted, setInterrupted] = useState(false);
  const stream = useRef<MediaStream | null>(null);
  if (!stream.current) {
    stream.current = new MediaStream([
      tracks.video.mediaStreamTrack,
      tracks.audio.mediaStreamTrack,
    ]);
  }

  // The tracks were handed over by the preview: this page stops them when it goes away.
  useEffect(
    () => () => {
      tracks.video.stop();
      tracks.audio.stop();
    },
    [tracks],
  );

  useEffect(() => {
    postJson('/api/async/start', { token }, ZAsyncCandidateState).then(
      (s) => {
        setState(s);
        const first = s.questions.findIndex((q) => !isAnswered(q));
        const at = first === -1 ? s.questions.length : first;
        setIndex(at);
        // a take left RECORDING by a reload: its unsent bytes were only in the closed page
        setInterrupted(s.questions[at]?.latest?.status === 'RECORDING');
      },
      (err: unknown) =>
        setLoadError(err instanceof ApiError ? err.message : 'Could not load your questions'),
    );
  }, [token]);

  if (loadError) {
    return (
      <main className="room-page">
        <h1>{title}</h1>
        <Alert>{loadError}</Alert>
      </main>
    );
  }
  if (!state) {
    return (
      <main className="room-page">
        <h1>{title}</h1>
        <p role="status">Loading your questions…</p>
      </main>
    );
  }
  const question = state.questions[index];
  return (
    <main className="room-page">
      <h1>{title}</h1>
      {question ? (
        <QuestionFlow
          key={question.id}
          token={token}
          sessionId={state.sessionId}
          question={question}
          number={index + 1}
          count={state.questions.length}
          stream={stream.current}
          interrupted={interrupted}
          onNext={() => {
            setInterrupted(false);
            setIndex((i) => i + 1);
          }}
        />
      ) : (
        <Card title="Thank you">
          <div data-testid="async-phase" data-phase="finished">
            <Alert kind="ok">All your answers are uploaded.</Alert>
            <p>The hiring team will watch them and get back to you. You can close this page now.</p>
          </div>
        </Card>
      )}
    </main>
  );
}

function QuestionFlow({
  token,
  sessionId,
  question,
  number,
  count,
  stream,
  interrupted,
  onNext,
}: {
  token: string;
  sessionId: string;
  question: TQuestion;
  number: number;
  count: number;
  stream: MediaStream;
  interrupted: boolean;
  onNext: () => void;
}) {
  const [phase, setPhase] = useState<TPhase>({ name: 'ready' });
  const [takesUsed, setTakesUsed] = useState(question.takesUsed);
  const [upload, setUpload] = useState<TTakeProgress | null>(null);
  const [now, setNow] = useState(() => performance.now());
  const online = useOnline();
  const heading = useRef<HTMLHeadingElement>(null);
  const takesLeft = 1 + question.retakesAllowed - takesUsed;

  // Keyboard and screen-reader users follow the flow: each phase moves focus to its heading.
  useEffect(() => {
    heading.current?.focus({ preventScroll: true });
  }, [phase.name]);

  useEffect(() => {
    if (phase.name !== 'thinking' && phase.name !== 'recording') return;
    const t = setInterval(() => setNow(performance.now()), 250);
    return () => clearInterval(t);
  }, [phase.name]);

  const starting = useRef(false);
  const record = useCallback(async () => {
    // one take at a time: the think timer's effect and the button may both ask
    if (starting.current) return;
    starting.current = true;
    setPhase({ name: 'starting' });
    setUpload(null);
    try {
      const created = await postJson(
        '/api/async/answers',
        { token, questionId: question.id },
        ZCreatedAnswer,
      );
      const take = startTake({
        token,
        answerId: created.answerId,
        stream,
        maxBytes: created.maxBytes,
        onProgress: setUpload,
      });
      setPhase({
        name: 'recording',
        take,
        answerId: created.answerId,
        maxSeconds: created.maxAnswerSeconds,
      });
      take.done.then(
        () => {
          setTakesUsed((n) => n + 1);
          setPhase({ name: 'uploaded' });
        },
        (err: Error) => setPhase({ name: 'failed', message: err.message }),
      );
    } catch (err) {
      setPhase({
        name: 'failed',
        message:
          err instanceof ApiError || err instanceof Error
            ? err.message
            : 'Could not start the recording',
      });
    } finally {
      starting.current = false;
    }
  }, [question.id, stream, token]);

  // Think time over: the recording starts by itself.
  useEffect(() => {
    if (phase.name === 'thinking' && now >= phase.until) void record();
  }, [phase, now, record]);

  // Answer time over: the recorder stops; the upload finishes what is left.
  useEffect(() => {
    if (phase.name !== 'recording') return;
    if (now - phase.take.startedAt >= phase.maxSeconds * 1000) {
      phase.take.stop();
      setPhase({ name: 'uploading' });
    }
  }, [phase, now]);

  const title = `Question ${number} of ${count}`;
  return (
    <Card>
      <h2 ref={heading} tabIndex={-1}>
        {title}
      </h2>
      {interrupted && phase.name === 'ready' && (
        <Alert kind="info">
          Your previous recording of this question was interrupted (the page was reloaded or closed
          before it finished uploading). Please record it again: this does not count as a retake.
        </Alert>
      )}
      {!online && (
        <Alert>
          <span data-testid="offline-message">
            You are offline. Keep going: your answer is still being recorded, and the upload
            continues by itself when the connection is back. Do not close this page.
          </span>
        </Alert>
      )}
      <div data-testid="async-phase" data-phase={phase.name}>
        {phase.name === 'ready' && (
          <>
            <p>
              When you show the question you get {question.thinkSeconds} seconds to think, then the
              recording starts by itself. You can answer for up to{' '}
              {clock(question.maxAnswerSeconds)} (minutes:seconds).{' '}
              {question.retakesAllowed > 0
                ? `You may record it again up to ${question.retakesAllowed} time${question.retakesAllowed > 1 ? 's' : ''}.`
                : 'There are no retakes for this question.'}
            </p>
            <p className="muted small">
              During an answer a prompt may ask you to do something simple (turn your head, smile,
              read a phrase…): please do it, then continue your answer.
            </p>
            <button
              type="button"
              onClick={() =>
                setPhase({
                  name: 'thinking',
                  until: performance.now() + question.thinkSeconds * 1000,
                })
              }
            >
              Show the question
            </button>
          </>
        )}
        {phase.name !== 'ready' && (
          <blockquote className="async-question">{question.prompt}</blockquote>
        )}
        {phase.name === 'thinking' && (
          <>
            <p>
              Recording starts in{' '}
              <span
                role="timer"
                data-testid="think-countdown"
                aria-label={`${Math.max(0, Math.ceil((phase.until - now) / 1000))} seconds to think`}
              >
                {Math.max(0, Math.ceil((phase.until - now) / 1000))}
              </span>{' '}
              s.
            </p>
            <button type="button" onClick={() => void record()}>
              Start recording now
            </button>
          </>
        )}
        {phase.name === 'starting' && <p role="status">Starting the recording…</p>}
        {phase.name === 'recording' && (
          <Recording
            token={token}
            sessionId={sessionId}
            phase={phase}
            now={now}
            stream={stream}
            onStop={() => {
              phase.take.stop();
              setPhase({ name: 'uploading' });
            }}
          />
        )}
        {phase.name === 'failed' && (
          <>
            <Alert>
              <span data-testid="upload-error">{phase.message}</span>
            </Alert>
            <button type="button" onClick={() => setPhase({ name: 'ready' })}>
              Record this answer again
            </button>
          </>
        )}
        {phase.name === 'uploaded' && (
          <>
            <Alert kind="ok">Your answer is uploaded.</Alert>
            <div className="room-controls">
              {takesLeft > 0 && (
                <button
                  type="button"
                  className="secondary"
                  onClick={() =>
                    setPhase({
                      name: 'thinking',
                      until: performance.now() + question.thinkSeconds * 1000,
                    })
                  }
                >
                  Record again ({takesLeft} retake{takesLeft > 1 ? 's' : ''} left)
                </button>
              )}
              <button type="button" onClick={onNext}>
                {number < count ? 'Next question' : 'Finish'}
              </button>
            </div>
          </>
        )}
      </div>
      {upload && phase.name !== 'ready' && <UploadStatus upload={upload} />}
    </Card>
  );
}

function UploadStatus({ upload }: { upload: TTakeProgress }) {
  const total = upload.totalBytes;
  const share = total ? Math.min(1, upload.uploadedBytes / Math.max(1, total)) : null;
  return (
    <div className="stack" data-testid="upload-status" data-state={upload.state}>
      <p role="status">
        {upload.state === 'retrying'
          ? `${upload.error ? `The server did not take the last part (${upload.error})` : 'Connection lost'}: retrying. ${mb(upload.uploadedBytes)} uploaded so far; nothing recorded is lost.`
          : upload.state === 'complete'
            ? `Uploaded ${mb(upload.uploadedBytes)}.`
            : upload.state === 'failed'
              ? 'Upload failed.'
              : total === null
                ? `Uploading while you record: ${mb(upload.uploadedBytes)} of ${mb(upload.recordedBytes)} recorded.`
                : `Finishing the upload: ${mb(upload.uploadedBytes)} of ${mb(total)}.`}
      </p>
      {share !== null && (
        <progress max={1} value={share} aria-label="Upload progress">
          {Math.round(share * 100)} %
        </progress>
      )}
    </div>
  );
}

/** The recording view: own camera, elapsed/maximum timer, stop button, due liveness prompts. */
function Recording({
  token,
  sessionId,
  phase,
  now,
  stream,
  onStop,
}: {
  token: string;
  sessionId: string;
  phase: Extract<TPhase, { name: 'recording' }>;
  now: number;
  stream: MediaStream;
  onStop: () => void;
}) {
  const video = useRef<HTMLVideoElement>(null);
  const [prompt, setPrompt] = useState<{ body: TChallengePromptBody; shownAt: number } | null>(
    null,
  );
  const elapsed = Math.max(0, (now - phase.take.startedAt) / 1000);

  useEffect(() => {
    if (video.current) video.current.srcObject = stream;
  }, [stream]);

  // Polls the server for prompts whose moment has come and shows each at its offset into the
  // recording (the server reveals a prompt at most a second ahead).
  useEffect(() => {
    const seen = new Set<string>();
    const timers: ReturnType<typeof setTimeout>[] = [];
    const show = (c: TDueChallenge) => {
      const at = phase.take.startedAt + c.offsetMs;
      const body: TChallengePromptBody = {
        v: 1,
        id: c.id,
        sessionId,
        kind: c.kind,
        attempt: 1,
        windowMs: c.windowMs,
        params: c.params,
        issuedAt: Date.now(),
      };
      timers.push(
        setTimeout(() => setPrompt({ body, shownAt: at }), Math.max(0, at - performance.now())),
      );
    };
    const poll = setInterval(() => {
      postJson('/api/async/challenges', { token, answerId: phase.answerId }, ZDueChallenges).then(
        (r) => {
          for (const c of r.challenges) {
            if (seen.has(c.id)) continue;
            seen.add(c.id);
            show(c);
          }
        },
        () => undefined, // offline: the next poll tries again
      );
    }, 500);
    return () => {
      clearInterval(poll);
      timers.forEach(clearTimeout);
    };
  }, [phase.answerId, phase.take.startedAt, sessionId, token]);

  const onDone = useCallback(() => setPrompt(null), []);
  return (
    <div className="stack">
      <video
        ref={video}
        className="async-self-view"
        autoPlay
        muted
        playsInline
        aria-label="Your camera (being recorded)"
        data-testid="recording-video"
      />
      <p>
        <span className="async-recording-dot" aria-hidden="true">
          ●
        </span>{' '}
        Recording{' '}
        <span
          role="timer"
          data-testid="recording-timer"
          aria-label={`${Math.floor(elapsed)} of ${phase.maxSeconds} seconds`}
        >
          {clock(elapsed)} / {clock(phase.maxSeconds)}
        </span>
      </p>
      <button type="button" onClick={onStop}>
        Finish answer
      </button>
      {prompt && (
        <ChallengeOverlay
          key={prompt.body.id}
          prompt={prompt.body}
          shownAt={prompt.shownAt}
          onDone={onDone}
        />
      )}
    </div>
  );
}
