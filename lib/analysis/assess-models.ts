import type { TChallengeSummary } from '../schemas/signals';
import { FUSION_CONFIG } from './fusion-config';
import { clock, median, ramp } from './math/stats';
import type { SessionState } from './session-state';
import { pct, uninformative, type Assessment } from './assessment';
import type { Span } from './types';

/**
 * Assessments of the model, physiological and active signals: anti-spoof, texture, rPPG, lip-sync,
 * challenges. Anti-spoof (MiniFASNet) is judged on near-frontal frames only and stops working on
 * high-quality screens, unusual lighting and faces much smaller than its training crops; texture
 * (Meso4) is an old deepfake model that mislabels ordinary webcams (P(real) ~0.35 on live clips
 * here), so it carries little weight.
 */

const cfg = FUSION_CONFIG;

function probabilityEvidence(p: number, liveAbove: number, spoofBelow: number): number {
  if (p >= liveAbove) return ramp(p, liveAbove, Math.min(1, liveAbove + 0.2));
  if (p <= spoofBelow) return -ramp(p, spoofBelow, Math.max(0, spoofBelow - 0.2));
  return 0;
}

export function assessAntiSpoof(s: SessionState): Assessment {
  const a = cfg.antiSpoof;
  if (s.antiSpoofMeans.length === 0)
    return uninformative('antiSpoof', 'anti-spoof model did not run on a near-frontal face');
  const p = median(s.antiSpoofMeans);
  const note = `anti-spoof P(real) median ${p.toFixed(2)} over ${s.antiSpoofSamples} frontal samples`;
  const base = {
    signal: 'antiSpoof' as const,
    value: p,
    frames: s.antiSpoofSamples,
    informative: true,
    note,
    confidence: ramp(s.antiSpoofSamples, 0, a.fullConfidenceSamples),
  };
  const hard =
    p <= a.hardMedianBelow &&
    s.antiSpoofSamples >= a.hardMinSamples &&
    s.antiSpoofMeans.length >= a.hardMinWindows;
  const evidence = probabilityEvidence(p, a.liveAbove, a.spoofBelow);
  if (evidence < 0) {
    const text = `anti-spoof model sees a photo or screen (P(real) ${p.toFixed(2)} on frontal frames, ${clock(s.firstMs ?? 0)}–${clock(s.lastMs)})`;
    return {
      ...base,
      evidence: hard ? -1 : evidence,
      finding: {
        code: 'ANTISPOOF_SPOOF',
        text,
        startMs: s.firstMs ?? 0,
        endMs: s.lastMs,
        severity: hard ? 'hard' : 'soft',
      },
    };
  }
  return { ...base, evidence, finding: null };
}

export function assessTexture(s: SessionState): Assessment {
  const t = cfg.texture;
  if (s.textureMeans.length === 0) return uninformative('texture', 'texture model did not run');
  const p = median(s.textureMeans);
  const evidence = probabilityEvidence(p, t.liveAbove, t.spoofBelow);
  const note = `texture model P(real) median ${p.toFixed(2)} (weak, old model)`;
  const base = {
    signal: 'texture' as const,
    value: p,
    frames: s.textureSamples,
    informative: true,
    note,
    confidence: ramp(s.textureSamples, 0, t.fullConfidenceSamples),
    evidence,
  };
  if (evidence >= 0) return { ...base, finding: null };
  const text = `texture model flags synthetic or re-captured skin (P(real) ${p.toFixed(2)})`;
  return {
    ...base,
    finding: {
      code: 'TEXTURE_SPOOF',
      text,
      startMs: s.firstMs ?? 0,
      endMs: s.lastMs,
      severity: 'soft',
    },
  };
}

