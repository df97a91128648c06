import type {
  TChallengeKind,
  TChallengeVerdict,
  TEvidenceTimes,
  TMeasured,
  TVerifierOutcome,
} from '../../schemas/challenges';
import type { FrameFace, FrameFeatures } from '../types';
import { median } from '../math/stats';
import { hammingHex } from '../signals/loops';

/** Shared by every verifier: the prompt time and the deadline, on the received stream's media clock. */
export interface ChallengeCtx {
  issuedAtMs: number;
  deadlineMs: number;
}

export interface FaceFrame extends FrameFeatures {
  face: FrameFace;
}

export const hasFace = (f: FrameFeatures): f is FaceFrame => f.face !== null && f.faceCount > 0;

/** Frames before the prompt used as the reference (pose, hash, box) are at most this old. */
export const BASELINE_MS = 1500;
/** Without frames before the prompt, the first frames of the window stand in: nobody reacts faster. */
export const REACTION_MS = 300;
/** A window with fewer analysed frames than this says nothing. */
export const MIN_WINDOW_FRAMES = 6;

export interface Split {
  /** frames in [issuedAt, deadline] */
  window: FrameFeatures[];
  /** reference frames with a face: shortly before the prompt, else the window's first REACTION_MS */
  baseline: FaceFrame[];
}

export function splitFrames(frames: readonly FrameFeatures[], ctx: ChallengeCtx): Split {
  const window = frames.filter((f) => f.t >= ctx.issuedAtMs && f.t <= ctx.deadlineMs);
  let baseline = frames.filter(
    (f): f is FaceFrame =>
      hasFace(f) && f.t < ctx.issuedAtMs && f.t >= ctx.issuedAtMs - BASELINE_MS,
  );
  if (baseline.length < 2)
    baseline = window.filter(
      (f): f is FaceFrame => hasFace(f) && f.t <= ctx.issuedAtMs + REACTION_MS,
    );
  return { window, baseline };
}

/** Median frame interval, so a run of N frames can be credited with its exposure of ~N intervals. */
export function framePeriod(frames: readonly FrameFeatures[]): number {
  const dts: number[] = [];
  for (let i = 1; i < frames.length; i++) dts.push((frames[i]?.t ?? 0) - (frames[i - 1]?.t ?? 0));
  return dts.length > 0 ? Math.min(median(dts), 250) : 100;
}

/** Face-present share of the window. */
export function faceShare(window: readonly FrameFeatures[]): number {
  return window.length === 0 ? 0 : window.filter(hasFace).length / window.length;
}

export interface Run {
  start: number;
  end: number;
}

/**
 * Runs of consecutive frames where `inside` holds; a frame without a face ends a run (unless
 * `inside` accepts it). Indices into `frames`, inclusive.
 */
export function runsWhere(
  frames: readonly FrameFeatures[],
  inside: (f: FrameFeatures) => boolean,
): Run[] {
  const runs: Run[] = [];
  let start = -1;
  frames.forEach((f, i) => {
    if (inside(f)) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      runs.push({ start, end: i - 1 });
      start = -1;
    }
  });
  if (start >= 0) runs.push({ start, end: frames.length - 1 });
  return runs;
}

/** Duration credited to a run: first to last frame plus one frame interval. */
export function runMs(frames: readonly FrameFeatures[], r: Run, period: number): number {
  return (frames[r.end]?.t ?? 0) - (frames[r.start]?.t ?? 0) + period;
}

/** The hash closest to all others (medoid): a robust reference identity for a handful of frames. */
export function medoidHash(faces: readonly FaceFrame[]): string | null {
  let best: string | null = null;
  let bestSum = Infinity;
  for (const a of faces) {
    const sum = faces.reduce((acc, b) => acc + hammingHex(a.face.hash, b.face.hash), 0);
    if (sum < bestSum) {
      bestSum = sum;
      best = a.face.hash;
    }
  }
  return best;
}

export function argMax<T>(xs: readonly T[], score: (x: T) => number): T | undefined {
  let best: T | undefined;
  let bestScore = -Infinity;
  for (const x of xs) {
    const s = score(x);
    if (s > bestScore) {
      bestScore = s;
      best = x;
    }
  }
  return best;
}

export const noEvidence: TEvidenceTimes = { before: null, peak: null, after: null };

export function evidenceOf(
  before?: FrameFeatures,
  peak?: FrameFeatures,
  after?: FrameFeatures,
): TEvidenceTimes {
  return { before: before?.t ?? null, peak: peak?.t ?? null, after: after?.t ?? null };
}

export function latencyOf(ctx: ChallengeCtx, f: FrameFeatures | undefined): number | null {
  return f ? Math.max(0, Math.round(f.t - ctx.issuedAtMs)) : null;
}

/** Rounds measured numbers so stored JSON stays compact and diffable. */
export function roundMeasured(m: TMeasured): TMeasured {
  const out: TMeasured = {};
  for (const [k, v] of Object.entries(m))
    out[k] = typeof v === 'number' ? Math.round(v * 1000) / 1000 : v;
  return out;
}

export function verdict(
  kind: TChallengeKind,
  outcome: TVerifierOutcome,
  note: string,
  parts: {
    latencyMs?: number | null;
    evidence?: TEvidenceTimes;
    measured?: TMeasured;
    swapSuspect?: boolean;
  } = {},
): TChallengeVerdict {
  return {
    kind,
    outcome,
    latencyMs: parts.latencyMs ?? null,
    evidence: parts.evidence ?? noEvidence,
    measured: roundMeasured(parts.measured ?? {}),
    swapSuspect: parts.swapSuspect ?? false,
    note: note.slice(0, 200),
  };
}

/** The common "can anything be said at all" gate. */
export function tooFewFrames(
  kind: TChallengeKind,
  window: readonly FrameFeatures[],
  minFaceShare = 0.5,
): TChallengeVerdict | null {
  if (window.length < MIN_WINDOW_FRAMES)
    return verdict(
      kind,
      'unreliable',
      `only ${window.length} analysed frames in the answer window`,
      { measured: { frames: window.length } },
    );
  const share = faceShare(window);
  if (share < minFaceShare)
    return verdict(
      kind,
      'unreliable',
      `face visible in only ${Math.round(share * 100)} % of the answer window`,
      { measured: { frames: window.length, faceShare: share } },
    );
  return null;
}
