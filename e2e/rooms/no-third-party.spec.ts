import type { BrowserContext } from '@playwright/test';
import { createInterview, signUpOwner } from '../fixtures/accounts';
import { blockNonLoopback, test, expect } from '../fixtures/base';
import { fakeCameraClip, launchCameraBrowser } from './helpers';

/**
 * A live room (interviewer and candidate) talks to this app and the LiveKit server only: the
 * pages carry a Content-Security-Policy whose connect-src names nothing else, and no request (page
 * or worker) goes to another origin. Then withdrawing the invite disconnects the candidate.
 */

function recordOrigins(ctx: BrowserContext, seen: Set<string>): void {
  ctx.on('request', (r) => {
    const url = new URL(r.url());
    if (url.protocol === 'data:' || url.protocol === 'blob:') return;
    seen.add(`${url.protocol}//${url.host}`);
  });
}

test('room pages reach only the app and LiveKit; revoking the invite removes the candidate', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(150_000);
  const livekit = new URL(process.env.LIVEKIT_URL!);
  const allowed = new Set([
    new URL(baseURL!).origin,
    `ws://${livekit.host}`,
    `http://${livekit.host}`,
  ]);
  const owner = await signUpOwner(baseURL!, 'csp');
  const { interview, inviteUrl } = await createInterview(owner.api);
  const seen = new Set<string>();
  const violations: string[] = [];

  const ictx = await browser.newContext({ storageState: await owner.api.storageState(), baseURL });
  await blockNonLoopback(ictx);
  recordOrigins(ictx, seen);
  const ipage = await ictx.newPage();
  ipage.on('dialog', (d) => void d.accept());
  ipage.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  const room = await ipage.goto(`/interviews/${interview.id}/room`);
  const csp = room!.headers()['content-security-policy'] ?? '';
  expect(csp).toContain(`connect-src 'self' ws://${livekit.host} http://${livekit.host};`);
  expect(csp).toContain("'wasm-unsafe-eval'");
  await expect(ipage.getByTestId('connection-status')).toHaveAttribute('data-status', 'connected', {
    timeout: 30_000,
  });

  const cbrowser = await launchCameraBrowser(fakeCameraClip());
  try {
    const cctx = await cbrowser.newContext({ baseURL });
    await blockNonLoopback(cctx);
    recordOrigins(cctx, seen);
    const cpage = await cctx.newPage();
    cpage.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await cpage.goto(inviteUrl);
    await cpage.getByLabel(/I have read this notice/).check();
    await cpage.getByRole('button', { name: /I agree/ }).click();
    await cpage.getByRole('link', { name: 'Continue to camera check' }).click();
    await expect(cpage).toHaveURL(/\/join$/);
    const join = await cctx.request.get(new URL(cpage.url()).pathname);
    expect(join.headers()['content-security-policy']).toContain(`ws://${livekit.host}`);
    await cpage.getByRole('button', { name: 'Join interview' }).click();
    await expect(cpage.getByTestId('connection-status')).toHaveAttribute(
      'data-status',
      'connected',
      {
        timeout: 30_000,
      },
    );
    // The interviewer's engine analyses the received video meanwhile (worker, wasm, models).
    await expect(ipage.getByTestId('candidate-video')).toBeVisible({ timeout: 30_000 });
    await ipage.waitForTimeout(8_000);

    expect([...seen].filter((o) => !allowed.has(o))).toEqual([]);
    expect(violations).toEqual([]);

    // Withdrawing the invite disconnects the candidate who joined with it.
    const invite = (await (await owner.api.get(`/api/interviews/${interview.id}`)).json()) as {
      interview: { invites: Array<{ id: string }> };
    };
    const revoke = await owner.api.post(`/api/invites/${invite.interview.invites[0]!.id}/revoke`, {
      data: {},
    });
    expect(revoke.status(), await revoke.text()).toBe(200);
    expect((await revoke.json()).removedFromRoom).toBe(true);
    await expect(cpage.getByTestId('connection-status')).not.toHaveAttribute(
      'data-status',
      'connected',
      { timeout: 20_000 },
    );
  } finally {
    await cbrowser.close();
    await ictx.close();
  }
});
