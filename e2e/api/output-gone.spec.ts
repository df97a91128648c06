import { test, expect } from '../fixtures/base';
import { startExtraServer, type TExtraServer } from '../fixtures/extra-server';

/**
 * The server's stdout/stderr are pipes to whoever started it (`npm run app`, Playwright's
 * webServer). Found in session 12: a fresh-clone CI run killed mid-e2e left its app server behind
 * with those pipes closed; every write failed with EPIPE, Next.js logged the failure to the same
 * pipe, and the server spun one core at 100 % for 35 minutes holding port 3100, so the next run's
 * Playwright waited on it for ever. Nobody can read the server any more: it must stop as on SIGTERM.
 * The database is unreachable and the session reconciler runs every second, so the server logs an
 * error ("[reconcile] pass failed") every second.
 */
let server: TExtraServer | undefined;
test.afterAll(() => {
  const pid = server?.process.pid;
  if (pid && server?.process.exitCode === null && server.process.signalCode === null)
    process.kill(-pid, 'SIGKILL');
});

test('a server whose output pipes are gone stops instead of spinning on EPIPE', async () => {
  test.setTimeout(120_000);
  server = await startExtraServer({
    portOffset: 11,
    env: {
      DATABASE_URL: 'postgresql://nobody:nothing@127.0.0.1:9/none',
      CANDOR_RECONCILE_INTERVAL_S: '1',
    },
    readyPath: '/signin',
    pipeOutput: true,
  });
  const child = server.process;
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => resolve(`${code ?? signal}`)),
  );
  // the reader goes away, as when the process that started the server is killed
  child.stdout?.destroy();
  child.stderr?.destroy();
  const outcome = await Promise.race([
    exited,
    new Promise<string>((r) => setTimeout(() => r('still running'), 20_000)),
  ]);
  expect(outcome, 'the server must exit, not spin on EPIPE').not.toBe('still running');
});
