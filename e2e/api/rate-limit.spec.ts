import { request as pwRequest, type APIRequestContext } from '@playwright/test';
import { signUpOwner, uniqueEmail } from '../fixtures/accounts';
import { test, expect } from '../fixtures/base';
import { startExtraServer, type TExtraServer } from '../fixtures/extra-server';

/**
 * The e2e server runs with CANDOR_DISABLE_RATE_LIMIT=1 (hundreds of sign-ups); this spec starts a
 * second production server of the same build on another port without it, on the same database, so it
 * also shows that counters live in PostgreSQL and not in one process.
 */
let server: TExtraServer;
let LIMITED = '';

test.beforeAll(async () => {
  test.setTimeout(120_000);
  server = await startExtraServer({ portOffset: 7, env: { CANDOR_DISABLE_RATE_LIMIT: undefined } });
  LIMITED = server.url;
});

test.afterAll(() => server.stop());

const signIn = (api: APIRequestContext, email: string, ip: string) =>
  api.post('/api/auth/sign-in/email', {
    data: { email, password: 'wrong password!' },
    headers: { 'x-forwarded-for': ip },
  });

test('repeated wrong passwords lock the account for a growing wait; success clears it', async ({
  baseURL,
}) => {
  const owner = await signUpOwner(baseURL!, 'backoff');
  const api = await pwRequest.newContext({ baseURL: LIMITED });
  for (let i = 0; i < 5; i++)
    expect((await signIn(api, owner.email, '10.1.1.1')).status()).toBe(401);
  // Locked now, even with the right password.
  const locked = await api.post('/api/auth/sign-in/email', {
    data: { email: owner.email, password: owner.password },
  });
  expect(locked.status()).toBe(429);
  expect(Number(locked.headers()['retry-after'])).toBeGreaterThan(0);
  await new Promise((r) => setTimeout(r, 2500));
  const ok = await api.post('/api/auth/sign-in/email', {
    data: { email: owner.email, password: owner.password },
  });
  expect(ok.status(), await ok.text()).toBe(200);
  await api.dispose();
});

test('a new X-Forwarded-For per try does not escape the sign-in limit (TRUST_PROXY=0)', async () => {
  const api = await pwRequest.newContext({ baseURL: LIMITED });
  const statuses: number[] = [];
  for (let i = 0; i < 14; i++) {
    // A different account each time, so only the per-IP limit can answer 429.
    const res = await signIn(api, uniqueEmail('nobody'), `203.0.113.${i + 1}`);
    statuses.push(res.status());
  }
  // 10 attempts a minute per peer address, whatever the header says (the test above used some).
  expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(10);
  expect(statuses.slice(-4)).toEqual([429, 429, 429, 429]);
  await api.dispose();
});

test('teammate-link joins are limited per IP (20 an hour), before the body is read', async () => {
  const api = await pwRequest.newContext({ baseURL: LIMITED });
  const statuses: number[] = [];
  for (let i = 0; i < 21; i++) {
    const res = await api.post('/api/team/join', {
      data: { mode: 'signed-in', token: `not-a-real-token-${i}` },
      headers: { origin: LIMITED },
    });
    statuses.push(res.status());
  }
  expect(statuses.filter((s) => s === 400).length).toBeLessThanOrEqual(20);
  expect(statuses.at(-1)).toBe(429);
  await api.dispose();
});
