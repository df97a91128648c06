import { mkdirSync } from 'node:fs';
import { signUpOwner } from '../fixtures/accounts';
import { test, expect } from '../fixtures/base';
import { testDb } from '../fixtures/db';
import { engineWindowCount, genuineClip, openLiveRoom, photoAttackClip, SHOTS } from './live-room';

/**
 * The trusted side's live analysis: the interviewer's browser runs the engine on the RECEIVED
 * candidate video (a real livekit-server in between), shows a live score, posts every closed
 * window as TRUSTED, and the server keeps a verdict recomputed from what it stored.
 */

test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

test('genuine clip: the live panel shows a score within 10 s and TRUSTED engine windows accumulate', async ({
  browser,
  baseURL,
  playwright,
}) => {
  test.setTimeout(150_000);
  const room = await openLiveRoom(browser, baseURL!, genuineClip(), 'livepanel');
  try {
    const { ipage } = room;
    await expect(ipage.getByTestId('live-score')).toHaveText(/^\d{1,3}$/, { timeout: 10_000 });
    const firstScoreMs = Date.now() - room.videoArrivedAt;
    test.info().annotations.push({
      type: 'time-to-first-score',
      description: `${firstScoreMs} ms after the candidate's video arrived`,
    });
    console.log(`[live] first score ${firstScoreMs} ms after the candidate's video arrived`);
    // The rate is shown once measured ("measuring frame rate" until then), never as 0.0.
    await expect(ipage.getByTestId('live-fps')).toHaveText(/[1-9][\d.]* frames analysed\/s/, {
      timeout: 30_000,
    });
    await expect(ipage.getByTestId('live-sparkline')).toBeVisible();

    const sessionId = await room.sessionId();
    await expect
      .poll(() => engineWindowCount(sessionId), { timeout: 20_000 })
      .toBeGreaterThanOrEqual(3);
    const first = await engineWindowCount(sessionId);
    await expect
      .poll(() => engineWindowCount(sessionId), { timeout: 20_000 })
      .toBeGreaterThanOrEqual(first + 4);
    // Engine windows are stored as the schema's window record: media times, no `kind` key, unique starts.
    const rows = await testDb().signalWindow.findMany({
      where: { sessionId, source: 'TRUSTED' },
      orderBy: { windowStart: 'asc' },
    });
    const engine = rows.filter((r) => !('kind' in (r.values as object)));
    const starts = engine.map((r) => (r.values as { startMs: number }).startMs);
    expect(new Set(starts).size, 'no duplicated windows').toBe(starts.length);
    expect((engine.at(-1)?.values as { v: number; frames: number }).frames).toBeGreaterThan(0);
    // The candidate's browser reports device facts only: nothing it sends is an engine window.
    const candidateRows = await testDb().signalWindow.findMany({
      where: { sessionId, source: 'CANDIDATE' },
    });
    expect(
      candidateRows.every((r) => (r.values as { kind?: string }).kind === 'device.facts'),
    ).toBe(true);

    // The route: idempotent for the interviewer, a 404 for another organization, 401 without a session.
    const sample = engine.at(-1)!;
    const batch = {
      clientBatchId: `e2e-replay-${Date.now()}`,
      windows: [{ at: new Date().toISOString(), signals: sample.values }],
    };
    const url = `/api/sessions/${sessionId}/windows`;
    expect(await (await room.owner.api.post(url, { data: batch })).json()).toMatchObject({
      stored: 1,
      duplicate: 0,
    });
    expect(await (await room.owner.api.post(url, { data: batch })).json()).toMatchObject({
      stored: 0,
      duplicate: 1,
    });
    const stranger = await signUpOwner(baseURL!, 'stranger');
    expect((await stranger.api.post(url, { data: batch })).status()).toBe(404);
    expect(
      (await stranger.api.get(`/api/interviews/${room.interviewId}/live-session`)).status(),
    ).toBe(404);
    const anon = await playwright.request.newContext({
      baseURL,
      extraHTTPHeaders: { origin: baseURL! },
    });
    expect((await anon.post(url, { data: batch })).status()).toBe(401);
    await anon.dispose();

    const label = await ipage.getByTestId('live-label').getAttribute('data-label');
    const liveText = `${label} ${await ipage.getByTestId('live-score').textContent()} ${await ipage.getByTestId('live-fps').textContent()}`;
    test.info().annotations.push({ type: 'live-label', description: liveText });
    console.log(`[live] genuine: ${liveText}`);
    await ipage.screenshot({ path: `${SHOTS}/live-panel-genuine.png`, fullPage: true });

    // A verdict is stored while the call runs (throttled) and again when it ends.
    await expect
      .poll(() => testDb().verdict.count({ where: { sessionId } }), { timeout: 20_000 })
      .toBeGreaterThanOrEqual(1);
    const before = await testDb().verdict.count({ where: { sessionId } });
    await ipage.getByRole('button', { name: 'End interview' }).click();
    await expect
      .poll(
        async () => (await testDb().session.findUniqueOrThrow({ where: { id: sessionId } })).status,
        { timeout: 20_000 },
      )
      .toBe('CLOSED');
    await expect
      .poll(() => testDb().verdict.count({ where: { sessionId } }), { timeout: 10_000 })
      .toBeGreaterThan(before);
    const verdict = await testDb().verdict.findFirstOrThrow({
      where: { sessionId },
      orderBy: { createdAt: 'desc' },
    });
    expect(verdict.configVersion).toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(Array.isArray(verdict.reasons)).toBe(true);
    // The report's summaries are computed at close, so the first report view is a cache hit.
    await expect
      .poll(() => testDb().reportCache.count({ where: { sessionId } }), { timeout: 10_000 })
      .toBe(1);
  } finally {
    await room.close();
  }
});

test('photo attack clip: the live label reaches FAIL and a FAIL verdict is stored', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(150_000);
  const room = await openLiveRoom(browser, baseURL!, photoAttackClip(), 'liveattack');
  try {
    const { ipage } = room;
    await expect(ipage.getByTestId('live-score')).toBeVisible({ timeout: 15_000 });
    await expect(ipage.getByTestId('live-label')).toHaveAttribute('data-label', 'FAIL', {
      timeout: 40_000,
    });
    const failMs = Date.now() - room.videoArrivedAt;
    test.info().annotations.push({
      type: 'time-to-FAIL',
      description: `${failMs} ms after the candidate's video arrived`,
    });
    console.log(
      `[live] FAIL ${failMs} ms after the candidate's video arrived: ${await ipage.getByTestId('live-reasons').innerText()}`,
    );
    await expect(ipage.getByTestId('live-reasons')).toBeVisible();
    await ipage.screenshot({ path: `${SHOTS}/live-panel-attack.png`, fullPage: true });
    const sessionId = await room.sessionId();
    await expect
      .poll(
        async () =>
          (
            await testDb().verdict.findFirst({
              where: { sessionId },
              orderBy: { createdAt: 'desc' },
            })
          )?.label,
        { timeout: 20_000 },
      )
      .toBe('FAIL');
  } finally {
    await room.close();
  }
});
