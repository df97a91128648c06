import type { TChallengeVerdict, TFlashStep } from '../../schemas/challenges';
import type { FrameFeatures } from '../types';
import { pearson } from '../math/stats';
import {
  argMax,
  evidenceOf,
  faceShare,
  hasFace,
  splitFrames,
  tooFewFrames,
  verdict,
  type ChallengeCtx,
  type FaceFrame,
} from './common';

/**
 * Screen-colour flash: the candidate's page fills with a random sequence of saturated colours at
 * known offsets from the prompt; a live face in front of that screen reflects it. Per frame, the
 * skin patches' chromaticity (r, g, b over their sum: brightness and auto-exposure cancel) minus its
 * 1.2 s moving average (slow drift, lighting, head motion) is correlated with the chromaticity
 * shift the sequence should cause (first order: C − s̄·ΣC for screen colour C and mean skin
 * chromaticity s̄), passed through the same moving average, at lags 0–500 ms (data channel, display,
 * camera, encoder and network delays). The three channels are stacked into one correlation.
 *
 * passed: peak correlation ≥ 0.55 over ≥ 30 face frames covering ≥ 6 colour changes.
 * failed: the same coverage, the face visible ≥ 80 %, peak < 0.2: no reflection where one was expected.
 * Anything between: unreliable. Calibration: the peak over 26 lags is biased upwards; on recorded
 * clips without any flash it spans 0.0–0.37 (60 random schedules over 6 clips); 3 % reflected colour
 * with σ = 1 noise gives 0.95, 1 % gives 0.73, 1 % with σ = 2 gives 0.48 (unreliable).
 *
 * Where it stops working: bright daylight or a dim or distant screen (reflection under ~1 % of skin
 * level sinks into noise), a second monitor lighting the face, cameras that white-balance within a
 * few frames (they eat the chromaticity shift), frame rates under ~10 fps against 300 ms colours,
 * and lags beyond 500 ms. A virtual camera or replay shows no reflection, and neither does a real
 * person in a bright room: a fail is weak evidence on its own.
 */

export const FLASH = {
  maxLagMs: 500,
  lagStepMs: 20,
  detrendMs: 1200,
  passCorr: 0.55,
  failCorr: 0.2,
  minFrames: 30,
  minChanges: 6,
} as const;

export interface FlashCtx extends ChallengeCtx {
  steps: readonly TFlashStep[];
  maxLagMs?: number;
}

type Rgb = readonly [number, number, number];

function colourAt(steps: readonly TFlashStep[], offset: number): Rgb | null {
  const s = steps.find((x) => offset >= x.offsetMs && offset < x.offsetMs + x.durMs);
  return s ? s.rgb : null;
}

function chroma(f: FaceFrame): Rgb {
  const { r, g, b } = f.face.skin;
  const sum = Math.max(r + g + b, 1e-6);
  return [r / sum, g / sum, b / sum];
}

/** Subtracts a centred moving average over `widthMs`, per channel (times need not be uniform). */
function detrend(ts: readonly number[], xs: readonly Rgb[], widthMs: number): Rgb[] {
  return xs.map((x, i) => {
    const acc = [0, 0, 0];
    let n = 0;
    ts.forEach((t, j) => {
      if (Math.abs(t - (ts[i] ?? 0)) > widthMs / 2) return;
      const y = xs[j] ?? x;
      acc[0] = (acc[0] ?? 0) + y[0];
      acc[1] = (acc[1] ?? 0) + y[1];
      acc[2] = (acc[2] ?? 0) + y[2];
      n++;
    });
    return [x[0] - (acc[0] ?? 0) / n, x[1] - (acc[1] ?? 0) / n, x[2] - (acc[2] ?? 0) / n];
  });
}

const stack = (xs: readonly Rgb[]): number[] => [
  ...xs.map((x) => x[0]),
  ...xs.map((x) => x[1]),
  ...xs.map((x) => x[2]),
];

interface LagResult {
  lagMs: number;
  corr: number;
  frames: number;
  changes: number;
}

function corrAtLag(
  faces: readonly FaceFrame[],
  ctx: FlashCtx,
  lag: number,
  skinMean: Rgb,
): LagResult {
  const used = faces.filter((f) => colourAt(ctx.steps, f.t - lag - ctx.issuedAtMs) !== null);
  const ts = used.map((f) => f.t);
  const expected = used.map((f): Rgb => {
    const c = colourAt(ctx.steps, f.t - lag - ctx.issuedAtMs) ?? [0, 0, 0];
    const sum = c[0] + c[1] + c[2];
    return [c[0] - skinMean[0] * sum, c[1] - skinMean[1] * sum, c[2] - skinMean[2] * sum];
  });
  const shown = new Set(
    used.map((f) =>
      ctx.steps.findIndex(
        (x) =>
          f.t - lag - ctx.issuedAtMs >= x.offsetMs &&
          f.t - lag - ctx.issuedAtMs < x.offsetMs + x.durMs,
      ),
    ),
  );
  const m = stack(detrend(ts, used.map(chroma), FLASH.detrendMs));
  const e = stack(detrend(ts, expected, FLASH.detrendMs));
  return {
    lagMs: lag,
    corr: pearson(m, e),
    frames: used.length,
    changes: Math.max(0, shown.size - 1),
  };
}

