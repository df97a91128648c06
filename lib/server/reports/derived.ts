import 'server-only';
import type { Prisma } from '@prisma/client';
import { z } from 'zod';
import { FUSION_CONFIG } from '@/lib/analysis/fusion-config';
import { assessAll, fuse } from '@/lib/analysis/fusion';
import { SessionState } from '@/lib/analysis/session-state';
import { summarizeSignals, toSummaries } from '@/lib/analysis/session';
import {
  applyUploadPacing,
  fasterThanRealTime,
  type PacingFinding,
} from '@/lib/analysis/upload-pacing';
import { ZSignalSummary, type TChallengeSummary, type TWindowSignals } from '@/lib/schemas/signals';
import { forEachSliced } from '../cooperative/slices';
import { db } from '../db';
import { evidenceStamp, loadFusionInput } from '../evidence/load-session-evidence';

/**
 * Report data that needs the analysis engine over every stored trusted window (a running score and
 * per-signal summaries). Fusion over a long session costs 100+ ms, so the result is cached in
 * ReportCache under a key naming its inputs (window and challenge counts and newest rows, engine
 * config); a report view recomputes only when that key changed.
 */

export const ZDerived = z.object({
  configVersion: z.string(),
  windows: z.number().int(),
  durationMs: z.number(),
  /** [media ms, score 0..100] as the session went on */
  scoreTrack: z.array(z.tuple([z.number(), z.number()])),
  summaries: z.array(ZSignalSummary),
});
export type TDerived = z.infer<typeof ZDerived>;

const TRACK_POINTS = 48;
const REVIEW_CAP = FUSION_CONFIG.fusion.passAtOrAbove - 1;

/**
 * One running-score point: the fused score with the upload-pacing cap recomputeVerdict applies
 * (an async answer uploaded faster than real time caps the score at REVIEW), from the moment that
 * answer started; the last point counts every finding, so it equals the stored verdict's score.
 */
function pointScore(
  state: SessionState,
  challenges: readonly TChallengeSummary[],
  pacing: readonly PacingFinding[],
): number {
  const fused = fuse(state, assessAll(state, challenges));
  return applyUploadPacing(fused, pacing, REVIEW_CAP).score;
}

/** The score the engine would have shown after each stretch of the session (challenges as they happened). */
export function runningScore(
  windows: readonly TWindowSignals[],
  challenges: readonly TChallengeSummary[],
  pacing: readonly PacingFinding[] = [],
): Array<[number, number]> {
  const sorted = [...windows].sort((a, b) => a.startMs - b.startMs);
  const step = Math.max(1, Math.ceil(sorted.length / TRACK_POINTS));
  const state = new SessionState();
  const track: Array<[number, number]> = [];
  sorted.forEach((w, i) => {
    state.add(w);
    if ((i + 1) % step !== 0 && i !== sorted.length - 1) return;
    // The last point is the verdict's own input: every challenge, also one issued after the last window.
    const last = i === sorted.length - 1;
    const known = last ? challenges : challenges.filter((c) => c.startMs <= w.endMs);
    const paced = last ? pacing : pacing.filter((f) => f.startMs <= w.endMs);
    track.push([w.endMs, pointScore(state, known, paced)]);
  });
  return track;
}

/**
 * deriveReport's result, computed in slices that yield to the event loop (cooperative/slices.ts):
 * the windows go into one SessionState in order, the running score is fused at the same points, and
 * the summaries come from the final state (one pass instead of two). Same output as deriveReport.
 */
