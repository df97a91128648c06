import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { createInterview, signUpOwner } from '../fixtures/accounts';
import { testDb } from '../fixtures/db';
import { test, expect } from '../fixtures/base';
import { startExtraServer, type TExtraServer } from '../fixtures/extra-server';
import { postWebhook, signWebhook, webhookBody } from '../rooms/helpers';
import { scenarioWindows } from '../reports/seed';

/**
 * The production server answers `POST /api/sessions/{id}/windows` itself (scripts/server.ts, the
 * engine-window fast path) instead of through Next.js's router. It must answer every request —
 * valid, hostile, other organizations' — exactly as Next.js answers it: the e2e server (fast path
 * on) and a second server of the same build with CANDOR_INGEST_FAST_PATH=0 get the same requests
 * and must agree on status, JSON body and the security headers, and the fast path must store what
 * it says it stored.
 */
let viaNext: TExtraServer;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  viaNext = await startExtraServer({ portOffset: 10, env: { CANDOR_INGEST_FAST_PATH: '0' } });
});
test.afterAll(() => viaNext.stop());

interface TAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

/** One raw request (node:http: exact headers, chunked bodies), the whole answer read. */
function send(
  base: string,
  path: string,
  opts: { headers?: Record<string, string>; body?: string | Buffer; chunks?: Buffer[] },
): Promise<TAnswer> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: u.hostname, port: u.port, path, method: 'POST', headers: opts.headers },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => {
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            // not JSON: compared as text
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        });
      },
    );
    req.on('error', reject);
    if (opts.chunks) {
      // Transfer-Encoding: chunked (no Content-Length): the cap must hold while reading.
      for (const c of opts.chunks) req.write(c);
      req.end();
    } else req.end(opts.body);
  });
}

const SECURITY_HEADERS = [
  'x-content-type-options',
  'x-frame-options',
  'referrer-policy',
  'permissions-policy',
  'cross-origin-opener-policy',
  'cross-origin-embedder-policy',
  'content-type',
];

async function openSession(baseURL: string) {
  const owner = await signUpOwner(baseURL, 'fastpath');
  const { interview } = await createInterview(owner.api);
  const { roomName } = await testDb().interview.findUniqueOrThrow({
    where: { id: interview.id },
  });
  const body = webhookBody({
    event: 'room_started',
    id: `EV_${randomBytes(8).toString('hex')}`,
    roomName,
    roomSid: `RM_${randomBytes(8).toString('hex')}`,
  });
  expect((await postWebhook(owner.api, body, await signWebhook(body))).status()).toBe(200);
  const session = await testDb().session.findFirstOrThrow({
    where: { interviewId: interview.id, status: 'OPEN' },
  });
  const cookie = (await owner.api.storageState()).cookies
    .map((c) => `${c.name}=${c.value}`)
    .join('; ');
  return { sessionId: session.id, cookie };
}

