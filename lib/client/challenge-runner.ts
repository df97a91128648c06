import { ANSWER_WINDOW_MS, verifyChallenge } from '@/lib/analysis/challenges';
import { BASELINE_MS } from '@/lib/analysis/challenges/common';
import type { AudioEnvelope, FrameFeatures } from '@/lib/analysis/types';
import type {
  TChallengeResultInput,
  TChallengeVerdict,
  TEvidenceUpload,
  TIssuedChallenge,
} from '@/lib/schemas/challenges';

/**
 * Interviewer side (trusted): collects the RECEIVED stream's FrameFeatures (and audio envelope)
 * for one issued challenge, runs its verifier when the answer window has passed, and builds the
 * result body. Framework-free: the room page feeds it from the analysis worker's frame stream.
 *
 *   const runner = new ChallengeRunner(issued, lastFrameT, recentFrames);   // right after sending the prompt
 *   worker.onFrame = (f) => { if (runner.push(f) === 'complete') finish(); };
 *   const { verdict } = runner.result();  // grab thumbnails at verdict.evidence.{before,peak,after}
 *   postJson(`/api/sessions/${sid}/challenges/${issued.id}/result`, runner.body(thumbs), ZChallengeResultRecord);
 *
 * Keep ~2 s of recent frames and their video frames (for thumbnails) in the page: the verifier
 * uses the frames before the prompt as the reference face and pose.
 */

/** The prompt crosses the data channel and the candidate reads it before the window starts for them. */
export const PROMPT_TRANSIT_MS = 1000;
/** Frames held at most (a 12 s window at 30 fps plus the pre-roll): bounded memory. */
const MAX_FRAMES = 600;

export class ChallengeRunner {
  private readonly frames: FrameFeatures[] = [];
  private readonly audio: AudioEnvelope[] = [];
  readonly deadlineMediaMs: number;
  private verdict: TChallengeVerdict | null = null;

  constructor(
    readonly issued: TIssuedChallenge,
    /** media time of the received stream when the prompt was sent */
    readonly issuedMediaMs: number,
    history: readonly FrameFeatures[] = [],
  ) {
    this.deadlineMediaMs = issuedMediaMs + ANSWER_WINDOW_MS[issued.kind] + PROMPT_TRANSIT_MS;
    for (const f of history)
      if (f.t >= issuedMediaMs - BASELINE_MS && f.t < issuedMediaMs) this.frames.push(f);
  }

  /** Adds one analysed frame; 'complete' once a frame past the deadline arrived. */
  push(f: FrameFeatures): 'collecting' | 'complete' {
    const last = this.frames[this.frames.length - 1];
    if (last && f.t <= last.t) return this.state(); // frames must increase in time (reconnects restart clocks)
    if (f.t <= this.deadlineMediaMs && this.frames.length < MAX_FRAMES) this.frames.push(f);
    return f.t > this.deadlineMediaMs ? 'complete' : 'collecting';
  }

  pushAudio(chunk: AudioEnvelope): void {
    this.audio.push(chunk);
  }

  private state(): 'collecting' | 'complete' {
    const last = this.frames[this.frames.length - 1];
    return last && last.t >= this.deadlineMediaMs ? 'complete' : 'collecting';
  }

  /** Audio chunks at one rate joined on the frame clock; gaps are silence. */
  private joinedAudio(): AudioEnvelope | null {
    const chunks = [...this.audio].sort((a, b) => a.t0 - b.t0);
    const first = chunks[0];
    if (!first) return null;
    const rms: number[] = [];
    for (const c of chunks.filter((x) => x.rate === first.rate)) {
      const at = Math.round(((c.t0 - first.t0) * first.rate) / 1000);
      while (rms.length < at) rms.push(0);
      c.rms.forEach((v, i) => (rms[at + i] = v));
    }
    return { t0: first.t0, rate: first.rate, rms };
  }

  /** Runs the verifier (once) on what was collected; callable early, e.g. when the room ends. */
  result(): { verdict: TChallengeVerdict; frames: number } {
    this.verdict ??= verifyChallenge(this.frames, {
      kind: this.issued.kind,
      params: this.issued.params,
      issuedAtMs: this.issuedMediaMs,
      deadlineMs: this.deadlineMediaMs,
      audio: this.joinedAudio(),
    });
    return { verdict: this.verdict, frames: this.frames.length };
  }

  /** The POST body; `thumbs` are base64 JPEGs (≤ 200 KB) of the frames at verdict.evidence times. */
  body(thumbs: Partial<Record<TEvidenceUpload['role'], string>> = {}): TChallengeResultInput {
    const { verdict } = this.result();
    const evidence: TEvidenceUpload[] = [];
    for (const role of ['before', 'peak', 'after'] as const) {
      const at = verdict.evidence[role];
      const jpeg = thumbs[role];
      if (at !== null && jpeg) evidence.push({ role, mediaMs: at, jpegBase64: jpeg });
    }
    return { type: 'verdict', issuedMediaMs: this.issuedMediaMs, verdict, evidence };
  }
}

/** The body for "the candidate asked for an accessible alternative". */
export function alternativeBody(note: string): TChallengeResultInput {
  return { type: 'alternative', note: note.slice(0, 200) || 'accessible alternative' };
}
