import 'server-only';
import type { Prisma } from '@prisma/client';
import { assessAll, fuse } from '@/lib/analysis/fusion';
import { FUSION_CONFIG } from '@/lib/analysis/fusion-config';
import { SessionState } from '@/lib/analysis/session-state';
import { applyUploadPacing, fasterThanRealTime } from '@/lib/analysis/upload-pacing';
import type { TVerdictResult } from '@/lib/schemas/signals';
import { forEachSliced } from './cooperative/slices';
import { db, type TTx } from './db';
import { countEngineWindows, loadFusionInput } from './evidence/load-session-evidence';

/**
 * The session verdict, recomputed on the server from what is stored (never taken from a client):
 * fuseSession over the session's evidence as lib/server/evidence reads it (TRUSTED engine windows,
 * challenge outcomes). Each
 * recompute appends a Verdict row (the reports read the newest), carrying the fusion config version.
 */

type TClient = TTx | typeof db;

/** Minimum gap between two recomputes of one open session; grows with its length (each reads every window). */
const MIN_INTERVAL_MS = 5000;
const PER_WINDOW_INTERVAL_MS = 4;
export { MAX_ENGINE_WINDOWS_PER_SESSION } from './evidence/load-session-evidence';

/**
 * When this process last stored a verdict for a session: lets the throttle skip its query for the
 * (most) batches that arrive within the gap. Only ever a lower bound of the newest stored verdict's
 * time, so it never lets a recompute through that the stored rows would throttle; other instances'
 * verdicts are still found by the query once this process's gap has passed. Bounded: oldest
 * entries are dropped first (Map keeps insertion order).
 */
const lastStoredHere = new Map<string, number>();
const MAX_REMEMBERED = 10_000;

function rememberStored(sessionId: string, at: number) {
  lastStoredHere.delete(sessionId);
  lastStoredHere.set(sessionId, at);
  if (lastStoredHere.size > MAX_REMEMBERED)
    lastStoredHere.delete(lastStoredHere.keys().next().value!);
}

async function recentlyRecomputed(
  sessionId: string,
  windows: number,
  client: TClient,
): Promise<boolean> {
  const gap = Math.max(MIN_INTERVAL_MS, windows * PER_WINDOW_INTERVAL_MS);
  const here = lastStoredHere.get(sessionId);
  if (here !== undefined && Date.now() - here < gap) return true;
  const last = await client.verdict.findFirst({
    where: { sessionId },
    orderBy: { createdAt: 'desc' },
    select: { createdAt: true },
  });
  return last !== null && Date.now() - last.createdAt.getTime() < gap;
}

/**
 * Recomputes and stores the verdict. `force` skips the throttle (room end); `windows`, when the
 * caller knows the session's window count, saves counting them for the throttle.
 * Returns null when throttled or when there is nothing to judge yet.
 */
export async function recomputeVerdict(
  sessionId: string,
  opts: { force?: boolean; client?: TClient; windows?: number } = {},
): Promise<TVerdictResult | null> {
  const client = opts.client ?? db;
  if (
    !opts.force &&
    (await recentlyRecomputed(
      sessionId,
      opts.windows ?? (await countEngineWindows(sessionId, client)),
      client,
    ))
  )
    return null;
  const { windows, challenges, pacing } = await loadFusionInput(sessionId, client);
  if (windows.length === 0) return null;
  // fuseSession's computation, with the state built in slices that yield to the event loop.
  const state = new SessionState();
  await forEachSliced(
    [...windows].sort((a, b) => a.startMs - b.startMs),
    (w) => state.add(w),
  );
  // Async answers uploaded faster than they could have been recorded cap the verdict at REVIEW.
  const verdict = applyUploadPacing(
    fuse(state, assessAll(state, challenges)),
    fasterThanRealTime(pacing),
    FUSION_CONFIG.fusion.passAtOrAbove - 1,
  );
  const stored = await client.verdict.create({
    select: { createdAt: true },
    data: {
      sessionId,
      score: verdict.score,
      label: verdict.label,
      reasons: verdict.reasons satisfies Prisma.InputJsonArray,
      configVersion: verdict.configVersion,
    },
  });
  // Inside a caller's transaction the row may yet roll back: remember only what is committed.
  if (client === db) rememberStored(sessionId, stored.createdAt.getTime());
  return verdict;
}
