import { LiveAnalyzer } from '@/lib/analysis/session';
import type { AudioEnvelope, FrameFeatures } from '@/lib/analysis/types';
import { getEngine, type FrameTiming, type TrackAnalysis } from '@/lib/ml/engine-client';
import type { TChallengeSummary, TVerdictResult, TWindowSignals } from '@/lib/schemas/signals';
import { startAudioEnvelope, type TAudioEnvelopeTap } from './audio-envelope';
import { MediaClock, PresentationTap, wallTimeOf } from './media-clock';
import { FlaggedMomentTracker, type TFlaggedMoment } from './flagged-moments';
import { THUMB_ENGINE_OPTIONS, ThumbRing } from './thumb-ring';

/**
 * The trusted side's live analysis of the RECEIVED candidate video (framework-free): the engine
 * analyses each frame the <video> presents, frames and the audio envelope are placed on one page
 * clock (media-clock.ts), LiveAnalyzer turns them into 1 s windows and a running verdict, and each
 * closed window goes to `onWindow` for posting. Challenge runners subscribe to the same frames.
 */

export type TLivePhase = 'loading' | 'waiting' | 'live' | 'error';

export interface TLiveSnapshot {
  phase: TLivePhase;
  verdict: TVerdictResult | null;
  /** window-by-window running scores, oldest first (the sparkline) */
  scores: number[];
  /** analysed frames per second in the last closed window */
  fps: number;
  windows: number;
  message: string | null;
}

export interface TLiveAnalysisOptions {
  onWindow: (w: TWindowSignals, at: Date) => void;
  onSnapshot: (s: TLiveSnapshot) => void;
  /** a hard or review rule was raised: the still frame where it was seen, at wall-clock `at` */
  onFlagged?: (m: TFlaggedMoment, at: Date, frame: Blob) => void;
}

/** Audio arrives up to ~200 ms after the frames it belongs with: frames wait this long, so windows close with their audio. */
const AUDIO_WAIT_MS = 350;
const HISTORY_MS = 3000;
const MAX_SCORES = 120;

/** The page-wide engine as live rooms run it (every getEngine() of the room page passes this). */
export const LIVE_ENGINE = { options: THUMB_ENGINE_OPTIONS } as const;

type FrameListener = (f: FrameFeatures) => void;
type AudioListener = (env: AudioEnvelope) => void;

