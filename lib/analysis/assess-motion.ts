import { FUSION_CONFIG } from './fusion-config';
import { clock, median, momentsStd, ramp } from './math/stats';
import type { SessionState } from './session-state';
import { pct, secs, uninformative, type Assessment, type Finding } from './assessment';

/**
 * Assessments of the geometric signals: presence, pose, planar motion, frozen, loops, jitter, blinks.
 * Jitter (median adjacent-frame homography residual) only speaks when it is far above the ~0.1–0.3%
 * seen on real webcams: a real-time face swap losing track makes landmarks jump; heavy compression,
 * low light and tiny faces also raise it, so it is a low-weight soft signal.
 */

const cfg = FUSION_CONFIG;

export function assessPresence(s: SessionState): Assessment {
  if (s.frames === 0) return uninformative('presence', 'no frames analysed');
  const noneShare = s.none / s.frames;
  const multiShare = s.multi / s.frames;
  const p = cfg.presence;
  const base = {
    signal: 'presence' as const,
    value: s.one / s.frames,
    frames: s.frames,
    confidence: ramp(s.frames, 0, 100),
    informative: true,
  };
  const note = `one face in ${pct(s.one / s.frames)} of frames, none in ${pct(noneShare)}, several in ${pct(multiShare)}`;
  if (multiShare >= p.multiFaceReviewShare) {
    const span = s.multiFace.span() ?? { startMs: s.firstMs ?? 0, endMs: s.lastMs };
    const text = `more than one face in ${pct(multiShare)} of frames (${clock(span.startMs)}–${clock(span.endMs)})`;
    return {
      ...base,
      evidence: -0.8 * ramp(multiShare, p.multiFaceReviewShare, 0.3),
      note,
      finding: { code: 'MULTIPLE_FACES', text, ...span, severity: 'review' },
    };
  }
  if (noneShare >= p.noFaceReviewShare) {
    const span = s.noFace.span() ?? { startMs: s.firstMs ?? 0, endMs: s.lastMs };
    const text = `no face in ${pct(noneShare)} of frames (${clock(span.startMs)}–${clock(span.endMs)})`;
    return {
      ...base,
      evidence: -ramp(noneShare, p.noFaceReviewShare, 0.6),
      note,
      finding: { code: 'NO_FACE', text, ...span, severity: 'soft' },
    };
  }
  const appeared = s.countChanges.find(([, from, to]) => to > Math.max(1, from));
  if (appeared) {
    // Debounced (>= 3 frames), but brief: worth a look, not a verdict.
    const [t] = appeared;
    const text = `a second face appeared at ${clock(t)} (${s.countChanges.length} face-count changes)`;
    return {
      ...base,
      evidence: -0.3,
      note,
      finding: { code: 'FACE_APPEARED', text, startMs: t, endMs: t + 1000, severity: 'soft' },
    };
  }
  return { ...base, evidence: 0.3 * ramp(s.one / s.frames, 0.8, 0.95), note, finding: null };
}

const signed = (x: number) => {
  const r = Math.round(x);
  return `${r > 0 ? '+' : r < 0 ? '−' : ''}${Math.abs(r)}°`;
};
const fmtRange = (lo: number, hi: number) => `${signed(lo)} to ${signed(hi)}`;

export function assessPose(s: SessionState): Assessment {
  const p = s.pose;
  if (p.yaw.n < 10) return uninformative('pose', 'too few face frames for head pose');
  const stdMax = Math.max(momentsStd(p.yaw), momentsStd(p.pitch), momentsStd(p.roll));
  const range = Math.max(p.yawMax - p.yawMin, p.pitchMax - p.pitchMin);
  const note = `yaw (left–right, + = their left) ${fmtRange(p.yawMin, p.yawMax)}, pitch (up–down, + = up) ${fmtRange(p.pitchMin, p.pitchMax)}; largest std of yaw/pitch/roll ${stdMax.toFixed(1)}°`;
  const base = { signal: 'pose' as const, value: range, frames: p.yaw.n, informative: true, note };
  const duration = s.durationMs();
  if (duration >= cfg.pose.stillPoseMinMs && stdMax < cfg.pose.stillPoseStdDeg) {
    const text = `head pose (yaw, pitch, roll) did not change for ${secs(duration)} (largest std ${stdMax.toFixed(1)}°)`;
    return {
      ...base,
      confidence: 1,
      evidence: -0.6,
      finding: {
        code: 'STATIC_POSE',
        text,
        startMs: s.firstMs ?? 0,
        endMs: s.lastMs,
        severity: 'soft',
      },
    };
  }
  return {
    ...base,
    confidence: ramp(duration, 0, 30_000),
    evidence: 0.4 * ramp(range, 3, 15),
    finding: null,
  };
}

