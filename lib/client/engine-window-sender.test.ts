import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { TWindowSignals } from '@/lib/schemas/signals';
import { createEngineWindowSender } from './engine-window-sender';

/** The sender posts every window once the session is known, and resends a failed batch verbatim. */

interface Posted {
  url: string;
  body: { clientBatchId: string; windows: Array<{ at: string; signals: { startMs: number } }> };
}

const win = (startMs: number) => ({ startMs }) as unknown as TWindowSignals;

let posted: Posted[] = [];
let failNext = 0;

beforeEach(() => {
  vi.useFakeTimers();
  posted = [];
  failNext = 0;
  vi.stubGlobal('window', new EventTarget());
  vi.stubGlobal('fetch', async (url: string, init: { body: string }) => {
    if (failNext-- > 0) return new Response('{}', { status: 503 });
    posted.push({ url, body: JSON.parse(init.body) as Posted['body'] });
    return new Response(JSON.stringify({ stored: 1, duplicate: 0, verdict: null }), {
      status: 201,
    });
  });
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('createEngineWindowSender', () => {
  test('holds windows until the session id is known, then posts them (no onStored callback needed)', async () => {
    let session: string | null = null;
    const s = createEngineWindowSender(() => session);
    s.push(win(1000), new Date());
    await vi.advanceTimersByTimeAsync(2100);
    expect(posted).toHaveLength(0);
    session = 'sess1';
    await vi.advanceTimersByTimeAsync(2100);
    expect(posted.map((p) => p.url)).toEqual(['/api/sessions/sess1/windows']);
    expect(posted[0]?.body.windows.map((w) => w.signals.startMs)).toEqual([1000]);
    await s.close();
  });

  test('a failed batch is resent with the same id and windows; nothing is lost or duplicated', async () => {
    const s = createEngineWindowSender(() => 'sess1');
    failNext = 2;
    s.push(win(1000), new Date());
    s.push(win(2000), new Date());
    await vi.advanceTimersByTimeAsync(2100); // fails
    s.push(win(3000), new Date());
    await vi.advanceTimersByTimeAsync(2100); // retry fails; the new window stays unsealed
    await vi.advanceTimersByTimeAsync(2100); // retry succeeds
    await s.close();
    const starts = posted.flatMap((p) => p.body.windows.map((w) => w.signals.startMs));
    expect(starts.sort()).toEqual([1000, 2000, 3000]);
    expect(posted[0]?.body.windows.map((w) => w.signals.startMs)).toEqual([1000, 2000]);
    expect(new Set(posted.map((p) => p.body.clientBatchId)).size).toBe(posted.length);
  });

  test('409 session_closed: the batch is kept and sent, same id, to the next session', async () => {
    let session: string | null = 'old';
    const closed: string[] = [];
    vi.stubGlobal('fetch', async (url: string, init: { body: string }) => {
      if (url.includes('/old/')) {
        const error = { code: 'session_closed', message: 'The session has ended' };
        return new Response(JSON.stringify({ error }), { status: 409 });
      }
      posted.push({ url, body: JSON.parse(init.body) as Posted['body'] });
      return new Response(JSON.stringify({ stored: 1, duplicate: 0, verdict: null }), {
        status: 201,
      });
    });
    const s = createEngineWindowSender(
      () => session,
      undefined,
      (id) => {
        closed.push(id);
        session = null; // the page asks for the interview's current session
      },
    );
    s.push(win(1000), new Date());
    await vi.advanceTimersByTimeAsync(2100);
    expect(closed).toEqual(['old']);
    expect(posted).toHaveLength(0);
    s.push(win(2000), new Date());
    session = 'new';
    await vi.advanceTimersByTimeAsync(4200);
    await s.close();
    expect(posted.every((p) => p.url === '/api/sessions/new/windows')).toBe(true);
    const starts = posted.flatMap((p) => p.body.windows.map((w) => w.signals.startMs));
    expect(starts.sort()).toEqual([1000, 2000]);
  });
});
