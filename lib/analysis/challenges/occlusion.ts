import type { TChallengeVerdict } from '../../schemas/challenges';
import type { Box, FrameFeatures } from '../types';
import { median } from '../math/stats';
import { hammingHex } from '../signals/loops';
import {
  argMax,
  evidenceOf,
  framePeriod,
  hasFace,
  latencyOf,
  medoidHash,
  runMs,
  splitFrames,
  tooFewFrames,
  verdict,
  type ChallengeCtx,
  type FaceFrame,
  type Run,
} from './common';
import { measureSwapTells, tellsMeasured, tellsNote } from './swap-tells';

/**
 * Hand across the face. A frame is "occluded" when the face box and head pose stay where they were
 * before the prompt (centre within 0.35 face widths, size within −25 %/+33 %, yaw and pitch within
 * 15°) but the face crop changed: dHash ≥ 8 bits from the pre-prompt face, or a crop difference ≥
 * max(8, 4 × the pre-prompt level); a frame with no face counts too (MediaPipe may drop a covered
 * face) for at most 2.5 s. An episode of such frames (one-frame gaps bridged) lasting ≥ 300 ms is
 * the hand. Recovery: two consecutive steady frames back within 6 bits of the pre-prompt face (the
 * same face, same place). A window that ends with the hand still up passes without recovery
 * (`recovered: false`: identity continuity was not checked). The swap tells (landmark jumps, crop
 * flicker) run over the whole window: a swap that drops out under the hand fails.
 *
 * Recorded mediapipe_hand_occlusion (fist, then thumbs-up held over nose and mouth): the
 * pre-prompt face varies 0–4 bits; the hand moves it 7–20 bits with crop differences up to 18.5.
 *
 * Where it stops working: a hand passing in < 1 frame interval (low fps); a head that moves while
 * the hand passes (then it is "moved", not occluded); a crop too small for dHash to see the hand.
 */

export const OCCLUSION = {
  hashBits: 8,
  diffFactor: 4,
  minDiff: 8,
  minMs: 300,
  maxShiftFaces: 0.35,
  minSizeRatio: 0.75,
  maxSizeRatio: 1.33,
  maxPoseDeg: 15,
  maxLossMs: 2500,
  recoverBits: 6,
  recoverFrames: 2,
} as const;

type Cls = 'clear' | 'occluded' | 'lost' | 'moved';

interface Ref {
  hash: string;
  box: Box;
  yaw: number;
  pitch: number;
  diff: number;
}

function refOf(baseline: readonly FaceFrame[]): Ref | null {
  const hash = medoidHash(baseline);
  if (!hash || baseline.length < 2) return null;
  const m = (g: (f: FaceFrame) => number): number => median(baseline.map(g));
  const diffs = baseline.flatMap((f) => (f.face.diff === null ? [] : [f.face.diff]));
  return {
    hash,
    box: {
      x: m((f) => f.face.box.x),
      y: m((f) => f.face.box.y),
      w: m((f) => f.face.box.w),
      h: m((f) => f.face.box.h),
    },
    yaw: m((f) => f.face.pose.yaw),
    pitch: m((f) => f.face.pose.pitch),
    diff: diffs.length > 0 ? median(diffs) : 2,
  };
}

function steady(f: FaceFrame, ref: Ref): boolean {
  const b = f.face.box;
  const shift = Math.hypot(
    b.x + b.w / 2 - (ref.box.x + ref.box.w / 2),
    b.y + b.h / 2 - (ref.box.y + ref.box.h / 2),
  );
  const ratio = b.w / Math.max(ref.box.w, 1);
  return (
    shift <= OCCLUSION.maxShiftFaces * ref.box.w &&
    ratio >= OCCLUSION.minSizeRatio &&
    ratio <= OCCLUSION.maxSizeRatio &&
    Math.abs(f.face.pose.yaw - ref.yaw) <= OCCLUSION.maxPoseDeg &&
    Math.abs(f.face.pose.pitch - ref.pitch) <= OCCLUSION.maxPoseDeg
  );
}

function classify(f: FrameFeatures, ref: Ref): Cls {
  if (!hasFace(f)) return 'lost';
  if (!steady(f, ref)) return 'moved';
  const changed =
    hammingHex(f.face.hash, ref.hash) >= OCCLUSION.hashBits ||
    (f.face.diff ?? 0) >= Math.max(OCCLUSION.minDiff, OCCLUSION.diffFactor * ref.diff);
  return changed ? 'occluded' : 'clear';
}

