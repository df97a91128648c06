/**
 * npm run fuzz -- --runs 10000 [--seed N]: property-based fuzzing (scripts/fuzz/core.ts) of the
 * built app under the production server (scripts/server.ts), on the test stack's PostgreSQL and LiveKit. Prints the requests
 * sent, the statuses seen, any 5xx (shrunk to a minimal request), and the row count of every table
 * before and after (0 rows written is required; rate-limit counters are written by design).
 *
 *   CANDOR_TEST_PORT_OFFSET=200 NEXT_DIST_DIR=.data/next-200 npx tsx scripts/stack.ts test -- \
 *     bash -c 'node_modules/.bin/next build && npm run fuzz -- --runs 10000'
 */
import { startApp } from './load/app';
import { countRows, discoverRoutes, fuzz, rowChanges, setUpTargets } from './fuzz/core';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

const runs = Number(arg('runs') ?? 1000);
const seed = arg('seed') === undefined ? undefined : Number(arg('seed'));
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error('run inside scripts/stack.ts test (DATABASE_URL)');
const app = await startApp(Number(process.env.PORT ?? 3100));
let failed = false;
try {
  const routes = discoverRoutes();
  const targets = await setUpTargets(app.url, databaseUrl);
  const before = await countRows(databaseUrl);
  const t0 = Date.now();
  const r = await fuzz(routes, targets, runs, seed);
  const after = await countRows(databaseUrl);
  const changes = rowChanges(before, after);
  const s = (Date.now() - t0) / 1000;
  console.log(
    `[fuzz] ${r.runs} hostile requests over ${routes.length} routes (${routes.reduce((n, x) => n + x.methods.length, 0)} route methods) in ${s.toFixed(0)} s`,
  );
  console.log(`[fuzz] statuses: ${JSON.stringify(r.statuses)}`);
  console.log(`[fuzz] 5xx or dropped connections: ${r.failure ? 'YES' : 0}`);
  console.log(
    `[fuzz] rows written: ${changes.length ? changes.join(', ') : '0'} (over ${Object.keys(before).length} tables)`,
  );
  if (r.failure) console.log(r.failure);
  failed = Boolean(r.failure) || changes.length > 0;
} finally {
  app.stop();
}
process.exit(failed ? 1 : 0);
