import { randomBytes } from 'node:crypto';
import type { APIRequestContext, Browser } from '@playwright/test';
import { createInterview, signUpOwner, uniqueEmail, type TestAccount } from '../fixtures/accounts';
import { blockNonLoopback, expect, test } from '../fixtures/base';
import { startExtraServer, type TExtraServer } from '../fixtures/extra-server';
import { testDb } from '../fixtures/db';
import { inviteTokenOf, postWebhook, signWebhook, webhookBody } from '../rooms/helpers';
import { signInContext } from './setup';

/**
 * Network reuse, end to end: two candidates of one organization, with different names, whose
 * requests reach the server from the same address (X-Forwarded-For, believed by a second server of
 * the same build started with TRUST_PROXY=1, as behind a reverse proxy; the main e2e server keeps
 * TRUST_PROXY=0 and takes the TCP peer) → the real routes record the address and write a
 * NETWORK_REUSE alert, shown in the report's "Network origin" section. A candidate of another
 * organization from the same address produces nothing.
 */

/** A Comcast (AS7922, US) address from the shipped dataset: the lookup must name it. */
const SHARED_IP = '23.24.7.10';

/** The candidate-facing server behind a (simulated) reverse proxy. */
let proxied: TExtraServer;

interface TCandidate {
  interviewId: string;
  token: string;
  sessionId: string;
}

