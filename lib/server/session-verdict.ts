import 'server-only';
import { Prisma } from '@prisma/client';
import { assessAll, fuse } from '@/lib/analysis/fusion';
import { FUSION_CONFIG } from '@/lib/analysis/fusion-config';
import { SessionState } from '@/lib/analysis/session-state';
import { applyUploadPacing, fasterThanRealTime } from '@/lib/analysis/upload-pacing';
import type { TChallengeSummary, TVerdictResult, TWindowSignals } from '@/lib/schemas/signals';
import { forEachSliced } from './cooperative/slices';
import { evictLeastRecent } from './live-budget';
import { db, newRowId, pgQuery, type TTx } from './db';
import {
  countEngineWindows,
  loadChallengeSummaries,
  loadEngineWindows,
  loadFusionInput,
} from './evidence/load-session-evidence';

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

const throttleGap = (windows: number) =>
  Math.max(MIN_INTERVAL_MS, windows * PER_WINDOW_INTERVAL_MS);

async function recentlyRecomputed(
  sessionId: string,
  windows: number,
  client: TClient,
): Promise<boolean> {
  const gap = throttleGap(windows);
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
  const state = await stateOf(windows);
  // Async answers uploaded faster than they could have been recorded cap the verdict at REVIEW.
  const verdict = applyUploadPacing(
    fuse(state, assessAll(state, challenges)),
    fasterThanRealTime(pacing),
    FUSION_CONFIG.fusion.passAtOrAbove - 1,
  );
  await storeVerdict(sessionId, verdict, client);
  return verdict;
}

/** fuseSession's state, built in slices that yield to the event loop. */
async function stateOf(windows: readonly TWindowSignals[]): Promise<SessionState> {
  const state = new SessionState();
  await forEachSliced(
    [...windows].sort((a, b) => a.startMs - b.startMs),
    (w) => state.add(w),
  );
  return state;
}

async function storeVerdict(sessionId: string, verdict: TVerdictResult, client: TClient) {
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
}

/**
 * Recomputes (rebuild, fuse, store) run one at a time per process, off the route's answer: when
 * 200 sessions opened together come due in the same second, their verdicts queue here instead of
 * filling the connection pool and the event loop in front of the next batches' inserts. Past
 * MAX_RECOMPUTES_WAITING a due recompute is skipped (the next due batch tries again), so an
 * overloaded process keeps storing windows and its memory stays bounded.
 */
const MAX_RECOMPUTES_WAITING = 1000;
const recomputeGate = { running: false, waiting: [] as Array<() => void> };

async function gated<T>(fn: () => Promise<T>): Promise<T | null> {
  if (recomputeGate.running) {
    if (recomputeGate.waiting.length >= MAX_RECOMPUTES_WAITING) return null;
    await new Promise<void>((resolve) => recomputeGate.waiting.push(resolve));
  }
  recomputeGate.running = true;
  try {
    return await fn();
  } finally {
    const next = recomputeGate.waiting.shift();
    if (next) next();
    else recomputeGate.running = false;
  }
}

/**
 * The live verdict of an OPEN live session, kept up to date incrementally: the engine-window route
 * hands over the windows it has just inserted, and this process keeps each session's SessionState
 * (what fuseSession builds from the windows in media-time order), so a throttled recompute costs
 * the challenge read, fuse and the Verdict row, not a read and parse of every stored window.
 *
 * The state is only ever extended when it provably equals what a fresh read would build: it holds
 * exactly `count` windows, the route's statement reports the session's stored total after its insert
 * (`held`, SessionUsage), every window of the batch was new (no duplicate skipped) and they follow
 * the state's last window in media time. Anything else — another app instance storing windows of
 * the same session, a retried batch, an out-of-order drain after a reconnect, a restart — marks the
 * state stale, and the next due recompute rebuilds it from the stored rows (the path above). So
 * the stored verdict is the same as recomputeVerdict's over the same rows (live-verdict.db.test.ts).
 * Work on one session is serialised (a promise chain); at most MAX_LIVE_STATES sessions holding at
 * most MAX_LIVE_WINDOWS windows in all are kept (live-budget.ts; least recently used dropped first).
 */
interface TLiveEntry {
  /** the challenge summaries as last read, and the results' stamp they were read under */
  challenges: { stamp: string; summaries: TChallengeSummary[] } | null;
  state: SessionState;
  count: number;
  lastStartMs: number;
  stale: boolean;
  chain: Promise<unknown>;
  /** the newest queued run's result (liveVerdictSettled) */
  last: Promise<TVerdictResult | null>;
}
const liveStates = new Map<string, TLiveEntry>();
/** How often the live path extended a state vs rebuilt one from the stored rows (tests, benches). */
export const liveStateCounters = { extended: 0, rebuilt: 0 };

