/**
 * Shared pieces of the load and robustness scripts (bench-ingest.ts, two-instances.ts): real
 * production servers (scripts/server.ts) of the built app on the test stack's database (scripts/stack.ts test), a
 * signed-up owner, interviews made through the API, and sessions opened through the webhook's code
 * path (recordRoomEvent), as LiveKit's room_started would.
 */
import { randomBytes } from 'node:crypto';
import { windowize } from '@/lib/analysis/session';
import { genuineSession } from '@/lib/analysis/testing/scenarios';
import type { TEngineWindowBatch } from '@/lib/schemas/live-analysis';
import type { TWindowSignals } from '@/lib/schemas/signals';
import { db } from '@/lib/server/db';
import { recordRoomEvent } from '@/lib/server/room-sessions';
import type { TApp } from './app';

export { startApp, type TApp } from './app';

const tag = () => randomBytes(6).toString('hex');

export interface TOwner {
  email: string;
  password: string;
  cookie: string;
}

/** Cookie header value from a response's Set-Cookie headers. */
export const cookieOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');

/** Signs up an owner and organization through /api/account/signup; returns their session cookie. */
export async function signUp(app: TApp): Promise<TOwner> {
  const owner = { email: `load-${tag()}@example.test`, password: 'correct horse battery' };
  const res = await fetch(`${app.url}/api/account/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: app.url },
    body: JSON.stringify({ ...owner, name: 'Load Owner', organizationName: `Load ${tag()}` }),
  });
  if (res.status !== 200) throw new Error(`signup: ${res.status} ${await res.text()}`);
  return { ...owner, cookie: cookieOf(res) };
}

/** A LIVE interview made through POST /api/interviews, with its session opened as room_started would. */
export async function openLiveSession(app: TApp, owner: TOwner): Promise<string> {
  const res = await fetch(`${app.url}/api/interviews`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: app.url, cookie: owner.cookie },
    body: JSON.stringify({
      title: 'Load test',
      kind: 'LIVE',
      candidate: {
        name: 'Load Candidate',
        email: `cand-${tag()}@example.test`,
        claimedTimeZone: 'UTC',
      },
    }),
  });
  if (res.status !== 201) throw new Error(`interview: ${res.status} ${await res.text()}`);
  const { interview } = (await res.json()) as { interview: { id: string } };
  const { roomName } = await db.interview.findUniqueOrThrow({
    where: { id: interview.id },
    select: { roomName: true },
  });
  const roomSid = `RM_load${tag()}`;
  const opened = await db.$transaction((tx) =>
    recordRoomEvent(tx, {
      id: `EV_${tag()}`,
      kind: 'room_started',
      roomName,
      roomSid,
      participantIdentity: null,
      trackSid: null,
      trackSource: null,
      createdAt: new Date(),
    }),
  );
  if (!opened?.sessionId) throw new Error('room_started opened no session');
  return opened.sessionId;
}

/** Closes a session through the webhook's code path (room_finished). */
export async function closeLiveSession(sessionId: string): Promise<void> {
  const s = await db.session.findUniqueOrThrow({
    where: { id: sessionId },
    select: { roomSid: true, interview: { select: { roomName: true } } },
  });
  await db.$transaction((tx) =>
    recordRoomEvent(tx, {
      id: `EV_${tag()}`,
      kind: 'room_finished',
      roomName: s.interview.roomName,
      roomSid: s.roomSid!,
      participantIdentity: null,
      trackSid: null,
      trackSource: null,
      createdAt: new Date(),
    }),
  );
}

/** Real engine output (the synthetic genuine scenario), `n` one-second windows. */
export function engineWindows(n: number): TWindowSignals[] {
  const ws = windowize(genuineSession(n * 1000 + 500), null);
  // Longer runs repeat the scenario, re-stamped so media time keeps rising.
  return Array.from({ length: n }, (_, i) => {
    const w = ws[i % ws.length]!;
    const shift = i * 1000 - w.startMs;
    return { ...w, startMs: w.startMs + shift, endMs: w.endMs + shift };
  });
}

/** One batch: windows [from, from + count) of `all`, stamped from wall-clock `t0`. */
export function batchOf(
  all: TWindowSignals[],
  from: number,
  count: number,
  t0: number,
  clientBatchId = `b-${tag()}${tag()}`,
): TEngineWindowBatch {
  return {
    clientBatchId,
    windows: all.slice(from, from + count).map((signals, i) => ({
      at: new Date(t0 + (from + i) * 1000).toISOString(),
      signals,
    })),
  };
}

/**
 * Engine windows stored for a session (late ones of a closed session included), and how many window
 * start times appear more than once.
 */
export async function storedWindows(sessionId: string) {
  const rows = await db.$queryRaw<Array<{ n: number; distinct: number }>>`
    SELECT count(*)::int AS n, count(DISTINCT "windowStart")::int AS distinct
    FROM "SignalWindow" WHERE "sessionId" = ${sessionId} AND source = 'TRUSTED'
      AND kind IN ('ENGINE', 'ENGINE_LATE')`;
  const r = rows[0]!;
  return { stored: r.n, duplicated: r.n - r.distinct };
}

export const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;

export function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}
