/**
 * Restart resilience, checked end to end: an interviewer and a candidate are in a live room; the
 * livekit-server process is killed (SIGKILL) and started again with the same config; both sides
 * must come back on their own, the interviewer must see moving candidate video again, and the
 * database must still hold exactly ONE session for the interview (the re-created room continues it).
 *
 * Not a Playwright spec because scripts/stack.ts owns the livekit-server process: this script kills
 * that one (CANDOR_LIVEKIT_PID) and owns the replacement, which it stops at the end. Run it after a
 * build, under the test stack:
 *
 *   CANDOR_TEST_PORT_OFFSET=20 NEXT_DIST_DIR=.data/next-rooms npx tsx scripts/stack.ts test -- \
 *     npx tsx scripts/checks/livekit-restart.ts
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { createInterview, signUpOwner } from '../../e2e/fixtures/accounts';
import { blockNonLoopback } from '../../e2e/fixtures/base';
import { testDb } from '../../e2e/fixtures/db';
import { fakeCameraClip, launchCameraBrowser } from '../../e2e/rooms/helpers';
import { ensureLivekitBinary, waitForHttp } from '../stack/livekit';

const PORT = Number(process.env.PORT ?? 3100);
const BASE = `http://127.0.0.1:${PORT}`;
const OFFSET = Number(process.env.CANDOR_TEST_PORT_OFFSET ?? 0);
const DATA_DIR = path.resolve(process.env.CANDOR_DATA_DIR ?? '.data');
const LK_CONFIG = path.join(DATA_DIR, OFFSET ? `test-${OFFSET}` : 'test', 'livekit.yaml');
const LK_HTTP = (process.env.LIVEKIT_URL ?? '').replace(/^ws/, 'http');

const log = (msg: string) => console.log(`[restart-check] ${msg}`);

async function waitStatus(page: Page, status: string, timeoutMs: number): Promise<number> {
  const t0 = Date.now();
  await page
    .getByTestId('connection-status')
    .and(page.locator(`[data-status="${status}"]`))
    .waitFor({ timeout: timeoutMs });
  return Date.now() - t0;
}

/** Mean grey-level change of the candidate video over 1.2 s. A string, because tsx's helpers do not exist in the page. */
const MOTION_JS = `(async () => {
  const v = document.querySelector('[data-testid="candidate-video"]');
  const c = document.createElement('canvas');
  c.width = 80; c.height = 60;
  const ctx = c.getContext('2d', { willReadFrequently: true });
  ctx.drawImage(v, 0, 0, 80, 60);
  const a = ctx.getImageData(0, 0, 80, 60).data;
  await new Promise((r) => setTimeout(r, 1200));
  ctx.drawImage(v, 0, 0, 80, 60);
  const b = ctx.getImageData(0, 0, 80, 60).data;
  let d = 0;
  for (let i = 0; i < a.length; i += 4) d += Math.abs(a[i] - b[i]);
  return d / (a.length / 4);
})()`;

const motion = (page: Page): Promise<number> => page.evaluate(MOTION_JS) as Promise<number>;

function startApp(): ChildProcess {
  return spawn(
    path.resolve('node_modules/.bin/next'),
    ['start', '-H', '127.0.0.1', '-p', String(PORT)],
    { stdio: 'ignore', detached: true },
  );
}

async function main(): Promise<boolean> {
  const oldPid = Number(process.env.CANDOR_LIVEKIT_PID);
  if (!oldPid || !LK_HTTP)
    throw new Error(
      'run under `tsx scripts/stack.ts test -- …` (needs CANDOR_LIVEKIT_PID and LIVEKIT_URL)',
    );
  const app = startApp();
  let lk: ChildProcess | undefined;
  const ibrowser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'],
  });
  const cbrowser = await launchCameraBrowser(fakeCameraClip());
  try {
    await waitForHttp(`${BASE}/api/health`, 60_000);
    const owner = await signUpOwner(BASE, 'restart');
    const { interview, inviteUrl } = await createInterview(owner.api);
    const ictx = await ibrowser.newContext({
      storageState: await owner.api.storageState(),
      baseURL: BASE,
    });
    await blockNonLoopback(ictx);
    const ipage = await ictx.newPage();
    await ipage.goto(`/interviews/${interview.id}/room`);
    await waitStatus(ipage, 'connected', 30_000);
    const cctx = await cbrowser.newContext({ baseURL: BASE });
    await blockNonLoopback(cctx);
    const cpage = await cctx.newPage();
    await cpage.goto(inviteUrl);
    await cpage.getByLabel(/I have read this notice/).check();
    await cpage.getByRole('button', { name: /I agree/ }).click();
    await cpage.getByRole('link', { name: 'Continue to camera check' }).click();
    await cpage.getByRole('button', { name: 'Join interview' }).click({ timeout: 20_000 });
    await waitStatus(cpage, 'connected', 30_000);
    await ipage.getByTestId('candidate-video').waitFor({ state: 'visible', timeout: 30_000 });
    await new Promise((r) => setTimeout(r, 2000));
    log(`before restart: candidate video motion ${(await motion(ipage)).toFixed(2)}`);

    log(`killing livekit-server pid ${oldPid} (SIGKILL)`);
    process.kill(oldPid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 3000));
    lk = spawn(ensureLivekitBinary(), ['--config', LK_CONFIG], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    await waitForHttp(`${LK_HTTP}/`, 20_000);
    log(`livekit-server restarted as pid ${lk.pid}`);

    const iBack = await waitStatus(ipage, 'connected', 120_000);
    const cBack = await waitStatus(cpage, 'connected', 120_000);
    log(`interviewer back after ${iBack} ms, candidate after ${cBack} ms (from restart)`);
    await ipage.getByTestId('candidate-video').waitFor({ state: 'visible', timeout: 60_000 });
    await new Promise((r) => setTimeout(r, 3000));
    const after = await motion(ipage);
    log(`after restart: candidate video motion ${after.toFixed(2)}`);

    const db = testDb();
    await new Promise((r) => setTimeout(r, 3000));
    const sessions = await db.session.findMany({ where: { interviewId: interview.id } });
    const started = await db.livekitEvent.findMany({
      where: {
        roomName: { not: '' },
        kind: 'room_started',
        session: { interviewId: interview.id },
      },
    });
    const sids = new Set(started.map((e) => e.roomSid));
    log(
      `sessions: ${sessions.length} (${sessions.map((s) => s.status).join(',')}), room instances seen: ${sids.size}`,
    );
    const ok =
      sessions.length === 1 && sessions[0]!.status === 'OPEN' && sids.size >= 2 && after > 1;
    log(ok ? 'PASS' : 'FAIL');
    return ok;
  } finally {
    await cbrowser.close().catch(() => undefined);
    await ibrowser.close().catch(() => undefined);
    lk?.kill('SIGTERM');
    if (app.pid) process.kill(-app.pid, 'SIGTERM');
  }
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (err: unknown) => {
    console.error('[restart-check] error', err);
    process.exit(1);
  },
);