export class LiveAnalysis {
  readonly clock = new MediaClock();
  readonly thumbs = new ThumbRing();
  private readonly analyzer = new LiveAnalyzer();
  private readonly flags = new FlaggedMomentTracker();
  private readonly tap: PresentationTap;
  private readonly run: TrackAnalysis;
  private readonly waiting: FrameFeatures[] = [];
  private readonly recent: FrameFeatures[] = [];
  private readonly frameListeners = new Set<FrameListener>();
  private readonly audioListeners = new Set<AudioListener>();
  private audio: { track: MediaStreamTrack; tap: Promise<TAudioEnvelopeTap | null> } | null = null;
  private snap: TLiveSnapshot = {
    phase: 'loading',
    verdict: null,
    scores: [],
    fps: 0,
    windows: 0,
    message: null,
  };
  private stopped = false;

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly opts: TLiveAnalysisOptions,
  ) {
    this.tap = new PresentationTap(video);
    const engine = getEngine(LIVE_ENGINE);
    engine.init().then(
      () => this.update({ phase: this.snap.windows > 0 ? this.snap.phase : 'waiting' }),
      (e: unknown) =>
        this.update({ phase: 'error', message: `Analysis engine failed to start: ${String(e)}` }),
    );
    this.run = engine.startTrackAnalysis(video, (f, timing) => this.onFeatures(f, timing), {
      onError: (e) => console.warn('[analysis]', e),
    });
    opts.onSnapshot(this.snap);
  }

  /** Starts (or switches) the audio envelope of the received candidate microphone track. */
  setAudioTrack(track: MediaStreamTrack | null): void {
    if (this.audio?.track === track) return;
    void this.audio?.tap.then((t) => t?.stop());
    this.audio = null;
    if (!track || this.stopped) return;
    const tap = startAudioEnvelope(track, (env) => this.handleAudio(env)).catch((e: unknown) => {
      console.warn('[analysis] audio envelope unavailable', e);
      return null;
    });
    this.audio = { track, tap };
  }

  subscribeFrames(fn: FrameListener): () => void {
    this.frameListeners.add(fn);
    return () => void this.frameListeners.delete(fn);
  }

  subscribeAudio(fn: AudioListener): () => void {
    this.audioListeners.add(fn);
    return () => void this.audioListeners.delete(fn);
  }

  /** Analysed frames of the last ~3 s (a challenge's reference face and pose). */
  history(): FrameFeatures[] {
    return [...this.recent];
  }

  setChallenges(challenges: TChallengeSummary[]): void {
    this.analyzer.setChallenges(challenges);
    this.update({ verdict: this.analyzer.verdict() });
  }

  snapshot(): TLiveSnapshot {
    return this.snap;
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.run.stop();
    this.tap.stop();
    this.setAudioTrack(null);
    for (const f of this.waiting.splice(0)) this.accept(f);
    const last = this.analyzer.flush();
    if (last) this.opts.onWindow(last, wallTimeOf(last.startMs));
  }

  private handleAudio(env: AudioEnvelope): void {
    if (this.stopped) return;
    this.analyzer.pushAudio(env);
    for (const fn of this.audioListeners) fn(env);
  }

  private onFeatures(f: FrameFeatures, timing: FrameTiming): void {
    if (this.stopped) return;
    const t = this.clock.frameTime(f.t, this.tap.presentedAt(timing.presentedFrames));
    if (timing.thumb) this.thumbs.add(t, timing.thumb);
    this.waiting.push({ ...f, t });
    const ready = this.audio ? performance.now() - AUDIO_WAIT_MS : Infinity;
    while (this.waiting.length > 0 && (this.waiting[0]?.t ?? Infinity) <= ready) {
      const next = this.waiting.shift();
      if (next) this.accept(next);
    }
  }

  private accept(f: FrameFeatures): void {
    this.recent.push(f);
    while ((this.recent[0]?.t ?? f.t) < f.t - HISTORY_MS) this.recent.shift();
    for (const fn of this.frameListeners) fn(f);
    const w = this.analyzer.pushFrame(f);
    if (!w) return;
    this.opts.onWindow(w, wallTimeOf(w.startMs));
    const verdict = this.analyzer.verdict();
    this.captureFlagged(verdict);
    const faced = this.snap.phase === 'live' || w.face.one + w.face.multi > 0;
    this.update({
      phase: faced ? 'live' : 'waiting',
      verdict,
      fps: w.fps,
      windows: this.snap.windows + 1,
      scores: faced ? [...this.snap.scores, verdict.score].slice(-MAX_SCORES) : this.snap.scores,
    });
  }

  /** Each newly raised hard/review rule: the ring's frame from its stretch, nearest its end. */
  private captureFlagged(verdict: TVerdictResult): void {
    if (!this.opts.onFlagged) return;
    for (const m of this.flags.next(verdict.reasons)) {
      const shot = this.thumbs.within(m.startMs, m.endMs, m.endMs);
      if (shot) this.opts.onFlagged(m, wallTimeOf(shot.t), shot.blob);
      else console.warn('[analysis] no frame left from the flagged stretch of', m.code);
    }
  }

  private update(patch: Partial<TLiveSnapshot>): void {
    if (this.stopped && patch.phase === undefined && patch.verdict === undefined) return;
    this.snap = { ...this.snap, ...patch };
    this.opts.onSnapshot(this.snap);
  }
}
