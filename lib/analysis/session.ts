import type { AudioEnvelope, FrameFeatures } from './types';
import type {
  TChallengeSummary,
  TSignalSummary,
  TVerdictResult,
  TWindowSignals,
} from '../schemas/signals';
import { WindowBuilder } from './window-builder';
import { SessionState } from './session-state';
import { assessAll, fuse } from './fusion';

/**
 * Public API of the analysis engine (pure: runs in a Web Worker, the browser main thread and Node).
 *
 * - windowize: frames (+ audio) -> per-window records, the unit stored in the database.
 * - LiveAnalyzer: the same, streaming, with a running verdict, in bounded memory.
 * - fuseSession: verdict from stored windows alone (server-side recompute).
 * - analyzeRecording: windows + verdict + per-signal summaries for the CLI.
 */

export interface FuseOptions {
  challenges?: TChallengeSummary[];
}

export function windowize(
  frames: FrameFeatures[],
  audio: AudioEnvelope | null,
  windowMs = 1000,
): TWindowSignals[] {
  const builder = new WindowBuilder(windowMs);
  if (audio) builder.pushAudio(audio);
  const windows: TWindowSignals[] = [];
  for (const f of frames) {
    const w = builder.pushFrame(f);
    if (w) windows.push(w);
  }
  const last = builder.flush();
  if (last) windows.push(last);
  return windows;
}

function stateOf(windows: readonly TWindowSignals[]): SessionState {
  const state = new SessionState();
  for (const w of [...windows].sort((a, b) => a.startMs - b.startMs)) state.add(w);
  return state;
}

export function fuseSession(windows: TWindowSignals[], opts?: FuseOptions): TVerdictResult {
  const state = stateOf(windows);
  return fuse(state, assessAll(state, opts?.challenges ?? []));
}

export function summarizeSignals(windows: TWindowSignals[], opts?: FuseOptions): TSignalSummary[] {
  return toSummaries(stateOf(windows), opts?.challenges ?? []);
}

/** Per-signal summaries of a state built elsewhere (e.g. window by window in slices on the server). */
export function toSummaries(
  state: SessionState,
  challenges: readonly TChallengeSummary[],
): TSignalSummary[] {
  return assessAll(state, challenges).map((a) => ({
    signal: a.signal,
    value: a.value !== null && Number.isFinite(a.value) ? a.value : null,
    confidence: Math.min(1, Math.max(0, a.confidence)),
    frames: Math.max(0, Math.round(a.frames)),
    informative: a.informative,
    note: (a.finding ? `${a.note}; ${a.finding.text}` : a.note).slice(0, 300),
  }));
}

export function analyzeRecording(
  frames: FrameFeatures[],
  audio: AudioEnvelope | null,
  opts?: FuseOptions,
): { windows: TWindowSignals[]; verdict: TVerdictResult; signals: TSignalSummary[] } {
  const windows = windowize(frames, audio);
  const state = stateOf(windows);
  const challenges = opts?.challenges ?? [];
  return {
    windows,
    verdict: fuse(state, assessAll(state, challenges)),
    signals: toSummaries(state, challenges),
  };
}

/**
 * Live use: push frames and audio as they arrive; each closed window is returned for posting.
 * Memory stays bounded for an hour-long call (windows are not kept; session state is summarised).
 */
export class LiveAnalyzer {
  private readonly builder: WindowBuilder;
  private readonly state = new SessionState();
  private challenges: TChallengeSummary[] = [];

  constructor(windowMs = 1000) {
    this.builder = new WindowBuilder(windowMs);
  }

  pushFrame(f: FrameFeatures): TWindowSignals | null {
    const w = this.builder.pushFrame(f);
    if (w) this.state.add(w);
    return w;
  }

  pushAudio(env: AudioEnvelope): void {
    this.builder.pushAudio(env);
  }

  /** Challenge outcomes known so far (replaces the previous list). */
  setChallenges(challenges: TChallengeSummary[]): void {
    this.challenges = challenges.slice(0, 200);
  }

  /** Closes the window in progress (call end). */
  flush(): TWindowSignals | null {
    const w = this.builder.flush();
    if (w) this.state.add(w);
    return w;
  }

  verdict(): TVerdictResult {
    return fuse(this.state, assessAll(this.state, this.challenges));
  }

  signals(): TSignalSummary[] {
    return toSummaries(this.state, this.challenges);
  }
}
