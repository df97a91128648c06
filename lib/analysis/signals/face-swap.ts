import type { TSignalName } from '../../schemas/signals';
import { FUSION_CONFIG } from '../fusion-config';
import { clock, median, ramp } from '../math/stats';
import type { FaceSwapWindows, TexWindow } from '../session-face-swap';
import { uninformative, type Assessment } from '../assessment';
import type { Span } from '../types';

/**
 * Face-swap tells judged from the per-window hull texture and geometry summaries: a blend seam at
 * the face outline, an inner face smoother than its surround (rendered small and upscaled), inner-
 * face flicker the surround does not share, and a change in face proportions. Each is evidence for
 * a reviewer (soft, or a REVIEW cap when strong and repeated), never a FAIL by itself.
 */

const cfg = FUSION_CONFIG.faceSwap;

export interface Scored extends Span {
  /** the window's measure, oriented so that larger = more swap-like */
  x: number;
}

interface Spec {
  signal: TSignalName;
  code: string;
  suspect: number;
  strong: number;
  /** plain-language finding, given the strong windows' count and time range */
  text: (strong: number, total: number, range: string) => string;
  note: (value: number, total: number) => string;
}

/**
 * Shared judgement: value = median window measure; soft evidence ramps from `suspect` to `strong`;
 * a REVIEW cap when at least `reviewShare` of the windows (and `minWindows` of them) are strong.
 */
export function judgeWindows(spec: Spec, ws: readonly Scored[]): Assessment {
  const value = median(ws.map((w) => w.x));
  const strong = ws.filter((w) => w.x >= spec.strong);
  const base = {
    signal: spec.signal,
    value: Math.round(value * 1000) / 1000,
    frames: ws.length,
    confidence: ramp(ws.length, 0, 10),
    informative: true,
    note: spec.note(value, ws.length),
  };
  // A clean measure is not evidence of a live person (a good swap is clean too): it adds nothing.
  if (value < spec.suspect) return { ...base, evidence: 0, finding: null };
  const review = strong.length >= cfg.minWindows && strong.length / ws.length >= cfg.reviewShare;
  const shown = strong.length > 0 ? strong : ws;
  const startMs = shown[0]?.startMs ?? 0;
  const endMs = shown.at(-1)?.endMs ?? 0;
  const range = `${clock(startMs)}–${clock(endMs)}`;
  return {
    ...base,
    evidence: -ramp(value, spec.suspect, spec.strong),
    finding: {
      code: spec.code,
      text: spec.text(strong.length, ws.length, range),
      startMs,
      endMs,
      severity: review ? 'review' : 'soft',
    },
  };
}

/** Texture windows fit to judge, or the reason none are. */
function texWindows(s: FaceSwapWindows, signal: TSignalName): TexWindow[] | Assessment {
  const all = s.tex;
  const big = all.filter((w) => w.tex.faceW >= cfg.minFaceW);
  if (big.length < cfg.minWindows) {
    const why =
      all.length >= cfg.minWindows
        ? `face too small (${Math.round(median(all.map((w) => w.tex.faceW)))} px wide; needs ${cfg.minFaceW})`
        : 'too few near-frontal face samples (profile, occluded or small face)';
    return uninformative(signal, why);
  }
  return big;
}

export function assessSeam(s: FaceSwapWindows): Assessment {
  const ws = texWindows(s, 'seam');
  if (!Array.isArray(ws)) return ws;
  const scored = ws.flatMap((w): Scored[] =>
    w.tex.seamNoise === null || w.tex.seamColour === null
      ? []
      : [
          {
            startMs: w.startMs,
            endMs: w.endMs,
            x: Math.max(0, w.tex.seamNoise) + Math.max(0, w.tex.seamColour) / cfg.seamColourUnit,
          },
        ],
  );
  if (scored.length < cfg.minWindows)
    return uninformative('seam', 'forehead and chin not visible around the face outline');
  return judgeWindows(
    {
      signal: 'seam',
      code: 'BLEND_SEAM',
      suspect: cfg.seamSuspect,
      strong: cfg.seamStrong,
      text: (n, total, range) =>
        `colour or noise steps at the face outline, as where a swapped face is blended in (${n} of ${total} s, ${range})`,
      note: (v, total) => `seam step ${v.toFixed(2)} across the face outline (${total} s)`,
    },
    scored,
  );
}

export function assessResolution(s: FaceSwapWindows): Assessment {
  const ws = texWindows(s, 'resolution');
  if (!Array.isArray(ws)) return ws;
  const noisy = ws.filter((w) => Math.max(w.tex.surround, w.tex.inner) >= cfg.minSurroundNoise);
  if (noisy.length < cfg.minWindows)
    return uninformative(
      'resolution',
      'no camera noise left to compare (heavy compression or denoising)',
    );
  // Oriented so larger = smoother inner face: 1 - ratio, ratio = (inner + .5) / (surround + .5).
  const scored = noisy.map((w) => ({
    startMs: w.startMs,
    endMs: w.endMs,
    x: 1 - (w.tex.inner + 0.5) / (w.tex.surround + 0.5),
  }));
  return judgeWindows(
    {
      signal: 'resolution',
      code: 'FACE_SMOOTHER_THAN_SURROUND',
      suspect: 1 - cfg.resolutionSuspect,
      strong: 1 - cfg.resolutionStrong,
      text: (n, total, range) =>
        `the face is much smoother than the hair, neck and background around it, as when a face is rendered small and upscaled (${n} of ${total} s, ${range})`,
      note: (v, total) => `inner-face / surround detail ratio ${(1 - v).toFixed(2)} (${total} s)`,
    },
    scored,
  );
}

export function assessFlicker(s: FaceSwapWindows): Assessment {
  const ws = texWindows(s, 'flicker');
  if (!Array.isArray(ws)) return ws;
  const scored = ws.flatMap((w): Scored[] =>
    w.tex.flicker === null || w.tex.flickerY === null
      ? []
      : [
          {
            startMs: w.startMs,
            endMs: w.endMs,
            x: w.tex.flicker + w.tex.flickerY / cfg.flickerLumaUnit,
          },
        ],
  );
  if (scored.length < cfg.minWindows)
    return uninformative('flicker', 'too few consecutive face samples');
  return judgeWindows(
    {
      signal: 'flicker',
      code: 'FACE_FLICKER',
      suspect: cfg.flickerSuspect,
      strong: cfg.flickerStrong,
      text: (n, total, range) =>
        `the face's texture and brightness flicker from frame to frame while its surroundings stay steady (${n} of ${total} s, ${range})`,
      note: (v, total) => `inner-face flicker ${v.toFixed(3)} beyond the surround (${total} s)`,
    },
    scored,
  );
}
