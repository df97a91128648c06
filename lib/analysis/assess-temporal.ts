import { FUSION_CONFIG } from './fusion-config';
import { clock, ramp } from './math/stats';
import type { SessionState } from './session-state';
import {
  droppedFramesAt,
  peakProfile,
  type LongFoldResult,
  type LongFoldStats,
} from './signals/long-fold';
import { pct, uninformative, type Assessment } from './assessment';

/**
 * Assessments of the temporal-structure signals added for re-timed replays (frame cadence).
 * Kept apart from assess-motion.ts so each file stays small.
 */

const cfg = FUSION_CONFIG;

export function assessCadence(s: SessionState): Assessment {
  const c = s.cadence.summary();
  const cc = cfg.cadence;
  if (c.windows < cc.minWindows)
    return uninformative('cadence', 'too few compared frames for the frame cadence', c.compared);
  const fps = s.durationMs() > 0 ? (s.frames * 1000) / s.durationMs() : 0;
  const contentFps = fps * (1 - c.share);
  const note = `${pct(c.share)} of frames repeat their predecessor (stream ${fps.toFixed(0)} fps, content ~${contentFps.toFixed(0)} fps)`;
  const base = {
    signal: 'cadence' as const,
    value: c.share,
    frames: c.compared,
    informative: true,
    note,
    confidence: ramp(c.windows, 0, 10),
  };
  const fc = cc.fold;
  const folded =
    c.foldWindows >= fc.minWindows && c.foldLow >= fc.minShare * c.foldWindows && c.foldPeriod >= 2;
  if (c.share < cc.minShare && folded) {
    // Re-encoded duplicates: no frame repeats exactly, but one phase of every foldPeriod frames
    // carries no motion (the content moves on the source's clock, the codec adds noise).
    const range = { startMs: s.cadence.firstMs ?? 0, endMs: s.cadence.lastMs };
    const foldShare = c.foldLow / c.foldWindows;
    const contentFps = (fps * (c.foldPeriod - 1)) / c.foldPeriod;
    const text = `in ${pct(foldShare)} of ${c.foldWindows} seconds, one frame in every ${c.foldPeriod} carries no motion of the face, only coding noise (${clock(range.startMs)}–${clock(range.endMs)}): the content moves at ~${contentFps.toFixed(0)} fps in a ${fps.toFixed(0)} fps stream, as when a recording is re-timed and re-encoded (a camera that duplicates frames on a fixed clock looks the same)`;
    return {
      ...base,
      note: `${note}; one frame in ${c.foldPeriod} without motion in ${pct(foldShare)} of ${c.foldWindows} windows`,
      evidence: -ramp(foldShare, fc.minShare, 0.9),
      finding: { code: 'RETIMED_FRAMES', text, ...range, severity: 'review' },
    };
  }
  if (c.share < cc.minShare) return { ...base, evidence: 0, finding: null };
  // A re-timed file repeats on a strict lattice (every 2nd frame, every 6th...); a camera that drops
  // frames under load or low light repeats irregularly, often several frames in a row.
  // ...or the repeats found are only part of a lattice that the phase fold sees (some copies were
  // re-encoded past the repeat threshold, so the gaps look irregular).
  const regular = (c.spread <= cc.maxSpread && c.onLattice >= cc.minOnLattice) || folded;
  const range = { startMs: s.cadence.firstMs ?? 0, endMs: s.cadence.lastMs };
  const text = `${pct(c.share)} of frames repeat the previous one${regular ? ` in a strict pattern (every ${folded ? c.foldPeriod : c.period}${(folded ? c.foldPeriod : c.period) === 2 ? 'nd' : 'th'} frame)` : ' irregularly'} (${clock(range.startMs)}–${clock(range.endMs)}): the content moves at ~${contentFps.toFixed(0)} fps in a ${fps.toFixed(0)} fps stream, as when a recording is re-timed through a virtual camera (some real cameras also repeat frames)`;
  return {
    ...base,
    evidence: -ramp(c.share, cc.minShare, 0.45),
    finding: { code: 'RETIMED_FRAMES', text, ...range, severity: regular ? 'review' : 'soft' },
  };
}

/**
 * Long phase folds (signals/long-fold.ts): the adjacent changes of the whole session folded at
 * periods 2…10 frames, twice: the face's mean change (thumbnail + landmarks, `lfold`) and the largest
 * change of any 24x24 scene cell (`sfold`: a duplicated frame re-encoded changes no cell beyond coding
 * noise, a real frame of a still talker still has a region that moves). A re-timed replay leaves one
 * phase without motion in either (REVIEW evidence: a camera that duplicates frames on a fixed clock
 * looks the same).
 */
