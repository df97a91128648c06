import { test, expect } from '../fixtures/base';
import { countRows, discoverRoutes, fuzz, rowChanges, setUpTargets } from '../../scripts/fuzz/core';

/**
 * The CI-sized fuzz run (scripts/fuzz/core.ts; the full one is `npm run fuzz -- --runs 10000`):
 * hostile requests across every route and page of the running app, as a signed-in member of one
 * organization aiming at another's ids, with forged cookies and tokens, wrong types, huge and
 * nested bodies, bad UTF-8 and odd headers. No response may be 5xx, and no table may gain or lose a
 * row (rate-limit counters excepted: they count refused requests by design).
 */
const RUNS = Number(process.env.CANDOR_FUZZ_RUNS ?? 300);

test(`${RUNS} hostile requests: no 5xx, no row written`, async ({ baseURL }) => {
  test.setTimeout(600_000);
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is not set: run e2e through scripts/stack.ts');
  const routes = discoverRoutes();
  expect(routes.length).toBeGreaterThan(40);
  const targets = await setUpTargets(baseURL!, databaseUrl);
  const before = await countRows(databaseUrl);
  const r = await fuzz(routes, targets, RUNS);
  expect(r.failure).toBeNull();
  expect(r.runs).toBe(RUNS);
  expect(rowChanges(before, await countRows(databaseUrl))).toEqual([]);
});
