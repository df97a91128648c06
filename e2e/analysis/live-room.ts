import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { createInterview, signUpOwner, type TestAccount } from '../fixtures/accounts';
import { blockNonLoopback, expect } from '../fixtures/base';
import { testDb } from '../fixtures/db';
import { fakeCameraClip, launchCameraBrowser } from '../rooms/helpers';

/**
 * Shared by the live-analysis and challenge specs: an interviewer (signed in, default fixture
 * browser) and a candidate whose fake camera plays a chosen clip, in a real LiveKit room.
 */

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const MEDIA_DIR = path.resolve(ROOT, process.env.CANDOR_MEDIA_DIR ?? '../shared/media');
export const SHOTS = '.data/screenshots';

/** 12 s of a real person talking, 640x480 at 15 fps (Chromium loops it as the camera). */
export const genuineClip = (): string => fakeCameraClip(12);

/** A still photo panned and zoomed: Chromium's fake camera takes .mjpeg directly. */
export function photoAttackClip(): string {
  const p = path.join(MEDIA_DIR, 'astronaut_motion_640x480_15fps.mjpeg');
  if (!existsSync(p)) throw new Error(`attack clip not found: ${p}`);
  return p;
}

export interface TLiveRoom {
  owner: TestAccount;
  interviewId: string;
  ipage: Page;
  cpage: Page;
  candidateBrowser: Browser;
  /** ms (Date.now) when the interviewer's page first showed the candidate's video */
  videoArrivedAt: number;
  sessionId: () => Promise<string>;
  close: () => Promise<void>;
}

/**
 * `watchOnly`: the interviewer publishes no camera (as when they deny it): on this 2-core test machine
 * that leaves the CPU to the candidate's encoder and the analysis, which the flash check needs.
 */
export async function openLiveRoom(
  browser: Browser,
  baseURL: string,
  clip: string,
  prefix: string,
  opts: { watchOnly?: boolean } = {},
): Promise<TLiveRoom> {
  const owner = await signUpOwner(baseURL, prefix);
  const { interview, inviteUrl } = await createInterview(owner.api, 'Casey Candidate');
  const ictx = await browser.newContext({
    storageState: await owner.api.storageState(),
    baseURL,
    viewport: { width: 1400, height: 900 },
  });
  await blockNonLoopback(ictx);
  if (opts.watchOnly) {
    await ictx.addInitScript(() => {
      navigator.mediaDevices.getUserMedia = () =>
        Promise.reject(new DOMException('watch only', 'NotAllowedError'));
    });
  }
  const ipage = await ictx.newPage();
  ipage.on('dialog', (d) => void d.accept());
  await ipage.goto(`/interviews/${interview.id}/room`);
  await expect(ipage.getByTestId('connection-status')).toHaveAttribute('data-status', 'connected', {
    timeout: 30_000,
  });

  const candidateBrowser = await launchCameraBrowser(clip);
  const cctx = await candidateBrowser.newContext({ baseURL });
  await blockNonLoopback(cctx);
  const cpage = await cctx.newPage();
  await cpage.goto(inviteUrl);
  await cpage.getByLabel(/I have read this notice/).check();
  await cpage.getByRole('button', { name: /I agree/ }).click();
  await cpage.getByRole('link', { name: 'Continue to camera check' }).click();
  await expect(cpage.getByRole('button', { name: 'Join interview' })).toBeEnabled({
    timeout: 20_000,
  });
  await cpage.getByRole('button', { name: 'Join interview' }).click();
  await expect(cpage.getByTestId('connection-status')).toHaveAttribute('data-status', 'connected', {
    timeout: 30_000,
  });
  await expect
    .poll(
      () =>
        ipage.getByTestId('candidate-video').evaluate((v) => (v as HTMLVideoElement).videoWidth),
      { timeout: 30_000, intervals: [100] },
    )
    .toBeGreaterThan(0);
  const videoArrivedAt = Date.now();

  const db = testDb();
  const sessionId = async () =>
    (
      await expect
        .poll(
          () => db.session.findFirst({ where: { interviewId: interview.id, status: 'OPEN' } }),
          { timeout: 20_000 },
        )
        .not.toBeNull()
        .then(() =>
          db.session.findFirstOrThrow({
            where: { interviewId: interview.id },
            orderBy: { startedAt: 'desc' },
          }),
        )
    ).id;
  return {
    owner,
    interviewId: interview.id,
    ipage,
    cpage,
    candidateBrowser,
    videoArrivedAt,
    sessionId,
    close: async () => {
      await candidateBrowser.close();
      await ictx.close();
    },
  };
}

/** TRUSTED engine windows of a session (device and network rows carry a `kind` key; engine windows do not). */
export async function engineWindowCount(sessionId: string): Promise<number> {
  const rows = await testDb().$queryRaw<Array<{ n: number }>>`
    SELECT count(*)::int AS n FROM "SignalWindow" WHERE "sessionId" = ${sessionId} AND "kind" = 'ENGINE' AND "source" = 'TRUSTED'`;
  return rows[0]?.n ?? 0;
}