async function interviewWith(api: APIRequestContext, name: string, claimedCountry?: string) {
  if (!claimedCountry) return createInterview(api, name);
  const res = await api.post('/api/interviews', {
    data: {
      title: 'Backend engineer',
      kind: 'LIVE',
      candidate: { name, email: uniqueEmail('cand'), claimedCountry },
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as { interview: { id: string }; inviteUrl: string };
}

/** The candidate opens the invite in Chromium and consents through the real form. */
async function consentInBrowser(browser: Browser, inviteUrl: string): Promise<void> {
  const context = await browser.newContext({
    baseURL: proxied.url,
    extraHTTPHeaders: { 'x-forwarded-for': SHARED_IP },
  });
  await blockNonLoopback(context);
  const page = await context.newPage();
  await page.goto(new URL(inviteUrl).pathname);
  await page.getByRole('checkbox').check();
  await page.getByRole('button', { name: /I agree/ }).click();
  await expect(page.getByText('Your consent is recorded.')).toBeVisible();
  await context.close();
}

async function openSession(request: APIRequestContext, interviewId: string): Promise<string> {
  const { roomName } = await testDb().interview.findUniqueOrThrow({ where: { id: interviewId } });
  const body = webhookBody({
    event: 'room_started',
    id: `EV_${randomBytes(8).toString('hex')}`,
    roomName,
    roomSid: `RM_${randomBytes(6).toString('hex')}`,
  });
  const res = await postWebhook(request, body, await signWebhook(body));
  expect(res.status(), await res.text()).toBe(200);
  const session = await testDb().session.findFirstOrThrow({ where: { interviewId } });
  return session.id;
}

async function reportDevice(request: APIRequestContext, token: string, timeZone: string) {
  const res = await request.post(`${proxied.url}/api/rooms/candidate-report`, {
    headers: { 'x-forwarded-for': SHARED_IP },
    data: {
      token,
      batchId: randomBytes(12).toString('base64url'),
      capturedAt: new Date().toISOString(),
      facts: {
        kind: 'device.facts',
        v: 1,
        cameraLabel: 'Integrated Webcam',
        microphoneLabel: 'Default',
        cameraCount: 1,
        microphoneCount: 1,
        requested: { width: 1280, height: 720, frameRate: 30 },
        delivered: { width: 1280, height: 720, frameRate: 30 },
        timeZone,
        languages: ['en-US'],
        userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0',
        screen: { width: 1920, height: 1080, pixelRatio: 1 },
      },
    },
  });
  expect(res.status(), await res.text()).toBe(201);
}

test.describe('network origin and reuse', () => {
  let owner: TestAccount;
  let other: TestAccount;

  test.beforeAll(async ({ baseURL }) => {
    test.setTimeout(120_000);
    proxied = await startExtraServer({ portOffset: 8, env: { TRUST_PROXY: '1' } });
    owner = await signUpOwner(baseURL!, 'origin');
    other = await signUpOwner(baseURL!, 'originx');
  });

  test.afterAll(() => proxied.stop());

  test('two candidates on one address → NETWORK_REUSE; another organization → nothing', async ({
    browser,
    request,
    page,
  }) => {
    const people: Array<[TestAccount, string, string | undefined]> = [
      [owner, 'Alice Anders', undefined],
      [owner, 'Bob Brandt', 'DE'],
      [other, 'Carol Cruz', undefined],
    ];
    const made: TCandidate[] = [];
    for (const [account, name, country] of people) {
      const created = await interviewWith(account.api, name, country);
      await consentInBrowser(browser, created.inviteUrl);
      made.push({
        interviewId: created.interview.id,
        token: inviteTokenOf(created.inviteUrl),
        sessionId: '',
      });
    }
    for (const c of made) c.sessionId = await openSession(request, c.interviewId);
    for (const c of made) await reportDevice(request, c.token, 'America/New_York');
    const [a, b, c] = made as [TCandidate, TCandidate, TCandidate];

    const db = testDb();
    const seen = await db.originObservation.findMany({ where: { interviewId: b.interviewId } });
    expect(seen.map((o) => o.route).sort()).toEqual(['candidate-report', 'consent', 'invite']);
    expect(seen[0]).toMatchObject({
      ip: SHARED_IP,
      networkPrefix: '23.24.7.0/24',
      ipClass: 'public',
      asn: 7922,
      country: 'US',
    });

    const bobAlerts = await db.sessionAlert.findMany({ where: { sessionId: b.sessionId } });
    const reuse = bobAlerts.find((x) => x.kind === 'NETWORK_REUSE');
    expect(reuse, JSON.stringify(bobAlerts)).toBeDefined();
    expect(reuse!.dedupeKey).toBe(`network:ip:${SHARED_IP}`);
    expect(reuse!.relatedSessionId).toBe(a.sessionId);
    expect(reuse!.details).toMatchObject({ match: 'ip', otherCandidates: 1 });
    expect((reuse!.details as { summary: string }).summary).toContain('Alice Anders');
    // both reported the same (untrusted) camera, screen and platform: supporting evidence
    expect(bobAlerts.find((x) => x.kind === 'DEVICE_REUSE')?.details).toMatchObject({
      source: 'CANDIDATE',
      otherCandidates: 1,
    });
    const mismatch = bobAlerts.find((x) => x.kind === 'ORIGIN_MISMATCH');
    expect(mismatch?.details).toMatchObject({ ipCountry: 'US', claimedCountry: 'DE' });

    // another organization, same address: its own observations exist, but no alert of any kind
    expect(await db.originObservation.count({ where: { interviewId: c.interviewId } })).toBe(3);
    expect(await db.sessionAlert.count({ where: { sessionId: c.sessionId } })).toBe(0);

    // recomputing is idempotent: the same report again adds no row
    const before = await db.sessionAlert.count({ where: { sessionId: b.sessionId } });
    await reportDevice(request, b.token, 'America/New_York');
    expect(await db.sessionAlert.count({ where: { sessionId: b.sessionId } })).toBe(before);

    await signInContext(page.context(), owner);
    await page.goto(`/sessions/${b.sessionId}`);
    const section = page.getByRole('region', { name: 'Network origin' });
    await expect(section.getByText('1 other candidate joined from the same address')).toBeVisible();
    const sameAddress = section
      .getByRole('list', { name: 'Other candidates on this network' })
      .getByRole('listitem')
      .filter({ hasText: 'same address' });
    await expect(sameAddress.getByRole('link', { name: 'Alice Anders' })).toHaveAttribute(
      'href',
      `/sessions/${a.sessionId}`,
    );
    await expect(section.getByText('Comcast Cable Communications')).toBeVisible();
    await expect(section.getByText('Carol Cruz')).toHaveCount(0);
  });
});