export function assessPulse(s: SessionState): Assessment {
  const segs = s.series.pulse;
  const r = cfg.rppg;
  if (segs.length === 0) return uninformative('rppg', 'needs 10 s of continuous face at >= 14 fps');
  const present = segs.filter((x) => x.present);
  const share = present.length / segs.length;
  const bpm = present.length > 0 ? median(present.map((x) => x.bpm)) : null;
  const note = `pulse in ${present.length}/${segs.length} segments${bpm !== null ? `, ~${Math.round(bpm)} bpm` : ''}`;
  const base = {
    signal: 'rppg' as const,
    value: bpm,
    frames: segs.length * Math.round((r.segmentMs / 1000) * cfg.seriesRateHz),
    informative: true,
    note,
    confidence: ramp(segs.length, 0, 4),
  };
  if (share >= r.presentShare)
    return { ...base, evidence: ramp(share, r.presentShare, 0.8), finding: null };
  if (segs.length >= r.absenceMinSegments && share < 0.2) {
    const first = segs[0] ?? { startMs: 0 };
    const last = segs.at(-1) ?? { endMs: 0 };
    // Compression often erases the pulse: this is weak evidence, kept small.
    const text = `no skin pulse found (${clock(first.startMs)}–${clock(last.endMs)}); compressed video can hide it`;
    return {
      ...base,
      evidence: -0.4,
      finding: {
        code: 'NO_PULSE',
        text,
        startMs: first.startMs,
        endMs: last.endMs,
        severity: 'soft',
      },
    };
  }
  return { ...base, evidence: 0, finding: null };
}

export function assessLipSync(s: SessionState): Assessment {
  const segs = s.series.lip;
  const still = s.series.stillMouth;
  const l = cfg.lipSync;
  if (segs.length === 0 && still.length === 0) {
    return uninformative(
      'lipSync',
      s.series.lipSegments > 0 ? 'no speech heard' : 'no audio on the same clock',
    );
  }
  if (still.length > segs.length) return voiceWithoutMouth(still);
  const corr = median(segs.map((x) => x.peakCorr));
  const lag = median(segs.map((x) => x.lagMs));
  const note = `mouth vs voice: peak r ${corr.toFixed(2)} at ${Math.round(lag)} ms (${segs.length} speech segments)`;
  const base = {
    signal: 'lipSync' as const,
    value: corr,
    frames: segs.length,
    informative: true,
    note,
    confidence: ramp(segs.length, 0, 4),
  };
  const range = { startMs: segs[0]?.startMs ?? 0, endMs: segs.at(-1)?.endMs ?? 0 };
  const lagOk = lag >= l.goodLagMs[0] && lag <= l.goodLagMs[1];
  if (corr >= l.goodCorr && lagOk)
    return { ...base, evidence: ramp(corr, l.goodCorr, 0.6), finding: null };
  if (corr >= l.goodCorr) return offsetFinding(base, segs, lag, range);
  if (corr < l.poorCorr) {
    const text = `mouth movement does not follow the voice (r ${corr.toFixed(2)}, ${clock(range.startMs)}–${clock(range.endMs)})`;
    return {
      ...base,
      evidence: -0.7,
      finding: { code: 'LIPSYNC_POOR', text, ...range, severity: 'soft' },
    };
  }
  return { ...base, evidence: 0, finding: null };
}

/**
 * A clear but shifted peak. Constant over the clip (>= offsetMinSegments coupled segments whose lags
 * agree within offsetMaxSpreadMs): a device, container or transport delay; the mouth still follows the
 * voice, so it is shown, not held against the candidate. Drifting, or seen in too few segments to know:
 * what dubbed and audio-driven generated faces produce, so a review rule.
 */
function offsetFinding(
  base: Omit<Assessment, 'evidence' | 'finding'>,
  segs: ReadonlyArray<{ peakCorr: number; lagMs: number }>,
  lag: number,
  range: Span,
): Assessment {
  const l = cfg.lipSync;
  const lags = segs.filter((x) => x.peakCorr >= l.poorCorr).map((x) => x.lagMs);
  const spread = lags.length > 1 ? median(lags.map((x) => Math.abs(x - lag))) : Infinity;
  const where = `${clock(range.startMs)}–${clock(range.endMs)}`;
  if (lags.length >= l.offsetMinSegments && spread <= l.offsetMaxSpreadMs) {
    const text = `voice is offset from the mouth by a constant ${Math.round(lag)} ms over ${lags.length} speech segments (${where}): a device or container delay, the mouth follows the voice`;
    return {
      ...base,
      evidence: 0,
      finding: { code: 'LIPSYNC_CONSTANT_OFFSET', text, ...range, severity: 'soft' },
    };
  }
  const drift = Number.isFinite(spread) ? `, drifting by ~${Math.round(spread)} ms` : '';
  const text = `voice is offset from the mouth by ${Math.round(lag)} ms${drift} (${where}); live speech is within ~150 ms`;
  return {
    ...base,
    confidence: Math.max(base.confidence, 0.5),
    evidence: -0.8,
    finding: { code: 'LIPSYNC_LAG', text, ...range, severity: 'review' },
  };
}

