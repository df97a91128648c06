/**
 * Two app instances (two production servers, scripts/server.ts, of one build, on different ports) on one PostgreSQL and one
 * livekit-server:
 *  1. one session's engine windows are posted alternately to both (and every batch resent to the
 *     other one, as a retry after a reconnect could be); the room_finished webhook reaches the
 *     second. Required: windows stored = windows sent, none duplicated, and the final verdict equals
 *     the fusion of exactly those windows (computed here with lib/analysis) — one correct verdict.
 *  2. sign-in attempts from one client IP, alternately to both instances: the per-IP limit (10 a
 *     minute) holds across both (the counters are in PostgreSQL), so attempt 11 is refused (429)
 *     wherever it lands; per-instance counters would have let 20 through.
 *
 *   CANDOR_TEST_PORT_OFFSET=200 NEXT_DIST_DIR=.data/next-200 npx tsx scripts/stack.ts test -- \
 *     bash -c 'node_modules/.bin/next build && npm run check:two-instances'
 *
 * Exit code 0 = PASS.
 */
import { assessAll, fuse } from '@/lib/analysis/fusion';
import { SessionState } from '@/lib/analysis/session-state';
import { SIGNIN_PER_IP } from '@/lib/server/security/rate-limit';
import { db } from '@/lib/server/db';
import { signedWebhook } from '../fuzz/core';
import {
  batchOf,
  engineWindows,
  openLiveSession,
  signUp,
  startApp,
  storedWindows,
  type TApp,
} from '../load/harness';

const port = Number(process.env.PORT ?? 3100);
const apps: TApp[] = [];
let ok = true;
const check = (what: string, pass: boolean, detail: string) => {
  console.log(`[two-instances] ${pass ? 'ok  ' : 'FAIL'} ${what}: ${detail}`);
  ok &&= pass;
};

try {
  // The session is opened without a LiveKit room: no reconciler (it would close it after 2 min).
  const noReconcile = { CANDOR_RECONCILE_INTERVAL_S: '0' };
  apps.push(await startApp(port, noReconcile), await startApp(port + 1, noReconcile));
  const [a, b] = apps as [TApp, TApp];
  const owner = await signUp(a);
  const sessionId = await openLiveSession(a, owner);
  const n = 40;
  const windows = engineWindows(n);
  const t0 = Date.now() - n * 1000;
  const statuses: number[] = [];
  for (let s = 0; s < n; s++) {
    const body = JSON.stringify(batchOf(windows, s, 1, t0));
    for (const app of s % 2 ? [b, a] : [a, b]) {
      const res = await fetch(`${app.url}/api/sessions/${sessionId}/windows`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: app.url, cookie: owner.cookie },
        body,
      });
      statuses.push(res.status);
      await res.arrayBuffer();
    }
  }
  const stored = await storedWindows(sessionId);
  check(
    'windows',
    stored.stored === n && stored.duplicated === 0 && statuses.every((x) => x === 200 || x === 201),
    `sent ${n} (each to both instances), stored ${stored.stored}, duplicated ${stored.duplicated}, statuses ${[...new Set(statuses)].join('/')}`,
  );

  const s = await db.session.findUniqueOrThrow({
    where: { id: sessionId },
    select: { roomSid: true, interview: { select: { roomName: true } } },
  });
  const hook = await signedWebhook(b.url, {
    event: 'room_finished',
    id: `EV_two${Date.now()}`,
    createdAt: String(Math.floor(Date.now() / 1000)),
    room: { sid: s.roomSid, name: s.interview.roomName },
  });
  check('room_finished on the second instance', hook.ok, `HTTP ${hook.status}`);
  const closed = await db.session.findUniqueOrThrow({ where: { id: sessionId } });
  const finals = await db.verdict.findMany({
    where: { sessionId, createdAt: { gte: closed.endedAt ?? new Date() } },
  });
  const state = new SessionState();
  for (const w of [...windows].sort((x, y) => x.startMs - y.startMs)) state.add(w);
  const want = fuse(state, assessAll(state, []));
  const got = finals[finals.length - 1];
  check(
    'final verdict',
    closed.status === 'CLOSED' &&
      finals.length === 1 &&
      got?.score === want.score &&
      got.label === want.label &&
      got.configVersion === want.configVersion,
    `${finals.length} final verdict(s): ${got ? `${got.label} ${got.score}` : 'none'}; fusion of the ${n} sent windows: ${want.label} ${want.score}`,
  );

  // Sign-in attempts for accounts that do not exist (only the per-IP limit applies), alternating.
  const seen: string[] = [];
  for (let i = 0; i < SIGNIN_PER_IP.max + 4; i++) {
    const app = i % 2 ? b : a;
    const res = await fetch(`${app.url}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: app.url },
      body: JSON.stringify({ email: `nobody-${i}@example.test`, password: 'wrong password 1' }),
    });
    await res.arrayBuffer();
    seen.push(`${i % 2 ? 'B' : 'A'}${res.status}`);
  }
  const refused = seen.filter((x) => x.endsWith('429'));
  check(
    'sign-in limit across both instances',
    seen.slice(0, SIGNIN_PER_IP.max).every((x) => !x.endsWith('429')) &&
      refused.length === 4 &&
      refused.some((x) => x.startsWith('A')) &&
      refused.some((x) => x.startsWith('B')),
    seen.join(' '),
  );
} finally {
  for (const app of apps) app.stop();
  await db.$disconnect();
}
console.log(`[two-instances] ${ok ? 'PASS' : 'FAIL'}`);
process.exit(ok ? 0 : 1);