export async function deriveReportSliced(
  windows: readonly TWindowSignals[],
  challenges: readonly TChallengeSummary[],
  pacing: readonly PacingFinding[] = [],
): Promise<TDerived> {
  const sorted = [...windows].sort((a, b) => a.startMs - b.startMs);
  const step = Math.max(1, Math.ceil(sorted.length / TRACK_POINTS));
  const state = new SessionState();
  const track: Array<[number, number]> = [];
  let first = Infinity;
  let last = 0;
  await forEachSliced(sorted, (w, i) => {
    first = Math.min(first, w.startMs);
    last = Math.max(last, w.endMs);
    state.add(w);
    if ((i + 1) % step !== 0 && i !== sorted.length - 1) return;
    const end = i === sorted.length - 1;
    const known = end ? challenges : challenges.filter((c) => c.startMs <= w.endMs);
    const paced = end ? pacing : pacing.filter((f) => f.startMs <= w.endMs);
    track.push([w.endMs, pointScore(state, known, paced)]);
  });
  return {
    configVersion: FUSION_CONFIG.version,
    windows: sorted.length,
    durationMs: sorted.length ? last - first : 0,
    scoreTrack: track,
    summaries: sorted.length ? roundSummaries(toSummaries(state, challenges)) : [],
  };
}

// Stored as JSONB, which keeps ~15 significant digits: round first so a cached copy hashes the same.
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

export function deriveReport(
  windows: readonly TWindowSignals[],
  challenges: readonly TChallengeSummary[],
  pacing: readonly PacingFinding[] = [],
): TDerived {
  const first = windows.reduce((m, w) => Math.min(m, w.startMs), Infinity);
  const last = windows.reduce((m, w) => Math.max(m, w.endMs), 0);
  return {
    configVersion: FUSION_CONFIG.version,
    windows: windows.length,
    durationMs: windows.length ? last - first : 0,
    scoreTrack: runningScore(windows, challenges, pacing),
    summaries: windows.length
      ? roundSummaries(summarizeSignals([...windows], { challenges: [...challenges] }))
      : [],
  };
}

function roundSummaries(summaries: ReturnType<typeof summarizeSignals>) {
  return summaries.map((x) => ({
    ...x,
    value: x.value === null ? null : round6(x.value),
    confidence: round6(x.confidence),
  }));
}

async function cacheKey(sessionId: string): Promise<string> {
  const [engine, results, answers] = await Promise.all([
    evidenceStamp(sessionId, 'ENGINE'),
    db.challengeResult.aggregate({
      where: { sessionId },
      _count: { _all: true },
      _max: { createdAt: true },
    }),
    // Upload pacing reads analysed async answers (media length) and their chunk log.
    db.asyncAnswer.aggregate({
      where: { sessionId, status: 'DONE' },
      _count: { _all: true },
      _max: { analysedAt: true },
    }),
  ]);
  return [
    FUSION_CONFIG.version,
    engine.n,
    engine.last,
    results._count._all,
    results._max.createdAt?.getTime() ?? 0,
    answers._count._all,
    answers._max.analysedAt?.getTime() ?? 0,
  ].join('|');
}

/** Same reader, same inputs as the stored verdict: the running score ends where the verdict is. */
async function computeDerived(sessionId: string): Promise<TDerived> {
  const { windows, challenges, pacing } = await loadFusionInput(sessionId);
  return deriveReportSliced(windows, challenges, fasterThanRealTime(pacing));
}

export type TDerivedProbe = { key: string; cached: TDerived | null };

/** Reads the cache key and the cached copy together (one round trip each, in parallel). */
export async function probeDerived(sessionId: string): Promise<TDerivedProbe> {
  const [key, row] = await Promise.all([
    cacheKey(sessionId),
    db.reportCache.findUnique({ where: { sessionId } }),
  ]);
  const parsed = row?.key === key ? ZDerived.safeParse(row.data) : null;
  return { key, cached: parsed?.success ? parsed.data : null };
}

/** The cached derived data when its key is current; else computed now and stored. */
export async function resolveDerived(sessionId: string, probe: TDerivedProbe): Promise<TDerived> {
  if (probe.cached) return probe.cached;
  const derived = await computeDerived(sessionId);
  const data = derived as unknown as Prisma.InputJsonObject;
  await db.reportCache.upsert({
    where: { sessionId },
    create: { sessionId, key: probe.key, data },
    update: { key: probe.key, data, createdAt: new Date() },
  });
  return derived;
}
