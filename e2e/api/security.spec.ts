import { readdirSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createInterview, signUpOwner, type TestAccount } from '../fixtures/accounts';
import { test, expect } from '../fixtures/base';
import { testDb } from '../fixtures/db';
import { consent, inviteTokenOf } from '../rooms/helpers';

/**
 * Holes found by probing a running server (issue 11): CSRF on every state-changing route, the
 * open redirect after sign-in, Better Auth's own sign-up endpoint, reviewers holding live invite
 * links, unbounded chunked bodies.
 */

const CROSS_SITE = { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' };

/** Every app/**\/route.ts with the state-changing methods it exports. */
function mutatingRoutes(): Array<{ url: string; method: string; file: string }> {
  const found: Array<{ url: string; method: string; file: string }> = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name === 'route.ts') {
        const text = readFileSync(full, 'utf8');
        const url = path
          .relative('app', path.dirname(full))
          .replace(/\[\.\.\.[^\]]+\]/g, 'sign-in/email')
          .replace(/\[[^\]]+\]/g, 'x');
        for (const m of text.matchAll(/export (?:const|async function) (POST|PUT|PATCH|DELETE)\b/g))
          found.push({ url: `/${url}`, method: m[1]!, file: full });
      }
    }
  };
  walk('app');
  return found;
}

function postChunked(baseURL: string, url: string, bytes: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(url, baseURL), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    // The server may close the socket while we are still sending: the status is what counts.
    req.on('error', () => undefined);
    setTimeout(() => reject(new Error(`no response from ${url}`)), 30_000).unref();
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0;
    const pump = () => {
      while (sent < bytes) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

test.describe('security', () => {
  let owner: TestAccount;
  let interviewId: string;

  test.beforeAll(async ({ baseURL }) => {
    owner = await signUpOwner(baseURL!, 'sec');
    interviewId = (await createInterview(owner.api)).interview.id;
  });

  test('every state-changing route refuses a cross-site request (CSRF)', async () => {
    const routes = mutatingRoutes();
    expect(routes.length).toBeGreaterThan(15);
    for (const r of routes) {
      const res = await owner.api.fetch(r.url, { method: r.method, headers: CROSS_SITE });
      const body = await res.text();
      if (r.url === '/api/livekit/webhook') {
        // Server-to-server and signed: exempt from the origin check, refused for its signature.
        expect(res.status(), body).toBe(401);
        continue;
      }
      expect(res.status(), `${r.method} ${r.url} (${r.file}): ${body}`).toBe(403);
      expect(body, r.url).toContain('cross_origin');
    }
  });

  test('a body-less cross-site POST cannot delete biometric data', async () => {
    const db = testDb();
    const interview = await db.interview.findUniqueOrThrow({ where: { id: interviewId } });
    const session = await db.session.create({ data: { interviewId } });
    const res = await owner.api.post(`/api/candidates/${interview.candidateId}/delete-biometrics`, {
      headers: { origin: 'https://evil.example' },
    });
    expect(res.status()).toBe(403);
    const after = await db.session.findUniqueOrThrow({ where: { id: session.id } });
    expect(after.biometricsDeletedAt).toBeNull();
    // The same request from the app itself works.
    const own = await owner.api.post(`/api/candidates/${interview.candidateId}/delete-biometrics`, {
      headers: { 'sec-fetch-site': 'same-origin' },
    });
    expect(own.status(), await own.text()).toBe(200);
  });

  test('sign-out is a same-origin POST; GET does nothing', async ({ baseURL }) => {
    const other = await signUpOwner(baseURL!, 'signout');
    expect((await other.api.get('/signout', { maxRedirects: 0 })).status()).toBe(405);
    expect((await other.api.get('/api/interviews')).status()).toBe(200);
    const cross = await other.api.post('/signout', { headers: CROSS_SITE, maxRedirects: 0 });
    expect(cross.status()).toBe(403);
    expect((await other.api.get('/api/interviews')).status()).toBe(200);
    const res = await other.api.post('/signout', { maxRedirects: 0 });
    expect(res.status()).toBe(303);
    expect((await other.api.get('/api/interviews')).status()).toBe(401);
  });

  test("Better Auth's own sign-up and other endpoints are closed", async ({ request }) => {
    const email = `squat-${Date.now()}@example.test`;
    const res = await request.post('/api/auth/sign-up/email', {
      data: { name: 'Squatter', email, password: 'correct horse battery' },
    });
    expect(res.status()).toBe(404);
    expect(await testDb().user.count({ where: { email } })).toBe(0);
    expect((await request.get('/api/auth/list-sessions')).status()).toBe(404);
    expect((await request.get('/api/auth/get-session')).status()).toBe(200);
  });

  test('sign-in never redirects to another origin', async ({ page, baseURL }) => {
    for (const next of [
      '/%5Cexample.org',
      '//example.org',
      '/%2F%2Fexample.org',
      '/\\example.org',
    ]) {
      await page.context().clearCookies();
      await page.goto(`/signin?next=${next}`);
      await page.getByLabel('Email').fill(owner.email);
      await page.getByLabel('Password').fill(owner.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page).toHaveURL(`${baseURL}/dashboard`);
    }
  });

  test('a reviewer never sees a live invite link', async ({ browser, baseURL }) => {
    const reviewer = await signUpOwner(baseURL!, 'reviewer');
    const db = testDb();
    const user = await db.user.findUniqueOrThrow({ where: { email: reviewer.email } });
    const org = await db.interview.findUniqueOrThrow({ where: { id: interviewId } });
    // Teammate invites are another change; move this account into the owner's organization.
    await db.membership.updateMany({
      where: { userId: user.id },
      data: { organizationId: org.organizationId, role: 'REVIEWER' },
    });
    const ctx = await browser.newContext({
      storageState: await reviewer.api.storageState(),
      baseURL,
    });
    const page = await ctx.newPage();
    await page.goto(`/interviews/${interviewId}`);
    await expect(page.getByText('shown to owners and interviewers only')).toBeVisible();
    await expect(page.getByTestId('invite-url')).toHaveCount(0);
    expect(await page.content()).not.toContain('/i/');
    const api = await reviewer.api.post(`/api/interviews/${interviewId}/invites`, { data: {} });
    expect(api.status()).toBe(403);
    await ctx.close();
    const ownerPage = await browser.newContext({
      storageState: await owner.api.storageState(),
      baseURL,
    });
    const op = await ownerPage.newPage();
    await op.goto(`/interviews/${interviewId}`);
    await expect(op.getByTestId('invite-url').first()).toHaveValue(/\/i\//);
    await ownerPage.close();
  });

  test('large chunked bodies are refused before they are buffered', async ({ baseURL }) => {
    const big = 20 * 1024 * 1024;
    expect(await postChunked(baseURL!, '/api/livekit/webhook', big)).toBe(413);
    expect(await postChunked(baseURL!, '/api/auth/sign-in/email', big)).toBe(413);
    expect(await postChunked(baseURL!, '/api/account/signup', big)).toBe(413);
  });

  test('the client IP is the TCP peer, never a client-sent X-Forwarded-For', async ({
    playwright,
    baseURL,
  }) => {
    const { interview, inviteUrl } = await createInterview(owner.api);
    const forged = await playwright.request.newContext({
      baseURL,
      extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.9', 'x-candor-peer-address': '6.6.6.6' },
    });
    await consent(forged, inviteTokenOf(inviteUrl));
    await forged.dispose();
    const record = await testDb().consentRecord.findFirstOrThrow({
      where: { interviewId: interview.id },
    });
    expect(record.ipAddress).toBe('127.0.0.1');
  });
});
