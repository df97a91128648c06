/**
 * Property-based fuzzing of the running app (fast-check): hostile requests across every route
 * (every app/**\/route.ts method, plus every page), with wrong types, huge and deeply nested
 * bodies, bad UTF-8, other organizations' ids, forged session cookies and invite tokens, odd or
 * missing headers. The property: no response is 5xx (nor a dropped connection), and no row is
 * written in any table. Used by `npm run fuzz` (scripts/fuzz.ts) and e2e/api/fuzz.spec.ts.
 *
 * Imports nothing from lib/server, so Playwright specs can use it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { AccessToken, RoomServiceClient } from 'livekit-server-sdk';
import pg from 'pg';

export interface TRoute {
  /** e.g. /api/sessions/[id]/windows */
  template: string;
  methods: string[];
}

const METHOD_RE =
  /export\s+(?:const|async\s+function|function)\s+(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b/g;

/** Every route handler and page under app/, with the methods it exports (pages: GET). */
export function discoverRoutes(root = process.cwd()): TRoute[] {
  const out: TRoute[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!e.name.startsWith('_')) walk(p);
        continue;
      }
      const rel = path.relative(path.join(root, 'app'), dir).split(path.sep);
      const template = `/${rel.filter((s) => s && !/^\(.*\)$/.test(s)).join('/')}`;
      if (e.name === 'route.ts') {
        const methods = [...readFileSync(p, 'utf8').matchAll(METHOD_RE)].map((m) => m[1]!);
        if (methods.length) out.push({ template, methods: [...new Set(methods)] });
      } else if (e.name === 'page.tsx') out.push({ template, methods: ['GET'] });
    }
  };
  walk(path.join(root, 'app'));
  return out.sort((a, b) => a.template.localeCompare(b.template));
}

/** What the fuzzer attacks with: a signed-in attacker (org A) and a victim organization's ids (org B). */
export interface TTargets {
  baseUrl: string;
  attackerCookie: string;
  /** ids of the victim organization (interview, session, candidate, invite, user…) */
  victimIds: string[];
  /** the victim's real invite token, which the fuzzer only ever sends tampered with */
  victimToken: string;
}

const tag = () => randomBytes(6).toString('hex');
const cookieOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');

async function signUp(baseUrl: string, who: string) {
  const res = await fetch(`${baseUrl}/api/account/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl },
    body: JSON.stringify({
      name: `${who} Owner`,
      email: `fuzz-${who}-${tag()}@example.test`,
      password: 'correct horse battery',
      organizationName: `Fuzz ${who} ${tag()}`,
    }),
  });
  if (res.status !== 200) throw new Error(`signup ${who}: ${res.status} ${await res.text()}`);
  return cookieOf(res);
}

/** A LiveKit webhook signed like livekit-server signs it (JWT with the body's sha256). */
export async function signedWebhook(baseUrl: string, event: object): Promise<Response> {
  const body = JSON.stringify(event);
  const at = new AccessToken(process.env.LIVEKIT_API_KEY, process.env.LIVEKIT_API_SECRET);
  at.sha256 = createHash('sha256').update(body).digest('base64');
  return fetch(`${baseUrl}/api/livekit/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/webhook+json', authorization: await at.toJwt() },
    body,
  });
}

/**
 * Sets up the two organizations through the real routes: sign-ups, the victim's interview (and its
 * invite), and its session, opened by livekit-server's webhook for a real room.
 */