function liveEntry(sessionId: string): TLiveEntry {
  let e = liveStates.get(sessionId);
  if (e) liveStates.delete(sessionId);
  else
    e = {
      challenges: null,
      // An empty state is what a read of a session without windows builds: a session's first
      // batch (the route's insert reports held === inserted) extends it with no read at all; a
      // session this process meets later (a restart, an LRU eviction, another instance) fails the
      // count check and is rebuilt from the stored rows.
      state: new SessionState(),
      count: 0,
      lastStartMs: -Infinity,
      stale: false,
      chain: Promise.resolve(),
      last: Promise.resolve(null),
    };
  liveStates.set(sessionId, e);
  evictLeastRecent(liveStates, sessionId);
  return e;
}

/**
 * Stores a live verdict only while the session is OPEN (one statement): a recompute that was
 * running when the room closed never lands after the close, where the final verdict belongs.
 */
async function storeLiveVerdict(sessionId: string, verdict: TVerdictResult): Promise<boolean> {
  const createdAt = new Date();
  const rows = await pgQuery<{ ok: number }>(
    Prisma.sql`
    INSERT INTO "Verdict" (id, "sessionId", score, label, reasons, "configVersion", "createdAt")
    SELECT ${newRowId()}, ${sessionId}, ${verdict.score},
           ${verdict.label}::"VerdictLabel", ${JSON.stringify(verdict.reasons)}::jsonb,
           ${verdict.configVersion}, ${createdAt.toISOString()}::timestamp
    WHERE EXISTS (SELECT 1 FROM "Session" WHERE id = ${sessionId} AND status = 'OPEN')
    RETURNING 1 AS ok`,
    'candor_store_live_verdict',
  );
  if (rows.length === 0) {
    forgetLiveState(sessionId);
    return false;
  }
  rememberStored(sessionId, createdAt.getTime());
  return true;
}

/**
 * Forget a session's live state (at its close). After a deletion request nothing refreshes it (the
 * route refuses the session's windows), so its entry just ages out of the LRU.
 */
export function forgetLiveState(sessionId: string) {
  liveStates.delete(sessionId);
}

/**
 * After the route stored `inserted` of `windows` (media-time values of the batch, in its order) and
 * the session now holds `held` engine windows and `challengeStamp` (count and newest of its
 * challenge results, read by the same statement): extend the live state, and recompute the verdict when
 * the throttle lets it. Returns the stored verdict, or null when throttled.
 */
export function liveVerdictAfterInsert(
  sessionId: string,
  windows: readonly TWindowSignals[],
  inserted: number,
  held: number,
  challengeStamp: string,
  /** the session's newest stored verdict (ms), as the same statement read it */
  lastVerdictMs: number | null,
): Promise<TVerdictResult | null> {
  const e = liveEntry(sessionId);
  const run = async (): Promise<TVerdictResult | null> => {
    const inOrder = windows.every(
      (w, i) => w.startMs > (i === 0 ? e.lastStartMs : windows[i - 1]!.startMs),
    );
    if (!e.stale && inserted === windows.length && e.count === held - inserted && inOrder) {
      for (const w of windows) e.state.add(w);
      e.count = held;
      e.lastStartMs = windows[windows.length - 1]!.startMs;
      liveStateCounters.extended++;
    } else e.stale = true;
    // The throttle, without a query: the newest verdict as the insert statement read it, or the
    // one this process stored since (any instance's verdicts count).
    const newest = Math.max(lastVerdictMs ?? -Infinity, lastStoredHere.get(sessionId) ?? -Infinity);
    if (Date.now() - newest < throttleGap(held)) return null;
    return gated(recompute);
  };
  const recompute = async (): Promise<TVerdictResult | null> => {
    if (e.stale) {
      const stored = await loadEngineWindows(sessionId);
      if (stored.length === 0) return null;
      e.state = await stateOf(stored);
      e.count = stored.length;
      e.lastStartMs = stored.reduce((m, w) => Math.max(m, w.startMs), -Infinity);
      e.stale = false;
      liveStateCounters.rebuilt++;
    }
    // Live sessions have no uploads, so no pacing rule (recomputeVerdict applies it for async ones).
    // Challenge results are only ever added (never updated): re-read them when their stamp moved.
    // The stamp is "count:newest"; a count of 0 needs no read.
    if (e.challenges?.stamp !== challengeStamp)
      e.challenges = {
        stamp: challengeStamp,
        summaries: challengeStamp.startsWith('0:') ? [] : await loadChallengeSummaries(sessionId),
      };
    const verdict = fuse(e.state, assessAll(e.state, e.challenges.summaries));
    return (await storeLiveVerdict(sessionId, verdict)) ? verdict : null;
  };
  const result = e.chain.then(run, run);
  e.chain = result.catch(() => {
    e.stale = true;
  });
  e.last = result;
  return result;
}

/**
 * The result of the newest live-verdict run queued for the session, once it has settled (the route
 * answers before it: tests and benchmarks wait here). Null when nothing was queued or it was throttled.
 */
export async function liveVerdictSettled(sessionId: string): Promise<TVerdictResult | null> {
  const e = liveStates.get(sessionId);
  return e ? e.last : null;
}
