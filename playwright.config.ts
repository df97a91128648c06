import { defineConfig } from '@playwright/test';
import { CHROMIUM_PATH, E2E_CHROMIUM_ARGS } from './e2e/fixtures/chromium';
import { appServerCommandLine } from './scripts/stack/server-command';

/**
 * e2e runs against the production server (scripts/server.ts: Next.js plus the engine-window
 * fast path) on port 3100 with the services started by scripts/stack.ts
 * (npm test). Chromium is Debian's; never `playwright install`.
 */
const port = Number(process.env.PORT ?? 3100); // set by scripts/stack.ts

function e2eRetries(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 1;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 3)
    throw new Error(`CANDOR_E2E_RETRIES must be a whole number from 0 to 3, got "${raw}"`);
  return n;
}

export default defineConfig({
  testDir: 'e2e',
  outputDir: '.data/test-results',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  // One retry: a test that fails twice fails the run. A pass on the retry is still reported, last in
  // `npm test`'s output, with the first attempt's error (scripts/e2e-failures.ts): a flake is a
  // bug to find, not noise. CANDOR_E2E_RETRIES=0 when debugging one spec.
  retries: e2eRetries(process.env.CANDOR_E2E_RETRIES),
  // the JSON report feeds scripts/e2e-failures.ts, which `npm test` prints last
  reporter: [['list'], ['json', { outputFile: '.data/e2e-report.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    screenshot: 'only-on-failure',
    // No screenshots in traces: Playwright records the trace of every test and discards it on
    // success, and its screencast JPEG-encodes every rendered frame. Measured in a live room
    // (e2e/analysis, 2026-12-01): 14 s of thread-pool time per 15 s, starving the analysis engine.
    trace: { mode: 'retain-on-failure', screenshots: false },
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: E2E_CHROMIUM_ARGS,
    },
  },
  webServer: {
    command: appServerCommandLine('127.0.0.1', port),
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
    // TRUST_PROXY stays 0 here (the client IP is the TCP peer); specs that need a proxy's
    // X-Forwarded-For start their own server (e2e/fixtures/extra-server.ts).
    env: { CANDOR_DISABLE_RATE_LIMIT: '1', TRUST_PROXY: '0' },
  },
});