export async function setUpTargets(baseUrl: string, databaseUrl: string): Promise<TTargets> {
  const attackerCookie = await signUp(baseUrl, 'attacker');
  const victimCookie = await signUp(baseUrl, 'victim');
  const res = await fetch(`${baseUrl}/api/interviews`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl, cookie: victimCookie },
    body: JSON.stringify({
      title: 'Victim interview',
      kind: 'LIVE',
      candidate: {
        name: 'Victim Candidate',
        email: `v-${tag()}@example.test`,
        claimedTimeZone: 'UTC',
      },
    }),
  });
  if (res.status !== 201) throw new Error(`interview: ${res.status} ${await res.text()}`);
  const created = (await res.json()) as { interview: { id: string }; inviteUrl: string };
  const victimToken = new URL(created.inviteUrl).pathname.split('/').pop()!;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const {
      rows: [iv],
    } = await client.query<{ roomName: string; candidateId: string; organizationId: string }>(
      'SELECT "roomName", "candidateId", "organizationId" FROM "Interview" WHERE id = $1',
      [created.interview.id],
    );
    // A real LiveKit room (kept for an hour without participants): livekit-server's own room_started
    // webhook opens the session, and the reconciler sees the room, so it closes nothing meanwhile.
    const rooms = new RoomServiceClient(
      process.env.LIVEKIT_URL!.replace(/^ws(s?):\/\//, 'http$1://'),
      process.env.LIVEKIT_API_KEY,
      process.env.LIVEKIT_API_SECRET,
    );
    await rooms.createRoom({ name: iv!.roomName, emptyTimeout: 3600, departureTimeout: 3600 });
    for (let i = 0; ; i++) {
      const { rowCount } = await client.query(
        `SELECT 1 FROM "Session" WHERE "interviewId" = $1 AND status = 'OPEN'`,
        [created.interview.id],
      );
      if (rowCount) break;
      if (i > 120) throw new Error('room_started never opened the victim session');
      await new Promise((r) => setTimeout(r, 500));
    }
    const ids = await client.query<{ id: string }>(
      `SELECT id FROM "Session" WHERE "interviewId" = $1
       UNION ALL SELECT id FROM "Invite" WHERE "interviewId" = $1
       UNION ALL SELECT "userId" FROM "Membership" WHERE "organizationId" = $2`,
      [created.interview.id, iv!.organizationId],
    );
    return {
      baseUrl,
      attackerCookie,
      victimToken,
      victimIds: [
        created.interview.id,
        iv!.candidateId,
        iv!.organizationId,
        ...ids.rows.map((r) => r.id),
      ],
    };
  } finally {
    await client.end();
  }
}

/** Exact row counts of every table in the public schema. */
export async function countRows(databaseUrl: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ t: string }>(
      `SELECT table_name AS t FROM information_schema.tables
       WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
    );
    const out: Record<string, number> = {};
    for (const { t } of tables) {
      const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${t}"`);
      out[t] = rows[0]!.n;
    }
    return out;
  } finally {
    await client.end();
  }
}

/**
 * Tables a refused request may still write by design: rate-limit counters (a refused sign-in is
 * exactly what they count). Every other table must keep its row count.
 */
export const WRITTEN_BY_DESIGN = new Set(['RateLimitCounter']);

export function rowChanges(before: Record<string, number>, after: Record<string, number>) {
  return Object.keys({ ...before, ...after })
    .filter((t) => !WRITTEN_BY_DESIGN.has(t) && (before[t] ?? 0) !== (after[t] ?? 0))
    .map((t) => `${t}: ${before[t] ?? 0} → ${after[t] ?? 0}`);
}

// ---- arbitraries ---------------------------------------------------------------------------

const tamper = (s: string) =>
  fc.nat({ max: Math.max(0, s.length - 1) }).map((i) => {
    const c = s[i] === 'A' ? 'B' : 'A';
    return s.slice(0, i) + c + s.slice(i + 1);
  });

function idArb(t: TTargets) {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...t.victimIds) },
    { weight: 1, arbitrary: fc.constant(`c${tag()}${tag()}`) },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('..', '%2e%2e', '%00', '%ff', "1' OR '1'='1", 'null', '0', '-1'),
    },
    { weight: 1, arbitrary: fc.constant('x'.repeat(5000)) },
    { weight: 1, arbitrary: tamper(t.victimToken) },
  );
}

