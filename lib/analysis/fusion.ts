import type {
  TChallengeSummary,
  TVerdictLabel,
  TVerdictReason,
  TVerdictResult,
} from '../schemas/signals';
import { FUSION_CONFIG } from './fusion-config';
import { clamp, round } from './math/stats';
import type { Assessment } from './assessment';
import type { SessionState } from './session-state';
import {
  assessBlinks,
  assessFrozen,
  assessJitter,
  assessLoops,
  assessPlanar,
  assessPose,
  assessPresence,
} from './assess-motion';
import {
  assessAntiSpoof,
  assessChallenges,
  assessLipSync,
  assessPulse,
  assessTexture,
} from './assess-models';
import { assessCadence, assessCadenceFold } from './assess-temporal';
import { assessFlicker, assessResolution, assessSeam } from './signals/face-swap';
import { assessGeometry } from './signals/identity-geometry';
import { assessIdentity } from './identity-drift';
import { assessDisplayGrid } from './signals/display-grid';

/**
 * Transparent fusion: each signal adds weight x confidence x evidence (x pointsPerUnit score points)
 * to a prior that says most candidates are live; a reason's impact is exactly those points.
 * Hard rules (strong, physically unambiguous evidence) force FAIL and cap the score; review rules
 * (strong but explainable evidence) cap it just under PASS. A capping reason carries its `cap`. INCONCLUSIVE
 * when too few usable frames, or when the score says PASS but too little informative evidence backs it.
 */

const cfg = FUSION_CONFIG;

export function assessAll(s: SessionState, challenges: readonly TChallengeSummary[]): Assessment[] {
  return [
    assessPresence(s),
    assessPose(s),
    assessBlinks(s),
    assessJitter(s),
    assessPlanar(s),
    assessFrozen(s),
    assessLoops(s),
    assessAntiSpoof(s),
    assessTexture(s),
    assessPulse(s),
    assessLipSync(s),
    assessChallenges(challenges),
    assessCadence(s),
    assessCadenceFold(s),
    assessSeam(s.faceSwap),
    assessResolution(s.faceSwap),
    assessFlicker(s.faceSwap),
    assessGeometry(s.faceSwap.geom),
    assessIdentity(s.identity),
    assessDisplayGrid(s.displayGrid),
  ];
}

function contribution(a: Assessment): number {
  return a.informative ? cfg.fusion.weights[a.signal] * a.confidence * clamp(a.evidence, -1, 1) : 0;
}

function chooseLabel(
  score: number,
  hard: boolean,
  review: boolean,
  usable: boolean,
  passReady: boolean,
): TVerdictLabel {
  if (hard) return 'FAIL';
  if (review && score >= cfg.fusion.failBelow) return 'REVIEW';
  if (!usable) return 'INCONCLUSIVE';
  if (score < cfg.fusion.failBelow) return 'FAIL';
  if (score < cfg.fusion.passAtOrAbove) return 'REVIEW';
  return passReady ? 'PASS' : 'INCONCLUSIVE';
}

/** Evidence a PASS must rest on (fusion.minPassEvidence, minPassFaceMs, an informative 3D test). */
export function passReadiness(s: SessionState, assessments: readonly Assessment[]) {
  const evidenceMass = assessments.reduce(
    (acc, a) => acc + (a.informative ? cfg.fusion.weights[a.signal] * a.confidence : 0),
    0,
  );
  const planar = assessments.some((a) => a.signal === 'planar' && a.informative);
  return {
    ready:
      evidenceMass >= cfg.fusion.minPassEvidence && s.faceMs >= cfg.fusion.minPassFaceMs && planar,
    faceMs: s.faceMs,
  };
}

export function fuse(s: SessionState, assessments: readonly Assessment[]): TVerdictResult {
  const points = (x: number): number => cfg.fusion.pointsPerUnit * x;
  const softScore = clamp(
    50 + points(cfg.fusion.prior + assessments.reduce((acc, a) => acc + contribution(a), 0)),
    0,
    100,
  );
  const hard = assessments.some((a) => a.finding?.severity === 'hard');
  const review = assessments.some((a) => a.finding?.severity === 'review');
  const ceiling = hard ? cfg.fusion.hardFailMaxScore : review ? cfg.fusion.passAtOrAbove - 1 : 100;
  const score = Math.round(Math.min(softScore, ceiling));
  const usable = s.faceFrames >= cfg.fusion.minUsableFrames && s.faceMs >= cfg.fusion.minUsableMs;
  const reasons: TVerdictReason[] = [];
  for (const a of assessments) {
    if (!a.informative) continue;
    const impact = round(points(contribution(a)), 1);
    const f = a.finding;
    // A hard or review rule is a cap, not points: its impact stays its own evidence points (one
    // reason never claims the drop another rule also caused) and `cap` says where it holds the score.
    const cap =
      f?.severity === 'hard'
        ? cfg.fusion.hardFailMaxScore
        : f?.severity === 'review'
          ? cfg.fusion.passAtOrAbove - 1
          : null;
    if (!f && Math.abs(impact) < 1) continue;
    reasons.push({
      code: f?.code ?? `${a.signal.toUpperCase()}_${impact >= 0 ? 'LIVE' : 'SPOOF'}`,
      signal: a.signal,
      text: (f?.text ?? a.note).slice(0, 300),
      impact: clamp(impact, -100, 100),
      cap,
      hard: f?.severity === 'hard',
      severity: f?.severity ?? 'soft',
      startMs: Math.max(0, f?.startMs ?? s.firstMs ?? 0),
      endMs: Math.max(0, f?.endMs ?? s.lastMs),
    });
  }
  const rank = { hard: 2, review: 1, soft: 0 } as const;
  reasons.sort(
    (x, y) => rank[y.severity] - rank[x.severity] || Math.abs(y.impact) - Math.abs(x.impact),
  );
  return {
    score: clamp(score, 0, 100),
    label: chooseLabel(score, hard, review, usable, passReadiness(s, assessments).ready),
    reasons: reasons.slice(0, 64),
    configVersion: cfg.version,
    usableFrames: s.faceFrames,
    durationMs: Math.round(s.durationMs()),
  };
}
