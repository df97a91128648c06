import type { TChallengeVerdict } from '../../schemas/challenges';
import type { AudioEnvelope, FrameFeatures } from '../types';
import { FUSION_CONFIG } from '../fusion-config';
import { quantile, std } from '../math/stats';
import { lipSyncBoth } from '../signals/lipsync';
import { lipGap } from '../window-series';
import {
  argMax,
  evidenceOf,
  faceShare,
  hasFace,
  splitFrames,
  tooFewFrames,
  verdict,
  type ChallengeCtx,
} from './common';

/**
 * Read a random phrase aloud. Without speech recognition the words themselves are not checked; what
 * is checked is that speech starts after the prompt and that the mouth moves with it: over the
 * span that holds speech (±0.5 s), two mouth measures — the jawOpen blendshape and the inner-lip
 * gap (landmarks; the blendshape under-reads a beard or a small jaw drop), both interpolated onto a
 * 25 Hz grid — against the audio RMS envelope (averaged into the same bins), normalised
 * cross-correlation over ±500 ms (the shared lip-sync function), the clearer of the two kept, as the
 * session's lip-sync does.
 *
 * passed: ≥ 0.8 s of speech, the mouth moving and a correlation peak ≥ 0.3 at a lag in −150…+400 ms
 * (audio after the mouth, as transport and the audio pipeline delay it).
 * failed: clear speech (≥ 25 % of the span) while a visible, frontal face keeps its mouth still
 * (jawOpen std < 0.015 and lip-gap std < 0.0045 of the face size): a voice that is not this face's.
 * not_performed: no speech and no mouth movement. unreliable: no audio, face hidden, or a moving
 * mouth only weakly related to the voice — genuine talkers read a correlation under 0.1 in some
 * windows (a gesturing vlogger: 0.02–0.09), as often as attacks do, so a weak correlation is no
 * fail (docs/challenges.md "Read aloud").
 *
 * A talking replay, portrait or swap with its own voice passes this by chance in most windows
 * (tune half: 8 of 12): the words are for the interviewer or reviewer to hear, and fusion credits a
 * pass accordingly (fusion config `challenges.chancePass`).
 *
 * Where it stops working: background talk or music (speech share without the candidate), a hand
 * or microphone over the mouth, echo cancellation gating the candidate's audio, long A/V skew.
 */

export const PHRASE = {
  gridHz: 25,
  padMs: 500,
  minSpeechMs: 800,
  passCorr: 0.3,
  minLagMs: -150,
  maxLagMs: 400,
  stillJawStd: 0.015,
  /** the inner-lip gap's std (share of face size) under which the lips count as still */
  stillLipStd: 0.0045,
  failSpeechShare: 0.25,
} as const;

export interface PhraseCtx extends ChallengeCtx {
  audio: AudioEnvelope | null;
}

function mouthGrid(
  window: readonly FrameFeatures[],
  get: (face: NonNullable<FrameFeatures['face']>) => number,
  t0: number,
  n: number,
  dt: number,
): number[] {
  const pts = window.filter(hasFace).map((f) => [f.t, get(f.face)] as const);
  const out: number[] = [];
  let j = 0;
  for (let i = 0; i < n; i++) {
    const t = t0 + i * dt;
    while (j + 1 < pts.length && (pts[j + 1]?.[0] ?? Infinity) <= t) j++;
    const [ta, va] = pts[j] ?? [t, 0];
    const [tb, vb] = pts[j + 1] ?? [ta, va];
    out.push(tb > ta && t > ta ? va + (vb - va) * Math.min(1, (t - ta) / (tb - ta)) : va);
  }
  return out;
}

function audioGrid(a: AudioEnvelope, t0: number, n: number, dt: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const from = Math.max(0, Math.floor(((t0 + i * dt - a.t0) * a.rate) / 1000));
    const to = Math.max(from + 1, Math.floor(((t0 + (i + 1) * dt - a.t0) * a.rate) / 1000));
    const xs = a.rms.slice(from, Math.min(to, a.rms.length));
    out.push(xs.length > 0 ? xs.reduce((s, x) => s + x, 0) / xs.length : 0);
  }
  return out;
}

