/**
 * npm run bench:reports — server response times of the dashboard and the report page over a seeded
 * organization of BENCH_SESSIONS (10,000) sessions. Without DATABASE_URL it re-runs itself under
 * scripts/stack.ts (fresh embedded PostgreSQL, like the tests); it then starts the app server (scripts/server.ts) on the
 * built app (building it first if NEXT_DIST_DIR has no build), signs up an owner, seeds, and prints
 * p50/p95 of BENCH_N authenticated requests per URL. Prints figures; asserts nothing.
 *
 * Env: BENCH_SESSIONS (10000), BENCH_WINDOWS (windows per session, 20), BENCH_N (100),
 *      CANDOR_TEST_PORT_OFFSET (60), NEXT_DIST_DIR (.next).
 */
import { spawn, spawnSync } from 'node:child_process';
import { appServerCommand } from './stack/server-command';
import { existsSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { seedBench } from './seed-bench';

const N = Number(process.env.BENCH_N ?? 100);
const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 10_000);
const WINDOWS = Number(process.env.BENCH_WINDOWS ?? 20);

if (!process.env.DATABASE_URL) {
  const env = {
    ...process.env,
    CANDOR_TEST_PORT_OFFSET: process.env.CANDOR_TEST_PORT_OFFSET ?? '60',
  };
  const res = spawnSync(
    'npx',
    [
      '--no-install',
      'tsx',
      'scripts/stack.ts',
      'test',
      '--',
      'npx',
      '--no-install',
      'tsx',
      'scripts/bench-reports.ts',
    ],
    {
      stdio: 'inherit',
      env,
    },
  );
  process.exit(res.status ?? 1);
}

const base = process.env.APP_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3100}`;

async function startServer(): Promise<() => void> {
  const dist = process.env.NEXT_DIST_DIR ?? '.next';
  if (!existsSync(path.join(dist, 'BUILD_ID'))) {
    console.log(`[bench] no build in ${dist}: running next build`);
    if (spawnSync('node_modules/.bin/next', ['build'], { stdio: 'inherit' }).status !== 0)
      throw new Error('next build failed');
  }
  const port = new URL(base).port;
  const { cmd, args } = appServerCommand('127.0.0.1', Number(port));
  const child = spawn(cmd, args, {
    env: { ...process.env, CANDOR_DISABLE_RATE_LIMIT: '1' },
    stdio: 'ignore',
    detached: true, // own process group
  });
  for (let i = 0; i < 120; i++) {
    if ((await fetch(`${base}/api/health`).catch(() => null))?.ok)
      return () => process.kill(-child.pid!, 'SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
  }
  process.kill(-child.pid!, 'SIGTERM');
  throw new Error('the app server did not become healthy');
}

async function signUp(): Promise<{ cookie: string; email: string }> {
  const email = `bench-${Date.now()}@bench.test`;
  const res = await fetch(`${base}/api/account/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({
      name: 'Bench Owner',
      email,
      password: 'correct horse battery',
      organizationName: 'Bench Org',
    }),
  });
  if (!res.ok) throw new Error(`signup failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return { cookie, email };
}

async function time(url: string, cookie: string): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(`${base}${url}`, { headers: { cookie }, redirect: 'manual' });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${url} → ${res.status}`);
  return performance.now() - t0;
}

const pct = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? NaN;

async function measure(label: string, urls: string[], cookie: string): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < N; i++) times.push(await time(urls[i % urls.length]!, cookie));
  console.log(
    `${label.padEnd(44)} n=${String(N).padEnd(4)} p50 ${pct(times, 0.5).toFixed(1).padStart(7)} ms   p95 ${pct(times, 0.95).toFixed(1).padStart(7)} ms`,
  );
}

async function main(): Promise<void> {
  const stop = await startServer();
  try {
    const { cookie, email } = await signUp();
    const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    const { rows } = await db.query<{ organizationId: string; userId: string }>(
      `SELECT m."organizationId", m."userId" FROM "Membership" m JOIN "user" u ON u.id = m."userId" WHERE u.email = $1`,
      [email],
    );
    await db.end();
    const t0 = Date.now();
    const ids = await seedBench(process.env.DATABASE_URL!, {
      ...rows[0]!,
      sessions: SESSIONS,
      windows: WINDOWS,
    });
    console.log(
      `[bench] seeded ${ids.length} sessions × ${WINDOWS} windows in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );
    const reports = ids.slice(0, 20).map((id) => `/sessions/${id}`);
    await time('/dashboard', cookie); // warm up the route's code
    const cold: number[] = [];
    for (const url of reports) cold.push(await time(url, cookie));
    console.log(
      `\n[bench] ${SESSIONS} sessions, ${N} sequential requests per line, times to the last byte`,
    );
    console.log(
      `${'report page, first view (fusion, cache fill)'.padEnd(44)} n=${String(cold.length).padEnd(4)} p50 ${pct(cold, 0.5).toFixed(1).padStart(7)} ms   p95 ${pct(cold, 0.95).toFixed(1).padStart(7)} ms`,
    );
    await measure('report page (20 sessions, cached)', reports, cookie);
    await measure('dashboard, first page', ['/dashboard'], cookie);
    await measure(
      'dashboard, verdict=FAIL&kind=ASYNC',
      ['/dashboard?verdict=FAIL&kind=ASYNC'],
      cookie,
    );
    await measure('dashboard, q=hopper (name search)', ['/dashboard?q=hopper'], cookie);
    await measure('dashboard, sort=candidate', ['/dashboard?sort=candidate'], cookie);
    await measure(
      'export.json (cached)',
      ids.slice(0, 20).map((id) => `/api/sessions/${id}/export.json`),
      cookie,
    );
  } finally {
    stop();
  }
}

await main();
