import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { createInterview, signUpOwner } from '../fixtures/accounts';
import { blockNonLoopback, test, expect } from '../fixtures/base';
import { testDb } from '../fixtures/db';
import { expectNoSeriousA11yViolations } from '../fixtures/a11y';
import { consent, fakeCameraClip, inviteTokenOf, launchCameraBrowser } from './helpers';

/**
 * One real live interview through the real livekit-server: the interviewer opens the room, the
 * candidate consents and joins with a fake camera playing a clip of a real person, the interviewer
 * sees MOVING candidate video, and the database holds the session, the webhook joins, the
 * candidate's device report and the interviewer's trusted WebRTC statistics.
 */

const SHOTS = '.data/screenshots';

/** Mean absolute difference of two 80x60 greyscale samples of a <video>, taken `gapMs` apart. */
async function videoMotion(
  page: Page,
  testId: string,
  gapMs: number,
): Promise<{ diff: number; width: number; luma: number }> {
  return page.getByTestId(testId).evaluate(async (el, gap) => {
    const video = el as HTMLVideoElement;
    const canvas = document.createElement('canvas');
    canvas.width = 80;
    canvas.height = 60;
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    const grab = () => {
      ctx.drawImage(video, 0, 0, 80, 60);
      const d = ctx.getImageData(0, 0, 80, 60).data;
      const grey = new Float32Array(80 * 60);
      for (let i = 0; i < grey.length; i++)
        grey[i] = (d[i * 4]! + d[i * 4 + 1]! + d[i * 4 + 2]!) / 3;
      return grey;
    };
    const a = grab();
    await new Promise((r) => setTimeout(r, gap));
    const b = grab();
    let diff = 0;
    let luma = 0;
    for (let i = 0; i < a.length; i++) {
      diff += Math.abs(a[i]! - b[i]!);
      luma += b[i]!;
    }
    return { diff: diff / a.length, width: video.videoWidth, luma: luma / a.length };
  }, gapMs);
}

