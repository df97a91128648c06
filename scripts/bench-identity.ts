/**
 * npm run bench:identity — the cross-interview face match query (lib/server/identity.ts
 * findFaceMatches: SQL sign-hash prefilter, exact distances in JS) over BENCH_TEMPLATES (100,000)
 * templates in one organization. Without DATABASE_URL it re-runs itself under scripts/stack.ts
 * (fresh embedded PostgreSQL, like the tests). Prints p50/p95 over BENCH_N queries and the
 * prefilter's recall for queries of seeded people; asserts nothing.
 *
 * Synthetic descriptors (docs/identity.md): a shared centre plus a per-person offset, scaled so
 * different people are ~0.8 apart and frames of one person ~0.3 from their point, as measured.
 */
import { spawnSync } from 'node:child_process';
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

const q = (xs: number[], p: number): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? NaN;

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL ?? '';
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
  try {
    const t0 = Date.now();
    const { orgId, people, ids } = await seed(pool);
    console.log(
      `[bench] seeded ${TEMPLATES} templates in one organization in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
    );
    const { findFaceMatches } = await server();
    const times: number[] = [];
    let found = 0;
    let falseMatches = 0;
    for (let k = 0; k < N; k++) {
      // half the queries are a new session of a seeded person, half a stranger
      const seeded = k % 2 === 0 ? people[k] : undefined;
      const t = buildTemplate(framesOf(seeded ?? personAt(), 8));
      if (!t) continue;
      const s0 = performance.now();
      const matches = await findFaceMatches(orgId, 'new-session', t, client);
      times.push(performance.now() - s0);
      if (seeded && matches.some((m) => m.sessionId === ids[k])) found++;
      falseMatches += matches.filter((m) => !seeded || m.sessionId !== ids[k]).length;
    }
    console.log(
      `match query over ${TEMPLATES} templates (${times.length} queries): p50 ${q(times, 0.5).toFixed(1)} ms, p95 ${q(times, 0.95).toFixed(1)} ms`,
    );
    console.log(
      `seeded people found: ${found}/${Math.ceil(N / 2)}; other matches returned: ${falseMatches}`,
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
