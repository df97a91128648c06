import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { ZVerdictReason } from '../../lib/schemas/signals';
import { signUpOwner } from '../fixtures/accounts';
import { test, expect } from '../fixtures/base';
import { testDb } from '../fixtures/db';
import { expectFinalScoreIsVerdict } from '../reports/setup';
import {
  endInterview,
  engineWindowCount,
  genuineClip,
  openLiveRoom,
  photoAttackClip,
  SHOTS,
  type TLiveRoom,
} from './live-room';

const hasPoppler = spawnSync('pdfimages', ['-v']).status === 0;

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

test('photo attack clip: the live label reaches FAIL, a FAIL verdict is stored, and the report shows trusted frames of each rule', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(300_000);
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
    // The interviewer's engine posts the still frame of the flat-motion stretch when it raises
    // the rule (the row the real route wrote, never a seeded one): wait for it, then end the call.
    await expect
      .poll(() => flaggedRows(sessionId).then((rows) => rows.map((r) => r.reason)), {
        timeout: 30_000,
      })
      .toContain('flag:hard:PLANAR_MOTION');
    await endInterview(room, sessionId);
    await expectReportShowsFlaggedFrames(room, sessionId, baseURL!);
  } finally {
    await room.close();
  }
});

/** Flagged-frame Evidence rows (no challenge result) the real route stored for a session. */
function flaggedRows(sessionId: string) {
  return testDb().evidence.findMany({
    where: { sessionId, challengeResultId: null, reason: { startsWith: 'flag:' } },
    select: { id: true, reason: true, at: true },
    orderBy: { at: 'asc' },
  });
}

/**
 * The owner's report of the closed session: for every hard or review rule of the stored verdict
 * (challenges aside: they carry their own frames) "Flagged moments" shows at least one image of
 * that rule at a time inside the rule's reported range; each image answers 200 image/jpeg to the
 * owner and 404 to another organization; the PDF export carries the same frames.
 */
async function expectReportShowsFlaggedFrames(
  room: TLiveRoom,
  sessionId: string,
  baseURL: string,
): Promise<void> {
  const verdict = await testDb().verdict.findFirstOrThrow({
    where: { sessionId },
    orderBy: { createdAt: 'desc' },
  });
  expect(verdict.label).toBe('FAIL');
  const rules = ZVerdictReason.array()
    .parse(verdict.reasons)
    .filter((r) => r.severity !== 'soft' && r.signal !== 'challenge');
  const codes = rules.map((r) => r.code);
  expect(codes, 'the photo attack fails on flat motion').toContain('PLANAR_MOTION');
  const stored = await flaggedRows(sessionId);
  console.log(
    `[live] final verdict ${verdict.label} ${verdict.score}; rules ${rules
      .map((r) => `${r.severity}:${r.code} ${r.startMs}–${r.endMs}`)
      .join(', ')}; flagged rows ${stored.map((r) => r.reason).join(', ')}`,
  );

  const page = await room.ipage.context().newPage();
  await page.goto(`/sessions/${sessionId}`);
  await expect(page.getByTestId('verdict-label')).toHaveText('FAIL');
  await expectFinalScoreIsVerdict(page, sessionId);
  const section = page.getByTestId('flagged-moments');
  await expect(section.locator('figure.thumb img')).toHaveCount(stored.length);
  await expect
    .poll(() =>
      section
        .locator('figure.thumb img')
        .evaluateAll((els) =>
          els.every(
            (i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0,
          ),
        ),
    )
    .toBe(true);
  const shown = await section.locator('figure.thumb').evaluateAll((figs) =>
    figs.map((f) => ({
      reason: f.getAttribute('data-reason') ?? '',
      atMs: Number(f.getAttribute('data-at-ms')),
      src: f.querySelector('img')?.getAttribute('src') ?? '',
    })),
  );
  for (const rule of rules) {
    const reason = `flag:${rule.severity}:${rule.code}`;
    const inRange = shown.filter(
      (s) => s.reason === reason && s.atMs >= rule.startMs && s.atMs <= rule.endMs,
    );
    expect(
      inRange.length,
      `a frame of ${reason} inside ${rule.startMs}–${rule.endMs} ms (shown: ${JSON.stringify(shown)})`,
    ).toBeGreaterThanOrEqual(1);
  }
  await page.screenshot({ path: `${SHOTS}/report-live-attack.png`, fullPage: true });

  // The images: the owner's bytes, nobody else's.
  const stranger = await signUpOwner(baseURL, 'flagstranger');
  for (const s of shown) {
    const res = await room.owner.api.get(s.src);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('image/jpeg');
    const body = await res.body();
    expect([body[0], body[1]]).toEqual([0xff, 0xd8]);
    expect([403, 404]).toContain((await stranger.api.get(s.src)).status());
  }

  // The PDF export of the same report carries the flagged frames (images and captions).
  const res = await room.owner.api.get(`/api/sessions/${sessionId}/export.pdf`, {
    timeout: 90_000,
  });
  expect(res.status()).toBe(200);
  const pdf = await res.body();
  mkdirSync(SHOTS, { recursive: true });
  const file = `${SHOTS}/report-live-attack.pdf`;
  writeFileSync(file, pdf);
  test.skip(!hasPoppler, 'poppler-utils not installed: PDF image checks skipped');
  const images = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' })
    .split('\n')
    .slice(2)
    .filter((l) => /\bjpeg\b|\bimage\b/.test(l));
  console.log(`[live] PDF images: ${images.length}`);
  expect(images.length).toBeGreaterThanOrEqual(shown.length);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  expect(text).toContain('Flagged moments');
  // (-layout sets captions side by side in columns: match the words of one line)
  expect(text).toContain('The face moved');
  await page.close();
}