test('interviewer and candidate meet in a real LiveKit room; session, joins and signals are stored', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(150_000);
  mkdirSync(SHOTS, { recursive: true });
  const owner = await signUpOwner(baseURL!, 'live');
  const { interview, inviteUrl } = await createInterview(owner.api, 'Casey Candidate');

  // Interviewer: the default fixture browser (Chromium's synthetic fake camera), signed in.
  const ictx = await browser.newContext({ storageState: await owner.api.storageState(), baseURL });
  await blockNonLoopback(ictx);
  const ipage = await ictx.newPage();
  ipage.on('dialog', (d) => void d.accept());
  await ipage.goto(`/interviews/${interview.id}`);
  await ipage.getByRole('link', { name: /Start \/ join room/ }).click();
  await expect(ipage).toHaveURL(new RegExp(`/interviews/${interview.id}/room$`));
  await expect(ipage.getByTestId('connection-status')).toHaveAttribute('data-status', 'connected', {
    timeout: 30_000,
  });
  await expect(ipage.getByTestId('authenticity-panel')).toBeVisible();

  // Candidate: a separate browser whose camera is the clip.
  const cbrowser = await launchCameraBrowser(fakeCameraClip());
  try {
    const cctx = await cbrowser.newContext({ baseURL });
    await blockNonLoopback(cctx);
    const cpage = await cctx.newPage();
    await cpage.goto(inviteUrl);
    await cpage.getByLabel(/I have read this notice/).check();
    await cpage.getByRole('button', { name: /I agree/ }).click();
    await cpage.getByRole('link', { name: 'Continue to camera check' }).click();
    await expect(cpage).toHaveURL(/\/join$/);
    await expect(cpage.getByText(/Your camera sends 640×480/)).toBeVisible({ timeout: 20_000 });
    await cpage.waitForTimeout(500);
    await cpage.screenshot({ path: `${SHOTS}/room-prejoin.png`, fullPage: true });
    await expectNoSeriousA11yViolations(cpage, 'pre-join (candidate)');
    await cpage.getByRole('button', { name: 'Join interview' }).click();
    await expect(cpage.getByTestId('connection-status')).toHaveAttribute(
      'data-status',
      'connected',
      { timeout: 30_000 },
    );

    // The interviewer receives the candidate's video, and it moves.
    const video = ipage.getByTestId('candidate-video');
    await expect(video).toBeVisible({ timeout: 30_000 });
    // Full resolution arrives once the bandwidth estimate has ramped up.
    await expect
      .poll(async () => (await videoMotion(ipage, 'candidate-video', 50)).width, {
        timeout: 30_000,
      })
      .toBe(640);
    const motion = await videoMotion(ipage, 'candidate-video', 1200);
    expect(motion.luma, 'not a black frame').toBeGreaterThan(20);
    // Moving video: two samples 1.2 s apart differ. Polled, because on a loaded 2-core host one
    // pair can fall on a quiet stretch of the clip or a brief decoder stall.
    await expect
      .poll(async () => (await videoMotion(ipage, 'candidate-video', 1200)).diff, {
        message: 'two samples 1.2 s apart differ',
        timeout: 15_000,
      })
      .toBeGreaterThan(1);
    await expect(cpage.getByTestId('interviewer-video')).toBeVisible({ timeout: 20_000 });
    await expect(ipage.getByTestId('network-facts')).toBeVisible({ timeout: 20_000 });
    await cpage.screenshot({ path: `${SHOTS}/room-candidate.png`, fullPage: true });
    await ipage.screenshot({ path: `${SHOTS}/room-interviewer.png`, fullPage: true });
    await expectNoSeriousA11yViolations(cpage, 'room (candidate)');
    await expectNoSeriousA11yViolations(ipage, 'room (interviewer)');

    const db = testDb();
    const session = await expect
      .poll(() => db.session.findMany({ where: { interviewId: interview.id } }), {
        timeout: 20_000,
      })
      .toHaveLength(1)
      .then(() => db.session.findFirstOrThrow({ where: { interviewId: interview.id } }));
    expect(session.status).toBe('OPEN');
    expect(session.roomSid).toMatch(/^RM_/);
    expect((await db.interview.findUniqueOrThrow({ where: { id: interview.id } })).status).toBe(
      'IN_PROGRESS',
    );

    const joinedIdentities = async () =>
      (
        await db.livekitEvent.findMany({
          where: { sessionId: session.id, kind: 'participant_joined' },
        })
      ).map((e) => e.participantIdentity?.split(':')[0]);
    await expect
      .poll(joinedIdentities, { timeout: 20_000 })
      .toEqual(expect.arrayContaining(['int', 'cand']));
    await expect
      .poll(
        () => db.livekitEvent.count({ where: { sessionId: session.id, kind: 'track_published' } }),
        { timeout: 20_000 },
      )
      .toBeGreaterThanOrEqual(3);

    const report = await expect
      .poll(
        () => db.signalWindow.count({ where: { sessionId: session.id, source: 'CANDIDATE' } }),
        { timeout: 20_000 },
      )
      .toBe(1)
      .then(() =>
        db.signalWindow.findFirstOrThrow({ where: { sessionId: session.id, source: 'CANDIDATE' } }),
      );
    const facts = report.values as {
      kind: string;
      cameraLabel: string;
      delivered: { width: number; height: number };
      timeZone: string;
      userAgent: string;
    };
    expect(facts.kind).toBe('device.facts');
    expect(facts.cameraLabel.length).toBeGreaterThan(0);
    expect(facts.delivered).toMatchObject({ width: 640, height: 480 });
    expect(facts.timeZone.length).toBeGreaterThan(0);
    expect(facts.userAgent).toContain('Chrome');

    const fullRes = {
      sessionId: session.id,
      source: 'TRUSTED' as const,
      values: { path: ['frameWidth'], equals: 640 },
    };
    await expect
      .poll(() => db.signalWindow.count({ where: fullRes }), { timeout: 20_000 })
      .toBeGreaterThanOrEqual(1);
    // Network rows only: the live engine's windows are TRUSTED too, several to a batch.
    const trusted = (
      await db.signalWindow.findMany({
        where: { sessionId: session.id, source: 'TRUSTED' },
        orderBy: { windowStart: 'asc' },
      })
    ).filter((t) => (t.values as { kind?: string }).kind === 'webrtc.stats');
    const last = (
      await db.signalWindow.findFirstOrThrow({ where: fullRes, orderBy: { windowStart: 'desc' } })
    ).values as {
      kind: string;
      frameHeight: number;
      framesPerSecond: number;
      remoteCandidateType: string;
      participantIdentity: string;
    };
    expect(last).toMatchObject({
      kind: 'webrtc.stats',
      frameHeight: 480,
      remoteCandidateType: 'host',
    });
    expect(last.participantIdentity).toMatch(/^cand:/);
    expect(last.framesPerSecond).toBeGreaterThan(5);
    expect(new Set(trusted.map((t) => t.clientBatchId)).size).toBe(trusted.length);

    // The interviewer ends the interview: everyone is disconnected, the session closes, audit says so.
    await ipage.getByRole('button', { name: 'End interview' }).click();
    await expect(cpage.getByTestId('connection-status')).toHaveAttribute('data-status', 'ended', {
      timeout: 20_000,
    });
    await expect
      .poll(
        async () => (await db.session.findUniqueOrThrow({ where: { id: session.id } })).status,
        { timeout: 20_000 },
      )
      .toBe('CLOSED');
    expect((await db.interview.findUniqueOrThrow({ where: { id: interview.id } })).status).toBe(
      'COMPLETED',
    );
    expect(await db.session.count({ where: { interviewId: interview.id } })).toBe(1);
    const actions = (
      await db.auditLog.findMany({
        where: {
          organizationId: (await db.interview.findUniqueOrThrow({ where: { id: interview.id } }))
            .organizationId,
        },
      })
    ).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['session.open', 'room.end', 'session.close']));
    // After the end, the candidate cannot get back in.
    const again = await owner.api.post('/api/rooms/candidate-token', {
      data: { token: decodeURIComponent(new URL(inviteUrl).pathname.split('/').pop()!) },
    });
    expect(again.status()).toBe(409);
  } finally {
    await cbrowser.close();
    await ictx.close();
  }
});