/** Episodes of occluded/lost frames, bridging single-frame gaps. */
function episodes(cls: readonly Cls[]): Run[] {
  const runs: Run[] = [];
  let cur: Run | null = null;
  cls.forEach((c, i) => {
    if (c !== 'occluded' && c !== 'lost') return;
    if (cur && i - cur.end <= 2 && cls[i - 1] !== 'moved') cur.end = i;
    else {
      if (cur) runs.push(cur);
      cur = { start: i, end: i };
    }
  });
  if (cur) runs.push(cur);
  return runs;
}

function lostMs(window: readonly FrameFeatures[], cls: readonly Cls[], r: Run): number {
  let ms = 0;
  for (let i = r.start; i <= r.end; i++)
    if (cls[i] === 'lost') ms += (window[i + 1]?.t ?? window[i]?.t ?? 0) - (window[i]?.t ?? 0);
  return ms;
}

function recovery(
  window: readonly FrameFeatures[],
  cls: readonly Cls[],
  after: number,
): FrameFeatures | undefined {
  for (let i = after + 1; i + OCCLUSION.recoverFrames - 1 < window.length; i++) {
    if (cls.slice(i, i + OCCLUSION.recoverFrames).every((c) => c === 'clear')) return window[i];
  }
  return undefined;
}

export function verifyHandOcclusion(
  frames: readonly FrameFeatures[],
  ctx: ChallengeCtx,
): TChallengeVerdict {
  const kind = 'hand_occlusion';
  const { window, baseline } = splitFrames(frames, ctx);
  const gate = tooFewFrames(kind, window, 0.3);
  if (gate) return gate;
  const ref = refOf(baseline);
  if (!ref) return verdict(kind, 'unreliable', 'no steady face at the prompt to compare with');
  const cls = window.map((f) => classify(f, ref));
  const period = framePeriod(window);
  const dist = (f: FaceFrame): number => hammingHex(f.face.hash, ref.hash);
  const faces = window.filter(hasFace);
  const base = {
    maxHashDistBits: Math.max(0, ...faces.map(dist)),
    maxDiff: Math.max(0, ...faces.map((f) => f.face.diff ?? 0)),
    refDiff: ref.diff,
    frames: window.length,
  };
  const ep = episodes(cls).find(
    (r) =>
      runMs(window, r, period) >= OCCLUSION.minMs &&
      lostMs(window, cls, r) <= OCCLUSION.maxLossMs &&
      cls.slice(r.start, r.end + 1).includes('occluded'),
  );
  if (!ep)
    return verdict(
      kind,
      'not_performed',
      `no hand over a steady face (crop changed at most ${base.maxHashDistBits} bits)`,
      { measured: base },
    );
  const inEp = window.slice(ep.start, ep.end + 1);
  const back = recovery(window, cls, ep.end);
  const lastFaces = faces.slice(-3);
  const idRef = { hash: ref.hash, yaw: ref.yaw, pitch: ref.pitch };
  const tells = measureSwapTells(
    window,
    baseline,
    idRef,
    back ? faces.filter((f) => f.t >= back.t && cls[window.indexOf(f)] !== 'occluded') : [],
  );
  const parts = {
    latencyMs: latencyOf(ctx, window[ep.start]),
    evidence: evidenceOf(
      window[ep.start - 1] ?? baseline[baseline.length - 1],
      argMax(inEp.filter(hasFace), dist) ?? inEp[0],
      back ?? window[window.length - 1],
    ),
    measured: {
      ...base,
      occludedMs: runMs(window, ep, period),
      lostMs: lostMs(window, cls, ep),
      recovered: back !== undefined,
      afterHashDistBits: lastFaces.length > 0 ? median(lastFaces.map(dist)) : null,
      ...tellsMeasured(tells),
    },
    swapSuspect: tells.swapSuspect,
  };
  if (tells.swapSuspect)
    return verdict(kind, 'failed', `face broke under the hand: ${tellsNote(tells)}`, parts);
  const rec = back ? 'the same face came back' : 'recovery not seen before the window ended';
  return verdict(
    kind,
    'passed',
    `hand over a steady face for ${Math.round(parts.measured.occludedMs)} ms; ${rec}`,
    parts,
  );
}
