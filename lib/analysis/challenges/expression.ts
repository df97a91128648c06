import type { TChallengeVerdict } from '../../schemas/challenges';
import type { FrameFeatures } from '../types';
import { median } from '../math/stats';
import { BlinkDetector, type BlinkEvent } from '../signals/blinks';
import {
  argMax,
  evidenceOf,
  framePeriod,
  hasFace,
  latencyOf,
  runMs,
  runsWhere,
  splitFrames,
  tooFewFrames,
  verdict,
  type ChallengeCtx,
  type FaceFrame,
} from './common';

/**
 * Facial-action challenges: blink twice, smile.
 *
 * Blink twice: the shared BlinkDetector (hysteresis on mean eyeBlink: closed > 0.5, open < 0.3,
 * closures ≤ 1 s) on the answer window; passes with two blinks whose starts are ≤ 2 s apart (a
 * deliberate double blink, not two spontaneous ones; people blink every 3–6 s on their own, so a
 * replay has a fair chance of two blinks in a window, and less of a close pair). Only frames with
 * |yaw| ≤ 45° count (eyes visible). Where it stops working: below ~10 fps a 150 ms blink falls
 * between frames; glare on glasses; looking down inflates eyeBlink.
 *
 * Smile: mean mouthSmile rises from the pre-prompt level: a run ≥ baseline + 0.2 that peaks at ≥
 * baseline + 0.3 and ≥ 0.4, lasting ≥ 300 ms. Someone already smiling at the prompt (a smiling
 * photo reads 0.9) cannot show a rise: not performed. Where it stops working: beards and hands over
 * the mouth; MediaPipe's smile blendshape is weak on some faces (max 0.66 on a recorded talker).
 */

export const BLINK_TWICE = { minBlinks: 2, maxPairGapMs: 2000, minEyesShare: 0.5 } as const;
export const SMILE = {
  riseHold: 0.2,
  risePeak: 0.3,
  minPeak: 0.4,
  holdMs: 300,
  startRise: 0.1,
} as const;

function blinksIn(window: readonly FrameFeatures[]): { events: BlinkEvent[]; eyesMs: number } {
  const detector = new BlinkDetector();
  const events: BlinkEvent[] = [];
  for (const f of window) {
    const e = detector.push(f);
    if (e) events.push(e);
  }
  return { events, eyesMs: detector.eyesVisibleMs };
}

const closure = (f: FaceFrame): number =>
  (f.face.blend.eyeBlinkLeft + f.face.blend.eyeBlinkRight) / 2;

function closePair(events: readonly BlinkEvent[]): [BlinkEvent, BlinkEvent] | null {
  for (let i = 0; i + 1 < events.length; i++) {
    const [a, b] = [events[i], events[i + 1]];
    if (a && b && b.startMs - a.startMs <= BLINK_TWICE.maxPairGapMs) return [a, b];
  }
  return null;
}

export function verifyBlinkTwice(
  frames: readonly FrameFeatures[],
  ctx: ChallengeCtx,
): TChallengeVerdict {
  const kind = 'blink_twice';
  const { window } = splitFrames(frames, ctx);
  const gate = tooFewFrames(kind, window);
  if (gate) return gate;
  const { events, eyesMs } = blinksIn(window);
  const spanMs = Math.max(1, (window[window.length - 1]?.t ?? 0) - (window[0]?.t ?? 0));
  const measured = {
    blinks: events.length,
    eyesVisibleShare: Math.min(1, eyesMs / spanMs),
    fps: 1000 / framePeriod(window),
    frames: window.length,
  };
  const pair = closePair(events);
  if (!pair) {
    if (measured.eyesVisibleShare < BLINK_TWICE.minEyesShare)
      return verdict(kind, 'unreliable', 'eyes not visible for most of the window', { measured });
    const why =
      events.length >= 2
        ? 'blinks too far apart for a deliberate double blink'
        : `${events.length} blink(s) seen`;
    return verdict(kind, 'not_performed', `no double blink: ${why}`, { measured });
  }
  const [a, b] = pair;
  const faces = window.filter(hasFace);
  const before = argMax(
    faces.filter((f) => f.t < a.startMs),
    (f) => f.t,
  );
  const peak = argMax(
    faces.filter((f) => f.t >= b.startMs && f.t < b.endMs),
    closure,
  );
  const after = faces.find((f) => f.t >= b.endMs);
  return verdict(kind, 'passed', `double blink ${Math.round(b.startMs - a.startMs)} ms apart`, {
    latencyMs: Math.max(0, Math.round(a.startMs - ctx.issuedAtMs)),
    evidence: evidenceOf(before, peak, after),
    measured: { ...measured, pairGapMs: b.startMs - a.startMs },
  });
}

const smileOf = (f: FaceFrame): number =>
  (f.face.blend.mouthSmileLeft + f.face.blend.mouthSmileRight) / 2;

export function verifySmile(
  frames: readonly FrameFeatures[],
  ctx: ChallengeCtx,
): TChallengeVerdict {
  const kind = 'smile';
  const { window, baseline } = splitFrames(frames, ctx);
  const gate = tooFewFrames(kind, window);
  if (gate) return gate;
  if (baseline.length === 0)
    return verdict(kind, 'unreliable', 'no face at the prompt to measure the resting mouth');
  const base = median(baseline.map(smileOf));
  const faces = window.filter(hasFace);
  const measured = {
    baseline: base,
    maxSmile: Math.max(...faces.map(smileOf)),
    frames: window.length,
  };
  const period = framePeriod(window);
  const hit = runsWhere(window, (f) => hasFace(f) && smileOf(f) >= base + SMILE.riseHold)
    .map((r) => ({
      r,
      peak: argMax(window.slice(r.start, r.end + 1).filter(hasFace), smileOf),
      ms: runMs(window, r, period),
    }))
    .find(
      (x) =>
        x.peak !== undefined &&
        smileOf(x.peak) >= Math.max(base + SMILE.risePeak, SMILE.minPeak) &&
        x.ms >= SMILE.holdMs,
    );
  if (!hit?.peak) {
    const why = base >= 1 - SMILE.risePeak ? ' (already smiling at the prompt)' : '';
    return verdict(
      kind,
      'not_performed',
      `no smile: mouthSmile rose to ${measured.maxSmile.toFixed(2)} from ${base.toFixed(2)}${why}`,
      { measured },
    );
  }
  const peak = hit.peak;
  const start = window.find((f) => hasFace(f) && smileOf(f) >= base + SMILE.startRise);
  const before = argMax(
    faces.filter((f) => f.t < (start?.t ?? peak.t)),
    (f) => f.t,
  );
  const after = window.slice(hit.r.end + 1).find(hasFace) ?? faces[faces.length - 1];
  return verdict(
    kind,
    'passed',
    `smiled (${smileOf(peak).toFixed(2)} from ${base.toFixed(2)}) for ${Math.round(hit.ms)} ms`,
    {
      latencyMs: latencyOf(ctx, start),
      evidence: evidenceOf(before, peak, after),
      measured: { ...measured, peak: smileOf(peak), holdMs: hit.ms },
    },
  );
}