export function assessPlanar(s: SessionState): Assessment {
  const p = s.planar;
  const pc = cfg.planar;
  const informativeMs = p.informativeMs;
  if (p.informative === 0)
    return uninformative('planar', 'too little head or camera motion to test 3D shape', p.pairs);
  // A face filling the frame whose margins (hair, neck, collar) followed the face plane in most of
  // the pairs judged on them moved as one rigid picture: the landmarks' parallax on those pairs is
  // MediaPipe's 3D prior, so they count as planar (surround.ts, docs/planar-signals.md). Soft
  // evidence only: the hard rule below still rests on the pairs' own kinds.
  const sc = cfg.surround;
  const marginRigid =
    p.marginJudged >= sc.marginMinPairs && p.marginLocked / p.marginJudged >= sc.marginRigidShare;
  const moved = marginRigid ? p.margin3d : 0;
  const planarShare = (p.planar + moved) / p.informative;
  const threeDShare = (p.threeD - moved) / p.informative;
  const pairPlanarShare = p.planar / p.informative;
  const pairThreeDShare = p.threeD / p.informative;
  const locked =
    p.locked > 0
      ? ` (in ${pct(p.locked / p.informative)} the picture around the face moved with it, as one plane)`
      : '';
  const rigid = marginRigid
    ? `; the face filled the frame and the hair, neck and edges around it moved with it as one plane in ${pct(p.marginLocked / p.marginJudged)} of ${p.marginJudged} pairs, so its apparent depth counts as flat`
    : '';
  const note = `${p.informative} moving frame pairs: ${pct(planarShare)} moved like a flat surface${locked}, ${pct(threeDShare)} showed 3D parallax${rigid}`;
  const base = {
    signal: 'planar' as const,
    value: planarShare,
    frames: p.informative,
    informative: true,
    note,
    confidence: ramp(informativeMs, 0, 8000),
  };
  const span = s.planarEpisodes.span() ?? { startMs: s.firstMs ?? 0, endMs: s.lastMs };
  const episodeMs = s.planarEpisodes.totalMs();
  const text = `face moved like a flat picture for ${secs(episodeMs)} (${clock(span.startMs)}–${clock(span.endMs)}); a real head shows depth when it moves`;
  const sessionHard =
    informativeMs >= pc.hardMinInformativeMs &&
    pairPlanarShare >= pc.hardPlanarShare &&
    pairThreeDShare <= pc.hardMax3dShare;
  const runHard = s.planarRun.bestMs >= pc.hardRunMs;
  if (sessionHard || runHard) {
    const where =
      runHard && !sessionHard
        ? { startMs: s.planarRun.bestStartMs, endMs: s.planarRun.bestEndMs }
        : span;
    return {
      ...base,
      confidence: 1,
      evidence: -1,
      finding: { code: 'PLANAR_MOTION', text, ...where, severity: 'hard' },
    };
  }
  // More pairs flat than 3D (by a margin, over enough pairs): the picture moved as a plane more
  // often than as a head — a screen replaying a live head in a hand. REVIEW, not FAIL: a live head
  // that mostly sways or slides without turning looks the same. On the pairs' own kinds, like the
  // hard rule (the margin reading above is soft evidence only).
  const mostlyFlat =
    p.informative >= pc.reviewMinPairs &&
    pairPlanarShare >= pc.reviewFlatMinShare &&
    pairPlanarShare >= pc.reviewFlatOver3d * pairThreeDShare;
  const flat: Finding | null = mostlyFlat
    ? {
        code: 'PLANAR_MOSTLY_FLAT',
        text: `the face moved like a flat picture in ${pct(pairPlanarShare)} of ${p.informative} moving frame pairs and like a head in 3D in only ${pct(pairThreeDShare)} (${clock(span.startMs)}–${clock(span.endMs)}), as a screen or photo held in a hand does (a live head that sways without turning looks the same)`,
        ...span,
        severity: 'review',
      }
    : null;
  if (planarShare >= pc.softPlanarShare) {
    return {
      ...base,
      evidence: -ramp(planarShare, pc.softPlanarShare, pc.hardPlanarShare),
      finding: flat ?? { code: 'PLANAR_MOTION', text, ...span, severity: 'soft' },
    };
  }
  if (flat) return { ...base, evidence: 0, finding: flat };
  return { ...base, evidence: ramp(threeDShare, 0.15, 0.5), finding: null };
}