export function verifyFlash(frames: readonly FrameFeatures[], ctx: FlashCtx): TChallengeVerdict {
  const kind = 'flash';
  const { window } = splitFrames(frames, ctx);
  const gate = tooFewFrames(kind, window);
  if (gate) return gate;
  const faces = window.filter(hasFace);
  const maxLag = Math.min(ctx.maxLagMs ?? FLASH.maxLagMs, 2000);
  const cs = faces.map(chroma);
  const n = Math.max(1, cs.length);
  const skinMean: Rgb = [
    cs.reduce((s, c) => s + c[0], 0) / n,
    cs.reduce((s, c) => s + c[1], 0) / n,
    cs.reduce((s, c) => s + c[2], 0) / n,
  ];
  const results: LagResult[] = [];
  for (let lag = 0; lag <= maxLag; lag += FLASH.lagStepMs)
    results.push(corrAtLag(faces, ctx, lag, skinMean));
  const best = argMax(
    results.filter((r) => r.frames >= FLASH.minFrames),
    (r) => r.corr,
  );
  const measured = {
    peakCorr: best?.corr ?? null,
    lagMs: best?.lagMs ?? null,
    frames: best?.frames ?? 0,
    colourChanges: best?.changes ?? 0,
    faceShare: faceShare(window),
  };
  if (!best || best.changes < FLASH.minChanges)
    return verdict(
      kind,
      'unreliable',
      `too few face frames during the colour sequence (${measured.frames})`,
      { measured },
    );
  const inSeq = faces.filter(
    (f) => colourAt(ctx.steps, f.t - best.lagMs - ctx.issuedAtMs) !== null,
  );
  const first = inSeq[0];
  const parts = {
    latencyMs: first ? Math.max(0, Math.round(first.t - ctx.issuedAtMs)) : null,
    evidence: evidenceOf(
      argMax(
        faces.filter((f) => f.t < (first?.t ?? 0)),
        (f) => f.t,
      ) ?? first,
      inSeq[Math.floor(inSeq.length / 2)],
      faces.find((f) => f.t > (inSeq[inSeq.length - 1]?.t ?? Infinity)) ?? inSeq[inSeq.length - 1],
    ),
    measured,
  };
  if (best.corr >= FLASH.passCorr)
    return verdict(
      kind,
      'passed',
      `screen reflection on the face: correlation ${best.corr.toFixed(2)} at ${best.lagMs} ms`,
      parts,
    );
  if (best.corr < FLASH.failCorr && measured.faceShare >= 0.8) {
    return verdict(
      kind,
      'failed',
      `no screen reflection on the face (correlation ${best.corr.toFixed(2)})`,
      parts,
    );
  }
  return verdict(
    kind,
    'unreliable',
    `weak screen reflection (correlation ${best.corr.toFixed(2)})`,
    parts,
  );
}

/** Saturated colours far apart in chromaticity: each change moves the reflection a lot. */
export const FLASH_PALETTE: ReadonlyArray<readonly [number, number, number]> = [
  [255, 32, 32],
  [32, 255, 32],
  [32, 64, 255],
  [255, 255, 32],
  [32, 255, 255],
  [255, 32, 255],
  [255, 255, 255],
];

/**
 * A random schedule: `count` colours of 300–600 ms each, no colour twice in a row, starting after
 * `leadMs` (time to read "look at the screen"). `rand` returns [0, 1): the server passes a CSPRNG.
 */
export function makeFlashSteps(rand: () => number, count = 10, leadMs = 1200): TFlashStep[] {
  const steps: TFlashStep[] = [];
  let offset = leadMs;
  let prev = -1;
  for (let i = 0; i < count; i++) {
    let k = Math.floor(rand() * FLASH_PALETTE.length);
    if (k === prev)
      k = (k + 1 + Math.floor(rand() * (FLASH_PALETTE.length - 1))) % FLASH_PALETTE.length;
    prev = k;
    const durMs = 300 + 50 * Math.floor(rand() * 7);
    const rgb = FLASH_PALETTE[k] ?? [255, 255, 255];
    steps.push({ offsetMs: offset, durMs, rgb: [rgb[0], rgb[1], rgb[2]] });
    offset += durMs;
  }
  return steps;
}