export function verifyReadPhrase(
  frames: readonly FrameFeatures[],
  ctx: PhraseCtx,
): TChallengeVerdict {
  const kind = 'read_phrase';
  const { window } = splitFrames(frames, ctx);
  const gate = tooFewFrames(kind, window, 0.6);
  if (gate) return gate;
  if (!ctx.audio || ctx.audio.rms.length === 0)
    return verdict(kind, 'unreliable', 'no audio envelope for the answer window');
  const dt = 1000 / PHRASE.gridHz;
  const t0 = window[0]?.t ?? ctx.issuedAtMs;
  const n = Math.floor(((window[window.length - 1]?.t ?? t0) - t0) / dt);
  const jaw = mouthGrid(window, (f) => f.blend.jawOpen, t0, n, dt);
  const lips = mouthGrid(window, (f) => lipGap(f.pts), t0, n, dt);
  const audio = audioGrid(ctx.audio, t0, n, dt);
  const loud = Math.max(3 * quantile(ctx.audio.rms, 0.1), FUSION_CONFIG.lipSync.speechAbsRms);
  const speechIdx = audio.flatMap((v, i) => (v > loud ? [i] : []));
  // Judge the span the candidate spoke in (±0.5 s), not the silent rest of the window.
  const pad = Math.round(PHRASE.padMs / dt);
  const from = Math.max(0, (speechIdx[0] ?? 0) - pad);
  const to = Math.min(n, (speechIdx[speechIdx.length - 1] ?? 0) + pad + 1);
  // two mouth measures, the clearer kept, as the session's lip-sync does
  const { clearer: sync } = lipSyncBoth(
    jaw.slice(from, to),
    lips.slice(from, to),
    audio.slice(from, to),
    PHRASE.gridHz,
  );
  const jawStd = std(jaw.slice(from, to));
  const lipStd = std(lips.slice(from, to));
  const measured = {
    speechMs: speechIdx.length * dt,
    speechShare: to > from ? speechIdx.length / (to - from) : 0,
    jawStd,
    lipStd,
    peakCorr: sync.peakCorr,
    lagMs: sync.lagMs,
    faceShare: faceShare(window),
    frames: window.length,
  };
  const firstSpeech = speechIdx[0];
  const lastSpeech = speechIdx[speechIdx.length - 1];
  const faces = window.filter(hasFace);
  const onsetT = firstSpeech === undefined ? null : t0 + firstSpeech * dt;
  const endT = t0 + (lastSpeech ?? 0) * dt;
  const parts = {
    latencyMs: onsetT === null ? null : Math.max(0, Math.round(onsetT - ctx.issuedAtMs)),
    evidence: evidenceOf(
      // the mouth opens up to ~150 ms before the sound arrives: "before" is taken earlier than that
      argMax(
        faces.filter((f) => f.t < (onsetT ?? 0) - 200),
        (f) => f.t,
      ) ?? faces[0],
      argMax(
        faces.filter((f) => f.t >= (onsetT ?? 0) && f.t <= endT),
        (f) => f.face.blend.jawOpen,
      ),
      faces.find((f) => f.t > endT) ?? faces[faces.length - 1],
    ),
    measured,
  };
  if (measured.speechMs < PHRASE.minSpeechMs) {
    if (jawStd < FUSION_CONFIG.lipSync.minJawStd)
      return verdict(kind, 'not_performed', 'no speech and no mouth movement', { measured });
    return verdict(kind, 'unreliable', 'the mouth moved but too little speech was heard', parts);
  }
  const frontal =
    faces.filter((f) => Math.abs(f.face.pose.yaw) <= 30).length / Math.max(1, window.length);
  if (
    measured.speechShare >= PHRASE.failSpeechShare &&
    frontal >= 0.8 &&
    jawStd < PHRASE.stillJawStd &&
    lipStd < PHRASE.stillLipStd
  ) {
    return verdict(kind, 'failed', 'speech heard while the visible mouth stayed still', parts);
  }
  const lagOk = sync.lagMs >= PHRASE.minLagMs && sync.lagMs <= PHRASE.maxLagMs;
  if (sync.informative && sync.peakCorr >= PHRASE.passCorr && lagOk) {
    return verdict(
      kind,
      'passed',
      `read aloud: mouth and voice correlate ${sync.peakCorr.toFixed(2)} at ${Math.round(sync.lagMs)} ms`,
      parts,
    );
  }
  return verdict(
    kind,
    'unreliable',
    `speech and mouth only weakly related (correlation ${sync.peakCorr.toFixed(2)})`,
    parts,
  );
}
