/**
 * npm run bench:identity — the cross-interview face match query (lib/server/identity.ts
 * findFaceMatches: exact scan of the organization's template means, lib/server/identity-index.ts,
 * then the exemplar check) over BENCH_TEMPLATES (100,000) templates in one organization. Without
 * DATABASE_URL it re-runs itself under scripts/stack.ts (fresh embedded PostgreSQL, like the
 * tests). Prints p50/p95 over BENCH_N queries, the first (index-building) query, the baseline
 * measured in the same run (the previous query: SQL sign-hash Hamming top-64 over every row, then
 * exact distances) with the ratio, and whether each query's matches equal a brute-force scan;
 * asserts nothing.
 *
 * Synthetic descriptors (docs/identity.md): a shared centre plus a per-person offset, scaled so
 * different people are ~0.8 apart and frames of one person ~0.3 from their point, as measured.
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@prisma/client';
import pg from 'pg';
import { buildTemplate } from '../lib/analysis/identity';
import { gaussian, rng } from '../lib/analysis/testing/synthetic-face';

const TEMPLATES = Number(process.env.BENCH_TEMPLATES ?? 100_000);
const N = Number(process.env.BENCH_N ?? 200);

if (!process.env.DATABASE_URL) {
  const env = {
    ...process.env,
    CANDOR_TEST_PORT_OFFSET: process.env.CANDOR_TEST_PORT_OFFSET ?? '60',
  };
  const args = ['--no-install', 'tsx', 'scripts/stack.ts', 'test', '--'];
  const inner = [
    'npx',
    '--no-install',
    'tsx',
    '--conditions=react-server',
    'scripts/bench-identity.ts',
  ];
  process.exit(spawnSync('npx', [...args, ...inner], { stdio: 'inherit', env }).status ?? 1);
}

const r = rng(42);
const unit = (): number[] => {
  const v = Array.from({ length: 128 }, () => gaussian(r));
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
};
const CENTRE = unit().map((x) => x * 0.5);
const personAt = (): number[] => unit().map((x, i) => (CENTRE[i] ?? 0) + x * 0.57);
const framesOf = (p: number[], k: number) =>
  Array.from({ length: k }, (_, i) => ({
    t: i * 1000,
    e: p.map((x) => x + gaussian(r) * (0.3 / Math.sqrt(128))),
  }));

/** Server module: imported only in the inner run (it needs --conditions=react-server). */
const server = () => import('../lib/server/identity');

async function seed(pool: pg.Pool): Promise<{ orgId: string; people: number[][]; ids: string[] }> {
  const { bitString, toBytes } = await server();
  const orgId = `bench-identity-${Date.now()}`;
  await pool.query(`INSERT INTO "Organization"(id, name) VALUES ($1, $1)`, [orgId]);
  await pool.query(
    `WITH g AS (SELECT n, $1 || '-' || n AS id FROM generate_series(1, $2::int) n),
     c AS (INSERT INTO "Candidate"(id, "organizationId", name, email)
           SELECT id, $1, 'Candidate ' || n, 'c' || n || '@bench.test' FROM g),
     i AS (INSERT INTO "Interview"(id, "organizationId", "candidateId", "createdById", title, kind, "roomName", "updatedAt")
           SELECT id, $1, id, 'bench', 'Interview ' || n, 'LIVE', 'room-' || id, now() FROM g)
     INSERT INTO "Session"(id, "interviewId", status) SELECT id, id, 'CLOSED' FROM g`,
    [orgId, TEMPLATES],
  );
  const people: number[][] = [];
  const ids: string[] = [];
  for (let start = 1; start <= TEMPLATES; start += 1000) {
    const rows = Array.from({ length: Math.min(1000, TEMPLATES - start + 1) }, (_, j) => {
      const id = `${orgId}-${start + j}`;
      const p = personAt();
      const t = buildTemplate(framesOf(p, 8));
      if (!t) throw new Error('template');
      if (people.length < N) [people[people.length], ids[ids.length]] = [p, id];
      return [
        id,
        Buffer.from(toBytes([t.mean])),
        Buffer.from(toBytes(t.exemplars)),
        t.n,
        bitString(t.mean),
      ] as const;
    });
    await pool.query(
      `INSERT INTO "IdentityTemplate"(id, "organizationId", "sessionId", "candidateId", mean, exemplars, samples, hash, "updatedAt")
       SELECT s.id, $1, s.id, s.id, s.mean, s.ex, s.n, s.hash::bit(128), now()
       FROM unnest($2::text[], $3::bytea[], $4::bytea[], $5::int[], $6::text[]) AS s(id, mean, ex, n, hash)`,
      [orgId, ...[0, 1, 2, 3, 4].map((k) => rows.map((row) => row[k]))],
    );
    if ((start - 1) % 20_000 === 0)
      console.log(`[bench] seeded ${start - 1 + rows.length} templates`);
  }
  await pool.query('VACUUM ANALYZE "IdentityTemplate"');
  return { orgId, people, ids };
}

