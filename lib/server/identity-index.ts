import 'server-only';
import { IDENTITY_DIM } from '@/lib/analysis/identity';
import type { TTx } from './db';
import { db } from './db';

/**
 * An exact, in-process scan index of one organization's template means (Float32Array, 512 B per
 * template: 51 MB for 100,000), kept in step with the IdentityTemplate table.
 *
 * Why not a prefilter the database indexes: a match is a mean distance ≤ 0.50 while different
 * people sit at ~0.8 in 128 dimensions; any bound a B-tree or GIN index can serve (a few quantised
 * projections, pivot distances, LSH buckets) either passes nearly every row at that gap or drops
 * true matches near the threshold. A linear scan of the means in one contiguous Float32Array is
 * exact (the same arithmetic, in the same order, as `distance`): the squared distance is summed
 * eight dimensions at a time and a row is left as soon as the partial sum (which only grows) passes
 * the squared threshold, so a stranger costs ~40 % of the row. The database only answers "did the
 * organization's templates change?" from one IdentityTemplateStamp row (count and a version that
 * statement triggers bump on every insert, update, delete or truncate): a primary-key read, where
 * counting 100,000 rows and reading their newest updatedAt cost more than the scan itself.
 *
 * Coherence: when the stamp's version moved, rows changed since the last sync (with a lookback for
 * transactions that committed late) are merged; if the cached set then differs in size from the
 * stamp's count (a template was deleted by retention or a deletion request) the organization's
 * index is rebuilt from scratch, so a deleted template never matches again. Biometric data stays
 * per organization: one index per organizationId, never shared across them.
 */

type TClient = TTx | typeof db;

/** Transactions that commit this long after setting updatedAt are still picked up incrementally. */
const LOOKBACK_MS = 60_000;

interface TOrgIndex {
  ids: string[];
  slot: Map<string, number>;
  means: Float32Array;
  /** IdentityTemplateStamp.version when this index was last brought up to date */
  version: number;
  newest: number;
}

const indexes = new Map<string, TOrgIndex>();

/** How often the indexes were rebuilt or topped up (the benchmark and tests print/read these). */
export const identityIndexStats = { rebuilds: 0, merges: 0 };

const empty = (): TOrgIndex => ({
  ids: [],
  slot: new Map(),
  means: new Float32Array(1024 * IDENTITY_DIM),
  version: -1,
  newest: 0,
});

function put(ix: TOrgIndex, sessionId: string, mean: Uint8Array): void {
  const f = new Float32Array(mean.buffer.slice(mean.byteOffset, mean.byteOffset + mean.byteLength));
  if (f.length !== IDENTITY_DIM) return;
  let i = ix.slot.get(sessionId);
  if (i === undefined) {
    i = ix.ids.length;
    ix.ids.push(sessionId);
    ix.slot.set(sessionId, i);
    if ((i + 1) * IDENTITY_DIM > ix.means.length) {
      const grown = new Float32Array(ix.means.length * 2);
      grown.set(ix.means);
      ix.means = grown;
    }
  }
  ix.means.set(f, i * IDENTITY_DIM);
}

async function load(
  client: TClient,
  organizationId: string,
  ix: TOrgIndex,
  since: Date | null,
): Promise<void> {
  const rows = await client.identityTemplate.findMany({
    where: { organizationId, ...(since ? { updatedAt: { gte: since } } : {}) },
    select: { sessionId: true, mean: true, updatedAt: true },
  });
  for (const r of rows) {
    put(ix, r.sessionId, r.mean);
    ix.newest = Math.max(ix.newest, r.updatedAt.getTime());
  }
}

/** The organization's index, brought up to date with the table (see the coherence note above). */
export async function syncOrgIndex(
  organizationId: string,
  client: TClient = db,
): Promise<TOrgIndex> {
  const [state] = await client.$queryRaw<Array<{ n: number; version: bigint }>>`
    SELECT n, version FROM "IdentityTemplateStamp" WHERE "organizationId" = ${organizationId}`;
  const n = state?.n ?? 0;
  // read before loading: a change committing meanwhile moves the version again, so the next query
  // syncs once more (never too little)
  const version = Number(state?.version ?? 0);
  let ix = indexes.get(organizationId);
  if (ix && ix.version === version && ix.ids.length === n) return ix;
  if (ix) {
    identityIndexStats.merges++;
    await load(client, organizationId, ix, new Date(ix.newest - LOOKBACK_MS));
  }
  if (!ix || ix.ids.length !== n) {
    identityIndexStats.rebuilds++;
    ix = empty();
    await load(client, organizationId, ix, null);
  }
  ix.version = version;
  indexes.set(organizationId, ix);
  return ix;
}

/** Sessions whose template mean lies within `maxDistance` of `mean` (exact, every template scanned). */
export async function nearMeans(
  organizationId: string,
  mean: readonly number[],
  maxDistance: number,
  client: TClient = db,
): Promise<Array<{ sessionId: string; distance: number }>> {
  const ix = await syncOrgIndex(organizationId, client);
  if (mean.length !== IDENTITY_DIM)
    throw new Error(`descriptor length ${mean.length}, expected ${IDENTITY_DIM}`);
  const q = Float64Array.from(mean);
  const limit = maxDistance * maxDistance * (1 + 1e-9);
  const out: Array<{ sessionId: string; distance: number }> = [];
  const m = ix.means;
  const rows = ix.ids.length;
  for (let r = 0; r < rows; r++) {
    let o = r * IDENTITY_DIM;
    const end = o + IDENTITY_DIM;
    let s = 0;
    // the same sum as `distance` (same order), eight terms between the checks; the partial sum only
    // grows, so a row over the (slightly widened) limit can be left early without changing the
    // final test
    for (let i = 0; o < end; i += 8, o += 8) {
      let d = q[i]! - m[o]!;
      s += d * d;
      d = q[i + 1]! - m[o + 1]!;
      s += d * d;
      d = q[i + 2]! - m[o + 2]!;
      s += d * d;
      d = q[i + 3]! - m[o + 3]!;
      s += d * d;
      d = q[i + 4]! - m[o + 4]!;
      s += d * d;
      d = q[i + 5]! - m[o + 5]!;
      s += d * d;
      d = q[i + 6]! - m[o + 6]!;
      s += d * d;
      d = q[i + 7]! - m[o + 7]!;
      s += d * d;
      if (s > limit) break;
    }
    if (s <= limit && Math.sqrt(s) <= maxDistance)
      out.push({ sessionId: ix.ids[r] ?? '', distance: Math.sqrt(s) });
  }
  return out;
}

/** For tests: forget every organization's index (the next query rebuilds from the table). */
export function resetIdentityIndexes(): void {
  indexes.clear();
}