interface JudgedFold {
  kind: 'face' | 'scene';
  r: LongFoldResult;
  st: LongFoldStats;
  zReview: number;
  maxRatio: number;
  /** past both thresholds, whatever the profile */
  past: boolean;
  /** the period whose profile is one peak above a flat rest (frames dropped, not repeated), or null */
  dropped: number | null;
  hit: boolean;
}

/** Both folds with enough samples, judged on their own thresholds; the one to report first. */
function judgeFolds(s: SessionState): { judged: JudgedFold[]; best: JudgedFold | null } {
  const lf = cfg.cadence.longFold;
  const folds = [
    { kind: 'face' as const, st: s.longFold, zReview: lf.zReview, maxRatio: lf.maxRatio },
    { kind: 'scene' as const, st: s.sceneFold, ...lf.scene },
  ];
  const judged = folds.flatMap((x): JudgedFold[] => {
    const r = x.st.summary();
    if (!r || r.samples < lf.minSamples) return [];
    const past = r.z >= x.zReview && r.ratio <= x.maxRatio;
    const dropped = droppedFramesAt(r, lf.dropped);
    return [{ ...x, r, past, dropped, hit: past && dropped === null }];
  });
  // the fold that flags (the one further past its threshold), else the one closest to it
  const best = judged.reduce<JudgedFold | null>(
    (a, x) =>
      !a || (x.hit && !a.hit) || (x.hit === a.hit && x.r.z / x.zReview > a.r.z / a.zReview) ? x : a,
    null,
  );
  return { judged, best };
}

const foldNote = (x: JudgedFold): string => {
  const base = `${x.kind === 'face' ? 'face' : 'largest scene cell'}: emptiest phase at period ${x.r.period} ${x.r.ratio.toFixed(2)} of the mean change (z ${x.r.z.toFixed(1)})`;
  const pp = x.dropped === null ? null : peakProfile(x.r.profiles[x.dropped - 2] ?? []);
  return pp
    ? `${base}, but at period ${x.dropped} one phase carries ${pct(pp.excess)} more change than the flat others: frames dropped on a fixed schedule (a lower-rate conversion), not repeated`
    : base;
};

export function assessCadenceFold(s: SessionState): Assessment {
  const lf = cfg.cadence.longFold;
  const samples = Math.max(0, ...[s.longFold, s.sceneFold].map((st) => st.summary()?.samples ?? 0));
  const fps = s.durationMs() > 0 ? (s.frames * 1000) / s.durationMs() : 0;
  if (fps < lf.minFps)
    return uninformative(
      'cadenceFold',
      `frames analysed at ${fps.toFixed(1)} fps: the phase fold needs a regular sampling of the stream's frames at ≥ ${lf.minFps} fps`,
      samples,
    );
  const { judged, best } = judgeFolds(s);
  if (!best)
    return uninformative(
      'cadenceFold',
      'too few consecutive face frames for the phase fold',
      samples,
    );
  const r = best.r;
  const base = {
    signal: 'cadenceFold' as const,
    value: r.ratio,
    frames: r.samples,
    informative: true,
    note: `${judged.map(foldNote).join('; ')}; ${samples} frame changes`,
    confidence: ramp(r.samples, 0, 2 * lf.minSamples),
  };
  if (!best.hit) return { ...base, evidence: 0, finding: null };
  const range = { startMs: best.st.firstMs ?? 0, endMs: best.st.lastMs };
  const what =
    best.kind === 'face'
      ? `one frame change in every ${r.period} carries ${pct(1 - r.ratio)} less motion of the face than the others`
      : `in one frame change out of every ${r.period}, the part of the picture that changes most changes ${pct(1 - r.ratio)} less than in the others (a repeated frame changes nowhere beyond coding noise)`;
  const text = `over ${clock(range.startMs)}–${clock(range.endMs)}, ${what}: the content moves on a slower clock than the ${fps.toFixed(0)} fps stream, as when a recording is re-timed by repeating frames and re-encoded (a camera that duplicates frames on a fixed clock looks the same)`;
  return {
    ...base,
    evidence: -ramp(r.z, best.zReview, 2 * best.zReview),
    finding: { code: 'RETIMED_FRAMES', text, ...range, severity: 'review' },
  };
}