export function assessFrozen(s: SessionState): Assessment {
  const longest = s.frozen.longest();
  if (s.faceFrames < 10) return uninformative('frozen', 'too few face frames');
  const base = {
    signal: 'frozen' as const,
    frames: s.faceFrames,
    informative: true,
    confidence: 1,
  };
  if (!longest) {
    const dead = s.lifeless.result();
    if (!dead)
      return { ...base, value: 0, evidence: 0, note: 'no frozen stretches', finding: null };
    // A held frame re-encoded at a low bit rate: not flat in the lag, but nothing beyond coding
    // noise changes within a second, and no blink, for the whole stretch (signals/lifeless.ts).
    const len = dead.endMs - dead.startMs;
    const lc = cfg.frozen.lifeless;
    const text = `no sign of life for ${secs(len)} (${clock(dead.startMs)}–${clock(dead.endMs)}): no blink, and the face changed within a second no more than camera or coding noise (${dead.diff.toFixed(1)} grey levels, ${(dead.motion * 100).toFixed(1)} % of its size), as a frozen picture re-encoded at a low bit rate does (a live person who holds perfectly still without blinking looks the same)`;
    return {
      ...base,
      value: len,
      evidence: -ramp(len, lc.minMs, 2 * lc.minMs),
      note: text,
      finding: {
        code: 'NO_SIGN_OF_LIFE',
        text,
        startMs: dead.startMs,
        endMs: dead.endMs,
        severity: 'review',
      },
    };
  }
  const total = s.frozen.totalMs();
  const len = longest.endMs - longest.startMs;
  const hard = len >= cfg.frozen.hardRunMs;
  const text = `picture froze (no change beyond camera noise in pixels and landmarks) for ${secs(total)} (${clock(longest.startMs)}–${clock(longest.endMs)})`;
  return {
    ...base,
    value: total,
    evidence: -ramp(total, cfg.frozen.minRunMs, cfg.frozen.hardRunMs),
    note: text,
    finding: { code: 'FROZEN_FEED', text, ...longest, severity: hard ? 'hard' : 'soft' },
  };
}

export function assessLoops(s: SessionState): Assessment {
  const faceEvents = s.loops.finish();
  const sceneEvents = s.sceneLoops.events();
  const events = [...faceEvents, ...sceneEvents];
  if (s.faceFrames < 15) return uninformative('loop', 'too few face frames for replay detection');
  const base = { signal: 'loop' as const, frames: s.faceFrames, informative: true, confidence: 1 };
  const first = events[0];
  if (!first)
    return { ...base, value: 0, evidence: 0, note: 'no repeated segments', finding: null };
  const longest = events.reduce(
    (a, e) => (e.endMs - e.startMs > a.endMs - a.startMs ? e : a),
    first,
  );
  const len = longest.endMs - longest.startMs;
  const whole = sceneEvents.includes(longest);
  const what = whole
    ? `the whole picture repeats itself every ${(longest.offsetMs / 1000).toFixed(1)} s`
    : `video segment repeats an earlier one ${secs(longest.offsetMs)} before it`;
  const text = `${what} (${clock(longest.startMs)}–${clock(longest.endMs)}): a replay loop`;
  const hard = len >= cfg.loop.hardRunMs - 100;
  return {
    ...base,
    value: events.length,
    evidence: -1,
    note: `${events.length} repeated segment(s)${sceneEvents.length > 0 ? ` (${sceneEvents.length} of the whole picture)` : ''}`,
    finding: {
      code: 'REPLAY_LOOP',
      text,
      startMs: longest.startMs,
      endMs: longest.endMs,
      severity: hard ? 'hard' : 'soft',
    },
  };
}

export function assessJitter(s: SessionState): Assessment {
  if (s.jitterValues.length < 3) return uninformative('jitter', 'too few consecutive face frames');
  const m = median(s.jitterValues);
  const note = `median landmark noise ${(m * 100).toFixed(2)}% of face size`;
  const base = {
    signal: 'jitter' as const,
    value: m,
    frames: s.jitterValues.length,
    informative: true,
    confidence: ramp(s.jitterValues.length, 0, 30),
    note,
  };
  const span = s.highJitter.span();
  if (m > cfg.jitter.highFace && span) {
    const text = `face landmarks jumped unusually (${(m * 100).toFixed(1)}% of face size per frame, ${clock(span.startMs)}–${clock(span.endMs)})`;
    return {
      ...base,
      evidence: -ramp(m, cfg.jitter.highFace, 2 * cfg.jitter.highFace),
      finding: { code: 'LANDMARK_JUMPS', text, ...span, severity: 'soft' },
    };
  }
  return { ...base, evidence: 0, finding: null };
}

export function assessBlinks(s: SessionState): Assessment {
  const b = s.blinks;
  const bc = cfg.blink;
  if (b.eyesMs < bc.minObservedMs)
    return uninformative('blink', `eyes visible for only ${secs(b.eyesMs)}`, 0, b.events);
  const rate = (b.events * 60_000) / b.eyesMs;
  const gap = b.longestIncludingOpen();
  const note = `${b.events} blinks in ${secs(b.eyesMs)} of visible eyes (${rate.toFixed(1)}/min); longest gap ${secs(gap.eyesMs)}`;
  const base = {
    signal: 'blink' as const,
    value: rate,
    frames: Math.round(b.eyesMs / 50),
    informative: true,
    note,
    confidence: ramp(b.eyesMs, bc.minObservedMs, 60_000),
  };
  if (gap.eyesMs >= bc.noBlinkSuspectMs) {
    const text = `no blink in ${secs(gap.eyesMs)} (${clock(gap.startMs)}–${clock(gap.endMs)})`;
    return {
      ...base,
      evidence: -ramp(gap.eyesMs, bc.noBlinkSuspectMs, 2 * bc.noBlinkSuspectMs),
      finding: { code: 'NO_BLINK', text, ...gap, severity: 'soft' },
    };
  }
  return { ...base, evidence: 0.6 * ramp(rate, 2, 6), finding: null };
}