/** The previous query (baseline): ORDER BY Hamming distance of the sign hash over every row, top 64. */
async function baselineMatches(
  pool: pg.Pool,
  orgId: string,
  t: NonNullable<ReturnType<typeof buildTemplate>>,
): Promise<string[]> {
  const { bitString, fromBytes } = await server();
  const { matchTemplates } = await import('../lib/analysis/identity');
  const { rows } = await pool.query<{
    sessionId: string;
    mean: Buffer;
    exemplars: Buffer;
    samples: number;
  }>(
    `WITH near AS (
       SELECT "sessionId" FROM "IdentityTemplate"
       WHERE "organizationId" = $1 AND "sessionId" <> 'new-session'
       ORDER BY bit_count(hash # $2::bit(128)) LIMIT 64)
     SELECT t."sessionId", t.mean, t.exemplars, t.samples
     FROM "IdentityTemplate" t JOIN near ON near."sessionId" = t."sessionId"`,
    [orgId, bitString(t.mean)],
  );
  return rows
    .filter(
      (r) =>
        matchTemplates(t, {
          mean: fromBytes(r.mean)[0] ?? [],
          exemplars: fromBytes(r.exemplars),
          n: r.samples,
        }).match,
    )
    .map((r) => r.sessionId);
}

/** Brute force: every template of the organization through matchTemplates (means first, as exact). */
async function bruteForce(
  all: Array<{ sessionId: string; mean: number[] }>,
  pool: pg.Pool,
  t: NonNullable<ReturnType<typeof buildTemplate>>,
): Promise<string[]> {
  const { fromBytes } = await server();
  const { distance, matchTemplates } = await import('../lib/analysis/identity');
  const near = all.filter((x) => distance(t.mean, x.mean) <= 0.5).map((x) => x.sessionId);
  if (near.length === 0) return [];
  const { rows } = await pool.query<{ sessionId: string; exemplars: Buffer; samples: number }>(
    `SELECT "sessionId", exemplars, samples FROM "IdentityTemplate" WHERE "sessionId" = ANY($1)`,
    [near],
  );
  return rows
    .filter((r) => {
      const x = all.find((a) => a.sessionId === r.sessionId);
      return (
        x &&
        matchTemplates(t, { mean: x.mean, exemplars: fromBytes(r.exemplars), n: r.samples }).match
      );
    })
    .map((r) => r.sessionId);
}