test('the engine-window fast path answers every request exactly as Next.js does', async ({
  baseURL,
}) => {
  const fast = baseURL!;
  const slow = viaNext.url;
  const mine = await openSession(fast);
  const theirs = await openSession(fast); // another organization's session
  // Two windows of the real engine over the synthetic genuine session (as e2e/reports seeds).
  let second = 0;
  const batch = (id: string) => {
    const start = Date.now() - 60_000 + 2000 * second++;
    const windows = scenarioWindows('pass')
      .slice(0, 2)
      .map((w) => ({ at: new Date(start + w.startMs).toISOString(), signals: w }));
    return JSON.stringify({ clientBatchId: id, windows });
  };
  const json = (origin: string, cookie = mine.cookie) => ({
    'content-type': 'application/json',
    origin,
    cookie,
  });
  const big = Buffer.alloc(300 * 1024, 'a'); // over MAX_ENGINE_BATCH_BYTES (256 KiB)

  const cases: Array<{
    name: string;
    path: string;
    req: (origin: string) => Parameters<typeof send>[2];
    status: number;
  }> = [
    {
      name: 'a valid batch',
      path: `/api/sessions/${mine.sessionId}/windows`,
      req: (o) => ({ headers: json(o), body: batch(`batch-${randomBytes(8).toString('hex')}`) }),
      status: 201,
    },
    {
      name: 'no session cookie',
      path: `/api/sessions/${mine.sessionId}/windows`,
      req: (o) => ({ headers: json(o, ''), body: batch('batch-0000000000000001') }),
      status: 401,
    },
    {
      name: 'another organization’s session',
      path: `/api/sessions/${theirs.sessionId}/windows`,
      req: (o) => ({ headers: json(o), body: batch('batch-0000000000000002') }),
      status: 404,
    },
    {
      name: 'a cross-origin Origin',
      path: `/api/sessions/${mine.sessionId}/windows`,
      req: () => ({ headers: json('https://evil.example'), body: batch('batch-0000000000000003') }),
      status: 403,
    },
    {
      name: 'no Origin, Sec-Fetch-Site cross-site',
      path: `/api/sessions/${mine.sessionId}/windows`,
      req: () => ({
        headers: {
          'content-type': 'application/json',
          cookie: mine.cookie,
          'sec-fetch-site': 'cross-site',
        },
        body: batch('batch-0000000000000004'),
      }),
      status: 403,
    },
    {
      name: 'a text/plain body',
      path: `/api/sessions/${mine.sessionId}/windows`,
      req: (o) => ({
        headers: { ...json(o), 'content-type': 'text/plain' },
        body: batch('batch-0000000000000005'),
      }),
      status: 415,
    },
    {
      name: 'malformed JSON',
      path: `/api/sessions/${mine.sessionId}/windows`,
      req: (o) => ({ headers: json(o), body: '{"clientBatchId": ' }),
      status: 400,
    },
    {
      name: 'wrong types',
      path: `/api/sessions/${mine.sessionId}/windows`,
      req: (o) => ({ headers: json(o), body: JSON.stringify({ clientBatchId: 7, windows: 'x' }) }),
      status: 400,
    },
    {
      name: 'a declared length over the cap',
      path: `/api/sessions/${mine.sessionId}/windows`,
      req: (o) => ({ headers: json(o), body: big }),
      status: 413,
    },
    {
      name: 'a chunked body over the cap',
      path: `/api/sessions/${mine.sessionId}/windows`,
      req: (o) => ({ headers: json(o), chunks: [big.subarray(0, 150_000), big.subarray(150_000)] }),
      status: 413,
    },
    {
      name: 'an id that is not one',
      path: `/api/sessions/${encodeURIComponent('../../x')}/windows`,
      req: (o) => ({ headers: json(o), body: batch('batch-0000000000000006') }),
      status: 404,
    },
  ];

  for (const c of cases) {
    const a = await send(fast, c.path, c.req(fast));
    const b = await send(slow, c.path, c.req(slow));
    expect.soft(a.status, `${c.name}: fast path`).toBe(c.status);
    expect.soft(b.status, `${c.name}: through Next.js`).toBe(c.status);
    expect.soft(a.body, `${c.name}: body`).toEqual(b.body);
    for (const h of SECURITY_HEADERS)
      expect.soft(a.headers[h], `${c.name}: ${h}`).toBe(b.headers[h]);
    expect.soft(a.headers['x-content-type-options'], c.name).toBe('nosniff');
  }
});

test('the fast path stores what it answers, once, and a resend is a duplicate', async ({
  baseURL,
}) => {
  const { sessionId, cookie } = await openSession(baseURL!);
  // Three windows of the real engine over the synthetic genuine session (as e2e/reports seeds).
  const start = Date.now() - 10_000;
  const windows = scenarioWindows('pass')
    .slice(0, 3)
    .map((w) => ({ at: new Date(start + w.startMs).toISOString(), signals: w }));
  const body = JSON.stringify({
    clientBatchId: `batch-${randomBytes(8).toString('hex')}`,
    windows,
  });
  const headers = { 'content-type': 'application/json', origin: baseURL!, cookie };
  const path = `/api/sessions/${sessionId}/windows`;
  const first = await send(baseURL!, path, { headers, body });
  expect(first.status, JSON.stringify(first.body)).toBe(201);
  expect(first.body).toMatchObject({ stored: 3, duplicate: 0 });
  const again = await send(baseURL!, path, { headers, body });
  expect(again.status).toBe(200);
  expect(again.body).toMatchObject({ stored: 0, duplicate: 3 });
  const rows = await testDb().signalWindow.count({
    where: { sessionId, source: 'TRUSTED', kind: { in: ['ENGINE', 'ENGINE_LATE'] } },
  });
  expect(rows).toBe(3);
});
