import 'server-only';
import type { Prisma } from '@prisma/client';
import { z } from 'zod';
import { FUSION_CONFIG } from '@/lib/analysis/fusion-config';
import { assessAll, fuse } from '@/lib/analysis/fusion';
import { SessionState } from '@/lib/analysis/session-state';
import { summarizeSignals } from '@/lib/analysis/session';
import {
  CHALLENGE_KINDS,
  ZSignalSummary,
  type TChallengeSummary,
  type TWindowSignals,
} from '@/lib/schemas/signals';
import { db } from '../db';
import { loadEngineWindows } from '../session-verdict';

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

const OUTCOME: Record<string, TChallengeSummary['outcome']> = {
  PASSED: 'pass',
  FAILED: 'fail',
  NOT_PERFORMED: 'no_response',
  UNRELIABLE: 'inconclusive',
  ALTERNATIVE: 'inconclusive',
};

export interface TChallengeInput {
  id: string;
  kind: string;
  outcome: string;
  startMs: number | null;
  endMs: number | null;
}

export function toChallengeSummaries(rows: readonly TChallengeInput[]): TChallengeSummary[] {
  const kinds: readonly string[] = CHALLENGE_KINDS;
  return rows.flatMap((c) =>
    kinds.includes(c.kind) && c.startMs !== null
      ? [
          {
            id: c.id.slice(0, 64),
            kind: c.kind as TChallengeSummary['kind'],
            outcome: OUTCOME[c.outcome] ?? 'inconclusive',
            startMs: c.startMs,
            endMs: Math.max(c.startMs, c.endMs ?? c.startMs),
          },
        ]
      : [],
  );
}

/** The score the engine would have shown after each stretch of the session (challenges as they happened). */
export function runningScore(
  windows: readonly TWindowSignals[],
  challenges: readonly TChallengeSummary[],
): Array<[number, number]> {
  const sorted = [...windows].sort((a, b) => a.startMs - b.startMs);
  const step = Math.max(1, Math.ceil(sorted.length / TRACK_POINTS));
  const state = new SessionState();
  const track: Array<[number, number]> = [];
  sorted.forEach((w, i) => {
    state.add(w);
    if ((i + 1) % step !== 0 && i !== sorted.length - 1) return;
    const known = challenges.filter((c) => c.startMs <= w.endMs);
    track.push([w.endMs, fuse(state, assessAll(state, known)).score]);
  });
  return track;
}

// Stored as JSONB, which keeps ~15 significant digits: round first so a cached copy hashes the same.
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

export function deriveReport(
  windows: readonly TWindowSignals[],
  challenges: readonly TChallengeSummary[],
): TDerived {
  const first = windows.reduce((m, w) => Math.min(m, w.startMs), Infinity);
  const last = windows.reduce((m, w) => Math.max(m, w.endMs), 0);
  return {
    configVersion: FUSION_CONFIG.version,
    windows: windows.length,
    durationMs: windows.length ? last - first : 0,
    scoreTrack: runningScore(windows, challenges),
    summaries: windows.length
      ? summarizeSignals([...windows], { challenges: [...challenges] }).map((x) => ({
          ...x,
          value: x.value === null ? null : round6(x.value),
          confidence: round6(x.confidence),
        }))
      : [],
  };
}

async function cacheKey(sessionId: string): Promise<string> {
  const [row] = await db.$queryRaw<
    Array<{ n: number; last: Date | null; cn: number; clast: Date | null }>
  >`
    SELECT
      (SELECT count(*)::int FROM "SignalWindow" WHERE "sessionId" = ${sessionId} AND "source" = 'TRUSTED') AS n,
      (SELECT max("createdAt") FROM "SignalWindow" WHERE "sessionId" = ${sessionId} AND "source" = 'TRUSTED') AS last,
      (SELECT count(*)::int FROM "ChallengeResult" WHERE "sessionId" = ${sessionId}) AS cn,
      (SELECT max("createdAt") FROM "ChallengeResult" WHERE "sessionId" = ${sessionId}) AS clast`;
  return [
    FUSION_CONFIG.version,
    row?.n ?? 0,
    row?.last?.getTime() ?? 0,
    row?.cn ?? 0,
    row?.clast?.getTime() ?? 0,
  ].join('|');
}

async function computeDerived(
  sessionId: string,
  challenges: readonly TChallengeInput[],
): Promise<TDerived> {
  // Engine windows only, at most the per-session cap (SESSION_CAPS.engineWindows), zod-parsed.
  const windows = await loadEngineWindows(sessionId);
  return deriveReport(windows, toChallengeSummaries(challenges));
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
export async function resolveDerived(
  sessionId: string,
  probe: TDerivedProbe,
  challenges: readonly TChallengeInput[],
): Promise<TDerived> {
  if (probe.cached) return probe.cached;
  const derived = await computeDerived(sessionId, challenges);
  const data = derived as unknown as Prisma.InputJsonObject;
  await db.reportCache.upsert({
    where: { sessionId },
    create: { sessionId, key: probe.key, data },
    update: { key: probe.key, data, createdAt: new Date() },
  });
  return derived;
}