const deepJson = fc
  .tuple(fc.integer({ min: 1, max: 20_000 }), fc.constantFrom('[', '{"a":'))
  .map(([depth, open]) => {
    const close = open === '[' ? ']' : '}';
    return open.repeat(depth) + '1' + close.repeat(depth);
  });

/** Raw bytes that are not UTF-8 (lone continuation bytes, overlongs, surrogates, truncations). */
const badUtf8 = fc
  .tuple(
    fc.string({ maxLength: 30 }),
    fc.constantFrom(
      [0xff],
      [0xc0, 0xaf],
      [0xed, 0xa0, 0x80],
      [0xe2, 0x82],
      [0x80, 0x80],
      [0xf8, 0x88, 0x80, 0x80, 0x80],
    ),
  )
  .map(([s, bad]) => {
    const head = Buffer.from(`{"name":"${s.replace(/["\\]/g, '')}`);
    return Uint8Array.from(Buffer.concat([head, Buffer.from(bad), Buffer.from('"}')]));
  });

function bodyArb(t: TTargets) {
  const jsonValue = fc.jsonValue({ maxDepth: 4 });
  // Values shaped like the app's inputs, with ids and tokens of the other organization.
  const shaped = fc.dictionary(
    fc.constantFrom(
      'token',
      'inviteToken',
      'sessionId',
      'interviewId',
      'candidateId',
      'id',
      'name',
      'email',
      'password',
      'title',
      'kind',
      'role',
      'windows',
      'clientBatchId',
      'signals',
      'at',
      'note',
      'decision',
      'consent',
      'accepted',
      'organizationName',
      'mode',
      'callbackURL',
      'answerId',
    ),
    fc.oneof(
      jsonValue,
      idArb(t),
      fc.constant('x'.repeat(70_000)),
      fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 5 }),
    ),
    { maxKeys: 6 },
  );
  return fc.oneof(
    { weight: 3, arbitrary: shaped.map((o) => JSON.stringify(o)) },
    { weight: 2, arbitrary: jsonValue.map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: deepJson },
    { weight: 1, arbitrary: badUtf8 },
    { weight: 1, arbitrary: fc.integer({ min: 65_000, max: 2_000_000 }).map((n) => 'a'.repeat(n)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('', 'null', '[]', '{}', '{"__proto__":{"x":1}}', '\u0000'),
    },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

export interface TFuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | Uint8Array<ArrayBuffer> | undefined;
}

export function requestArb(routes: TRoute[], t: TTargets): fc.Arbitrary<TFuzzRequest> {
  const route = fc.constantFrom(...routes);
  const forgedCookie = fc.oneof(
    fc.constant(''),
    fc.constant(t.attackerCookie),
    tamper(t.attackerCookie),
    fc.string({ maxLength: 80 }).map((s) => `better-auth.session_token=${encodeURIComponent(s)}`),
    fc.constant(`better-auth.session_token=${'A'.repeat(4000)}`),
  );
  const contentType = fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/offset+octet-stream',
    'application/webhook+json',
    '',
    'application/json\u0000',
  );
  const origin = fc.constantFrom(
    t.baseUrl,
    '',
    'null',
    'https://evil.example',
    t.baseUrl + '.evil.example',
  );
  const site = fc.constantFrom('', 'same-origin', 'none', 'cross-site', 'same-site');
  const query = fc.oneof(
    fc.constant(''),
    fc.string({ maxLength: 30 }).map((s) => `?next=${encodeURIComponent(s)}`),
    fc.constantFrom(
      '?id=../../etc',
      '?page=-1',
      '?cursor=%ff',
      '?limit=1e309',
      `?x=${'y'.repeat(3000)}`,
    ),
  );
  return fc
    .record({
      route,
      methodPick: fc.nat(),
      odd: fc.constantFrom('', 'PUT', 'PATCH', 'DELETE'),
      ids: fc.array(idArb(t), { minLength: 4, maxLength: 4 }),
      query,
      cookie: forgedCookie,
      contentType,
      origin,
      site,
      invite: fc.oneof(fc.constant(''), tamper(t.victimToken), fc.string({ maxLength: 60 })),
      xff: fc.constantFrom('', '1.2.3.4', '::1, 10.0.0.1', 'x'.repeat(2000)),
      authorization: fc.oneof(
        fc.constant(''),
        fc.string({ maxLength: 60 }).map((s) => `Bearer ${s}`),
      ),
      tusResumable: fc.constantFrom('', '1.0.0', '0.2', '9'),
      body: bodyArb(t),
    })
    .map((r) => {
      const method =
        r.odd && r.methodPick % 5 === 0
          ? r.odd
          : r.route.methods[r.methodPick % r.route.methods.length]!;
      let i = 0;
      const filled = r.route.template.replace(/\[(?:\.\.\.)?[^\]]+\]/g, () =>
        encodeURIComponent(r.ids[i++ % r.ids.length]!),
      );
      const headers: Record<string, string> = {};
      const put = (k: string, v: string) => {
        if (v) headers[k] = v;
      };
      // Signing oneself out is the one legitimate write of the attacker's own cookie: /signout only
      // ever gets forged ones (e2e/api/security.spec.ts covers sign-out itself).
      put(
        'cookie',
        r.route.template === '/signout' && r.cookie === t.attackerCookie ? '' : r.cookie,
      );
      put('content-type', r.contentType);
      put('origin', r.origin);
      put('sec-fetch-site', r.site);
      put('candor-invite', r.invite);
      put('x-forwarded-for', r.xff);
      put('authorization', r.authorization);
      put('tus-resumable', r.tusResumable);
      const body = method === 'GET' || method === 'HEAD' ? undefined : r.body;
      return { method, path: filled + r.query, headers, body };
    });
}

