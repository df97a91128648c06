/**
 * Identity continuity within one session (pure): is the face at the end the face at the start?
 * The reference is the medoid of the first descriptors; a *change* is a run of consecutive
 * descriptors beyond the match distance that lasts (another person took over, or a face swap
 * switched on); a *flicker* is a short run far beyond it (a swap that briefly reverts, a second
 * person leaning in). Evidence for a reviewer: REVIEW, hard only for a long, clear change.
 */
import type { Assessment, Finding } from './assessment';
import { uninformative } from './assessment';
import { FUSION_CONFIG } from './fusion-config';
import { distance, medoid, type IdentitySample } from './identity';
import type { Span } from './types';

const cfg = FUSION_CONFIG.identity;

export interface IdentityEpisode extends Span {
  kind: 'change' | 'flicker';
  samples: number;
  medianDistance: number;
}

export interface IdentityDrift {
  /** distance of every descriptor to the opening reference, for the report's timeline */
  timeline: { t: number; d: number }[];
  episodes: IdentityEpisode[];
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

export function clock(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function episodeOf(run: { t: number; d: number }[]): IdentityEpisode | null {
  const first = run[0];
  const last = run.at(-1);
  if (!first || !last) return null;
  const med = median(run.map((x) => x.d));
  const long = run.length >= cfg.changeMinSamples && last.t - first.t >= cfg.changeMinMs;
  const kind = long ? 'change' : med >= cfg.flickerDistance ? 'flicker' : null;
  if (!kind) return null;
  const medianDistance = Math.round(med * 1000) / 1000;
  return { kind, startMs: first.t, endMs: last.t, samples: run.length, medianDistance };
}

export function detectIdentityDrift(samples: readonly IdentitySample[]): IdentityDrift | null {
  const sorted = [...samples].sort((a, b) => a.t - b.t);
  const opening = sorted.slice(0, cfg.referenceSamples).map((s) => s.e);
  const ref = opening.length >= cfg.minReference ? medoid(opening) : null;
  if (!ref) return null;
  const timeline = sorted.map((s) => ({ t: s.t, d: Math.round(distance(s.e, ref) * 1000) / 1000 }));
  const episodes: IdentityEpisode[] = [];
  let run: { t: number; d: number }[] = [];
  const flush = (): void => {
    const e = episodeOf(run);
    if (e) episodes.push(e);
    run = [];
  };
  for (const p of timeline) {
    if (p.d > cfg.matchDistance) run.push(p);
    else flush();
  }
  flush();
  return { timeline, episodes };
}

function findingOf(drift: IdentityDrift): Finding | null {
  const changes = drift.episodes.filter((e) => e.kind === 'change');
  const flickers = drift.episodes.filter((e) => e.kind === 'flicker');
  const first = changes[0] ?? flickers[0];
  if (!first) return null;
  const hard = changes.some(
    (e) => e.samples >= cfg.hardMinSamples && e.medianDistance >= cfg.hardDistance,
  );
  const text = changes[0]
    ? `a different person appears from ${clock(first.startMs)} (${clock(first.startMs)}–${clock(first.endMs)}, face distance ${first.medianDistance.toFixed(2)} from the opening face; same person ≤ ${cfg.matchDistance})` +
      (changes.length > 1 ? `; ${changes.length} such changes` : '')
    : `the face briefly changes to another person at ${clock(first.startMs)}` +
      (flickers.length > 1 ? ` (${flickers.length} times)` : '') +
      ` (face distance ${first.medianDistance.toFixed(2)} from the opening face)`;
  return {
    code: changes[0] ? 'identity_change' : 'identity_flicker',
    text,
    startMs: first.startMs,
    endMs: first.endMs,
    severity: hard ? 'hard' : 'review',
  };
}

/** The session-level identity assessment: informative once a reference exists. */
export function assessIdentity(samples: readonly IdentitySample[]): Assessment {
  const drift = detectIdentityDrift(samples);
  if (!drift)
    return uninformative(
      'identity',
      'too few frontal face descriptors for an identity reference',
      samples.length,
    );
  const finding = findingOf(drift);
  const worst = Math.max(0, ...drift.timeline.map((p) => p.d));
  return {
    signal: 'identity',
    value: Math.round(worst * 1000) / 1000,
    frames: samples.length,
    confidence: Math.min(1, samples.length / 10),
    informative: true,
    evidence: finding ? -1 : 0,
    note: finding
      ? finding.text
      : `same face throughout: ${samples.length} descriptors, largest distance ${worst.toFixed(2)} from the opening face`,
    finding,
  };
}