/** Speech on the candidate's track while the candidate's mouth does not move: someone else speaks, or the face is not the speaker. */
function voiceWithoutMouth(still: readonly Span[]): Assessment {
  const range = { startMs: still[0]?.startMs ?? 0, endMs: still.at(-1)?.endMs ?? 0 };
  const text = `a voice is heard but the mouth barely moves (${clock(range.startMs)}–${clock(range.endMs)}): another speaker or a puppet face`;
  return {
    signal: 'lipSync',
    value: 0,
    frames: still.length,
    confidence: ramp(still.length, 0, 2),
    informative: true,
    evidence: -0.8,
    note: `${still.length} speech segment(s) without mouth movement`,
    finding: { code: 'LIPSYNC_NO_MOUTH', text, ...range, severity: 'review' },
  };
}

const HARD_CHALLENGES = new Set(['profile_left', 'profile_right', 'hand_occlusion']);

/** Every challenge kind has a chance rate: adding a kind without one does not compile. */
const CHANCE_PASS: Readonly<Record<TChallengeSummary['kind'], number>> = cfg.challenges.chancePass;

/** Share of never-asked answer windows that pass this kind anyway (fusion config `challenges`). */
function chancePass(kind: TChallengeSummary['kind']): number {
  return Math.min(1, Math.max(0, CHANCE_PASS[kind]));
}

/**
 * One answer's evidence: a pass is worth what never-answering footage fails to fake
 * (passCredit x (1 − chance)); a fail −1 and a missing answer −0.5 whatever the kind.
 */
export function challengeScore(c: Pick<TChallengeSummary, 'kind' | 'outcome'>): number {
  if (c.outcome === 'pass') return cfg.challenges.passCredit * (1 - chancePass(c.kind));
  return c.outcome === 'fail' ? -1 : -0.5;
}

export function assessChallenges(challenges: readonly TChallengeSummary[]): Assessment {
  const judged = challenges.filter((c) => c.outcome !== 'inconclusive');
  if (judged.length === 0) return uninformative('challenge', 'no challenges answered');
  const evidence = judged.reduce((a, c) => a + challengeScore(c), 0) / judged.length;
  const passed = judged.filter((c) => c.outcome === 'pass').length;
  const weak = [...new Set(judged.filter((c) => c.outcome === 'pass').map((c) => c.kind))].filter(
    (k) => chancePass(k) >= 0.25,
  );
  const rates = weak.map(chancePass);
  const range =
    Math.min(...rates) === Math.max(...rates)
      ? pct(Math.min(...rates))
      : `${pct(Math.min(...rates))}–${pct(Math.max(...rates))}`;
  const note =
    `${passed}/${judged.length} challenges passed` +
    (weak.length > 0
      ? ` (${weak.map((k) => k.replace('_', ' ')).join(', ')}: footage never asked passes ${weak.length === 1 ? 'it' : 'them'} by chance in ${range} of answer windows, so a pass counts for less)`
      : '');
  const base = {
    signal: 'challenge' as const,
    value: passed / judged.length,
    frames: judged.length,
    informative: true,
    confidence: 1,
    note,
  };
  const worst =
    judged.find((c) => c.outcome === 'fail' && HARD_CHALLENGES.has(c.kind)) ??
    judged.find((c) => c.outcome === 'fail') ??
    judged.find((c) => c.outcome === 'no_response');
  if (!worst) return { ...base, evidence, finding: null };
  const hard = worst.outcome === 'fail' && HARD_CHALLENGES.has(worst.kind);
  const verb = worst.outcome === 'fail' ? 'failed' : 'was not answered';
  const text = `${worst.kind.replace('_', ' ')} challenge ${verb} (${clock(worst.startMs)}–${clock(worst.endMs)})${worst.detail ? `: ${worst.detail}` : ''}; ${pct(passed / judged.length)} passed`;
  return {
    ...base,
    evidence: hard ? -1 : evidence,
    finding: {
      code: worst.outcome === 'fail' ? 'CHALLENGE_FAILED' : 'CHALLENGE_NO_RESPONSE',
      text,
      startMs: worst.startMs,
      endMs: worst.endMs,
      severity: hard ? 'hard' : 'review',
    },
  };
}