export interface TFuzzResult {
  runs: number;
  statuses: Record<string, number>;
  failure: string | null;
}

/** Sends one request; a 5xx or a dropped connection is returned as a failure message. */
export async function sendOne(
  baseUrl: string,
  r: TFuzzRequest,
): Promise<{ status: number | string; failure?: string }> {
  const headers = Object.fromEntries(
    Object.entries(r.headers).filter(([, v]) => /^[\t\x20-\x7e\x80-\xff]*$/.test(v)),
  );
  try {
    const res = await fetch(`${baseUrl}${r.path}`, {
      method: r.method,
      headers,
      body: r.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(60_000),
    });
    const text = await res.text();
    if (res.status >= 500)
      return {
        status: res.status,
        failure: `${r.method} ${r.path.slice(0, 200)} → ${res.status}: ${text.slice(0, 300)}`,
      };
    return { status: res.status };
  } catch (err) {
    // Building the request can fail on the client side (an invalid URL or header): not the server's fault.
    if (err instanceof TypeError && !/fetch failed/.test(err.message))
      return { status: 'client-side' };
    return {
      status: 'network',
      failure: `${r.method} ${r.path.slice(0, 200)} → connection failed: ${String((err as Error).cause ?? err)}`,
    };
  }
}

/** Runs `runs` hostile requests; stops at (and shrinks) the first 5xx or dropped connection. */
export async function fuzz(
  routes: TRoute[],
  t: TTargets,
  runs: number,
  seed?: number,
): Promise<TFuzzResult> {
  const statuses: Record<string, number> = {};
  const out = await fc.check(
    fc.asyncProperty(requestArb(routes, t), async (r) => {
      const res = await sendOne(t.baseUrl, r);
      statuses[String(res.status)] = (statuses[String(res.status)] ?? 0) + 1;
      if (res.failure) throw new Error(res.failure);
    }),
    { numRuns: runs, seed, endOnFailure: false, interruptAfterTimeLimit: undefined },
  );
  return {
    runs: out.numRuns,
    statuses,
    failure: out.failed ? `${fc.defaultReportMessage(out) ?? ''}`.slice(0, 3000) : null,
  };
}
