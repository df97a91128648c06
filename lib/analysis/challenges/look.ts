import type { TChallengeVerdict } from '../../schemas/challenges';
import type { FrameFeatures } from '../types';
import { median } from '../math/stats';
import {
  argMax,
  evidenceOf,
  framePeriod,
  hasFace,
  latencyOf,
  medoidHash,
  runMs,
  runsWhere,
  splitFrames,
  tooFewFrames,
  verdict,
  type ChallengeCtx,
  type FaceFrame,
} from './common';
import { identityRef, measureSwapTells, tellsMeasured, tellsNote } from './swap-tells';

/**
 * Look up / look down: pitch relative to the pre-prompt pose (people hold their head at very
 * different pitches in front of a laptop: +12° and −7° on two recorded clips), so the rule is a
 * change: a run with Δpitch ≥ 10° in the asked direction that reaches ≥ 15° and lasts ≥ 400 ms,
 * while yaw stays within 25° of the baseline (looking up, not turning away).
 *
 * Where it stops working: MediaPipe pitch is noisy (±3°) and couples with yaw near profile; a
 * printed photo tilted back also changes pitch (about half as much): this challenge answers "did
 * someone respond in time", and leaves photos to the profile parallax check and the planar signal.
 */

export const LOOK = {
  peakDeltaDeg: 15,
  holdDeltaDeg: 10,
  holdMs: 400,
  maxYawDriftDeg: 25,
  startDeltaDeg: 6,
} as const;

export interface LookCtx extends ChallengeCtx {
  direction: 'up' | 'down';
}

export function verifyLook(frames: readonly FrameFeatures[], ctx: LookCtx): TChallengeVerdict {
  const kind = ctx.direction === 'up' ? 'look_up' : 'look_down';
  const { window, baseline } = splitFrames(frames, ctx);
  const gate = tooFewFrames(kind, window);
  if (gate) return gate;
  if (baseline.length === 0)
    return verdict(kind, 'unreliable', 'no face at the prompt to measure the starting pose');
  const s = ctx.direction === 'up' ? 1 : -1;
  const basePitch = median(baseline.map((f) => f.face.pose.pitch));
  const baseYaw = median(baseline.map((f) => f.face.pose.yaw));
  const d = (f: FaceFrame): number => s * (f.face.pose.pitch - basePitch);
  const facing = (f: FrameFeatures): f is FaceFrame =>
    hasFace(f) && Math.abs(f.face.pose.yaw - baseYaw) <= LOOK.maxYawDriftDeg;
  const faces = window.filter(hasFace);
  const period = framePeriod(window);
  const runs = runsWhere(window, (f) => facing(f) && d(f) >= LOOK.holdDeltaDeg);
  const hit = runs
    .map((r) => ({
      r,
      peak: argMax(window.slice(r.start, r.end + 1).filter(hasFace), d),
      ms: runMs(window, r, period),
    }))
    .find((x) => x.peak !== undefined && d(x.peak) >= LOOK.peakDeltaDeg && x.ms >= LOOK.holdMs);
  const measured = {
    basePitchDeg: basePitch,
    maxDeltaDeg: Math.max(...faces.map(d)),
    frames: window.length,
  };
  if (!hit?.peak) {
    return verdict(
      kind,
      'not_performed',
      `no look ${ctx.direction}: pitch (up–down) changed at most ${Math.round(measured.maxDeltaDeg)}° towards ${ctx.direction}`,
      { measured },
    );
  }
  const tells = measureSwapTells(
    window,
    baseline,
    identityRef(baseline[baseline.length - 1], medoidHash(baseline)),
  );
  const startIdx = window.findIndex((f) => facing(f) && d(f) >= LOOK.startDeltaDeg);
  const back = window.slice(hit.r.end + 1).find((f) => facing(f) && d(f) < LOOK.startDeltaDeg);
  const parts = {
    latencyMs: latencyOf(ctx, window[startIdx]),
    evidence: evidenceOf(
      window[Math.max(0, startIdx - 1)],
      hit.peak,
      back ?? faces[faces.length - 1],
    ),
    measured: { ...measured, peakDeltaDeg: d(hit.peak), holdMs: hit.ms, ...tellsMeasured(tells) },
    swapSuspect: tells.swapSuspect,
  };
  if (tells.swapSuspect)
    return verdict(
      kind,
      'failed',
      `face broke while looking ${ctx.direction}: ${tellsNote(tells)}`,
      parts,
    );
  return verdict(
    kind,
    'passed',
    `looked ${ctx.direction}: pitch (up–down) ${Math.round(d(hit.peak))}° ${ctx.direction} from the starting pose for ${Math.round(hit.ms)} ms`,
    parts,
  );
}
