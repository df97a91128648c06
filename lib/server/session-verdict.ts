import 'server-only';
import type { Prisma } from '@prisma/client';
import { fuseSession } from '@/lib/analysis/session';
import { ZWindowSignals, type TVerdictResult, type TWindowSignals } from '@/lib/schemas/signals';
import { loadChallengeSummaries } from './challenges';
import { db, type TTx } from './db';
import { SESSION_CAPS } from './session-quota';

/**
 * The session verdict, recomputed on the server from what is stored (never taken from a client):
 * fuseSession over the session's TRUSTED engine windows plus its recorded challenge outcomes. Each
 * recompute appends a Verdict row (the reports read the newest), carrying the fusion config version.
 */

type TClient = TTx | typeof db;

/** Minimum gap between two recomputes of one open session; grows with its length (each reads every window). */
const MIN_INTERVAL_MS = 5000;
const PER_WINDOW_INTERVAL_MS = 4;
/** An hour is 3600 windows; more than this many in one session is not an interview. */
export const MAX_ENGINE_WINDOWS_PER_SESSION = SESSION_CAPS.engineWindows;

/** TRUSTED engine windows only: device and network rows carry a `kind` key, engine windows do not. */
export async function loadEngineWindows(
  sessionId: string,
  client: TClient = db,
): Promise<TWindowSignals[]> {
  const rows = await client.$queryRaw<Array<{ values: unknown }>>`
    SELECT "values" FROM "SignalWindow"
    WHERE "sessionId" = ${sessionId} AND "source" = 'TRUSTED' AND NOT ("values" ? 'kind')
    ORDER BY "windowStart" LIMIT ${MAX_ENGINE_WINDOWS_PER_SESSION}`;
  // JSON columns are a boundary too: a row that no longer parses is skipped, not trusted.
  return rows.flatMap((r) => {
    const parsed = ZWindowSignals.safeParse(r.values);
    return parsed.success ? [parsed.data] : [];
  });
}

export function countEngineWindows(sessionId: string, client: TClient = db): Promise<number> {
  return client.$queryRaw<Array<{ n: number }>>`
    SELECT count(*)::int AS n FROM "SignalWindow"
    WHERE "sessionId" = ${sessionId} AND "source" = 'TRUSTED' AND NOT ("values" ? 'kind')`.then(
    (r) => r[0]?.n ?? 0,
  );
}

async function recentlyRecomputed(
  sessionId: string,
  windows: number,
  client: TClient,
): Promise<boolean> {
  const last = await client.verdict.findFirst({
    where: { sessionId },
    orderBy: { createdAt: 'desc' },
    select: { createdAt: true },
  });
  const gap = Math.max(MIN_INTERVAL_MS, windows * PER_WINDOW_INTERVAL_MS);
  return last !== null && Date.now() - last.createdAt.getTime() < gap;
}

/**
 * Recomputes and stores the verdict. `force` skips the throttle (room end, late batches after it).
 * Returns null when throttled or when there is nothing to judge yet.
 */
export async function recomputeVerdict(
  sessionId: string,
  opts: { force?: boolean; client?: TClient } = {},
): Promise<TVerdictResult | null> {
  const client = opts.client ?? db;
  if (
    !opts.force &&
    (await recentlyRecomputed(sessionId, await countEngineWindows(sessionId, client), client))
  )
    return null;
  const windows = await loadEngineWindows(sessionId, client);
  if (windows.length === 0) return null;
  const verdict = fuseSession(windows, { challenges: await loadChallengeSummaries(sessionId) });
  await client.verdict.create({
    data: {
      sessionId,
      score: verdict.score,
      label: verdict.label,
      reasons: verdict.reasons satisfies Prisma.InputJsonArray,
      configVersion: verdict.configVersion,
    },
  });
  return verdict;
}