const q = (xs: number[], p: number): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? NaN;

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL ?? '';
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
  try {
    const t0 = Date.now();
    console.log(
      `[bench] load average ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')} (2 shared cores)`,
    );
    const { orgId, people, ids } = await seed(pool);
    console.log(
      `[bench] seeded ${TEMPLATES} templates in one organization in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
    );
    const { findFaceMatches, fromBytes } = await server();
    const queries = Array.from({ length: N }, (_, k) => {
      // half the queries are a new session of a seeded person, half a stranger
      const seeded = k % 2 === 0 ? people[k] : undefined;
      return { k, seeded, t: buildTemplate(framesOf(seeded ?? personAt(), 8)) };
    }).filter((x): x is typeof x & { t: NonNullable<typeof x.t> } => x.t !== null);

    const c0 = performance.now();
    await findFaceMatches(orgId, 'new-session', queries[0]!.t, client);
    console.log(
      `first query (builds the organization's in-process index of ${TEMPLATES} means): ${(performance.now() - c0).toFixed(0)} ms`,
    );
    const times: number[] = [];
    const results: string[][] = [];
    let found = 0;
    let falseMatches = 0;
    for (const { k, seeded, t } of queries) {
      const s0 = performance.now();
      const matches = await findFaceMatches(orgId, 'new-session', t, client);
      times.push(performance.now() - s0);
      results.push(matches.map((m) => m.sessionId).sort());
      if (seeded && matches.some((m) => m.sessionId === ids[k])) found++;
      falseMatches += matches.filter((m) => !seeded || m.sessionId !== ids[k]).length;
    }
    const p95 = q(times, 0.95);
    const { identityIndexStats } = await import('../lib/server/identity-index');
    console.log(
      `index rebuilds ${identityIndexStats.rebuilds}, incremental merges ${identityIndexStats.merges}`,
    );
    console.log(
      `match query over ${TEMPLATES} templates (${times.length} queries): p50 ${q(times, 0.5).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`,
    );
    console.log(
      `seeded people found: ${found}/${Math.ceil(N / 2)}; other matches returned: ${falseMatches}`,
    );

    // baseline, same run, same database: the previous query (a subset of the queries: it is slow)
    const B = Math.min(queries.length, Number(process.env.BENCH_BASELINE_N ?? 40));
    const base: number[] = [];
    let baseFound = 0;
    for (const { k, seeded, t } of queries.slice(0, B)) {
      const s0 = performance.now();
      const m = await baselineMatches(pool, orgId, t);
      base.push(performance.now() - s0);
      if (seeded && m.includes(ids[k] ?? '')) baseFound++;
    }
    const bp95 = q(base, 0.95);
    console.log(
      `baseline (previous query: sign-hash Hamming top-64 over every row; ${B} queries): p50 ${q(base, 0.5).toFixed(1)} ms, p95 ${bp95.toFixed(1)} ms; seeded found ${baseFound}/${Math.ceil(B / 2)}`,
    );
    console.log(`ratio p95 baseline / new: ${(bp95 / p95).toFixed(1)}x`);

    // exactness: every query's matches against a brute-force scan of all templates
    const { rows: allRows } = await pool.query<{ sessionId: string; mean: Buffer }>(
      `SELECT "sessionId", mean FROM "IdentityTemplate" WHERE "organizationId" = $1`,
      [orgId],
    );
    const all = allRows.map((r) => ({ sessionId: r.sessionId, mean: fromBytes(r.mean)[0] ?? [] }));
    let equal = 0;
    const bruteTimes: number[] = [];
    for (const [i, { t }] of queries.entries()) {
      const s0 = performance.now();
      const brute = (await bruteForce(all, pool, t)).sort();
      bruteTimes.push(performance.now() - s0);
      if (JSON.stringify(brute) === JSON.stringify(results[i])) equal++;
    }
    console.log(`matches equal to a brute-force scan: ${equal}/${queries.length} queries`);
    const brp95 = q(bruteTimes, 0.95);
    console.log(
      `brute force (every template mean through \`distance\` in JS, then matchTemplates; templates already in memory): p50 ${q(bruteTimes, 0.5).toFixed(1)} ms, p95 ${brp95.toFixed(1)} ms; ratio p95 brute force / new: ${(brp95 / p95).toFixed(1)}x`,
    );
    console.log(
      `load average at the end: ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')} (2 shared cores)`,
    );
  } finally {
    await client.$disconnect();
    await pool.end();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exit(1);
  },
);