test('the camera check explains blocked, missing and absent devices', async ({
  browser,
  baseURL,
}) => {
  const owner = await signUpOwner(baseURL!, 'media');
  const { inviteUrl } = await createInterview(owner.api);
  await consent(owner.api, inviteTokenOf(inviteUrl));
  const cases = [
    { name: 'NotAllowedError', devices: 'camera', problem: 'denied', text: /access was blocked/ },
    {
      name: 'NotFoundError',
      devices: 'camera',
      problem: 'not_found',
      text: /No camera or microphone was found/,
    },
    {
      name: 'none',
      devices: 'none',
      problem: 'not_found',
      text: /No camera or microphone was found/,
    },
  ];
  for (const c of cases) {
    const ctx = await browser.newContext({ baseURL });
    await blockNonLoopback(ctx);
    // Chromium's fake-UI flag always grants access, so the browser's answers are stubbed per case.
    await ctx.addInitScript((k) => {
      const md = navigator.mediaDevices;
      const fake =
        k.devices === 'none'
          ? []
          : [{ kind: 'videoinput', deviceId: 'cam1', label: '', groupId: 'g' }];
      md.enumerateDevices = () => Promise.resolve(fake as MediaDeviceInfo[]);
      md.getUserMedia = () => Promise.reject(new DOMException('stubbed', k.name));
    }, c);
    const page = await ctx.newPage();
    await page.goto(`${new URL(inviteUrl).pathname}/join`);
    await expect(page.getByTestId('media-error')).toHaveAttribute('data-problem', c.problem);
    await expect(page.getByTestId('media-error')).toHaveText(c.text);
    await expect(page.getByRole('button', { name: 'Join interview' })).toBeDisabled();
    await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible();
    if (c.name === 'NotAllowedError')
      await page.screenshot({ path: `${SHOTS}/room-prejoin-denied.png`, fullPage: true });
    await ctx.close();
  }
});

test('the join page sends a candidate without consent back to the notice', async ({
  page,
  baseURL,
}) => {
  const owner = await signUpOwner(baseURL!, 'noconsent');
  const { inviteUrl } = await createInterview(owner.api);
  await page.goto(`${new URL(inviteUrl).pathname}/join`);
  await expect(page).toHaveURL(new RegExp(`${new URL(inviteUrl).pathname}$`));
  await expect(page.getByRole('button', { name: /I agree/ })).toBeVisible();
});
