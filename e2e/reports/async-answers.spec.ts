import { expect, request, test } from '@playwright/test';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { signUpOwner, uniqueEmail } from '../fixtures/accounts';
import { testDb } from '../fixtures/db';
import { signInContext } from './setup';

/**
 * The async report with the real worker: an ASYNC interview (one question) made through the API;
 * its answer (an UPLOADED ffmpeg-made recording and a smile challenge 1 s in) is seeded, so the
 * report's seeking is checked on a file with cues (the full candidate flow is in
 * e2e/async/recorded-interview.spec.ts). `npm run worker` analyses it; the report shows the progress,
 * then the verdict, the challenge and the player, and clicking the challenge seeks the video.
 */
const CLIP = path.resolve('../shared/media/attacks/print_photo_handheld_sim.mp4');
const RECORDINGS = path.resolve(process.env.CANDOR_DATA_DIR ?? '.data', 'recordings');

let worker: ChildProcess | null = null;
test.afterAll(() => {
  if (worker?.pid) process.kill(-worker.pid, 'SIGTERM');
});

test('an async answer is analysed by the worker; the report plays it and seeks to the challenge', async ({
  page,
  context,
  baseURL,
}) => {
  test.setTimeout(240_000);
  const owner = await signUpOwner(baseURL!, 'async');
  const res = await owner.api.post('/api/interviews', {
    data: {
      title: 'Recorded screen',
      kind: 'ASYNC',
      candidate: { name: 'Avery Async', email: uniqueEmail('cand'), claimedTimeZone: 'UTC' },
      questions: [{ prompt: 'Why us?', thinkSeconds: 5, maxAnswerSeconds: 60, retakesAllowed: 0 }],
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  const interviewId = ((await res.json()) as { interview: { id: string } }).interview.id;
  const db = testDb();
  const question = await db.asyncQuestion.findFirstOrThrow({ where: { interviewId } });
  const startedAt = new Date(Date.now() - 60_000);
  const session = await db.session.create({ data: { interviewId, startedAt } });
  const storageKey = randomBytes(16).toString('hex');
  mkdirSync(RECORDINGS, { recursive: true });
  execFileSync('ffmpeg', [
    ...['-v', 'error', '-i', CLIP, '-c:v', 'libvpx', '-b:v', '1M', '-deadline', 'realtime'],
    // storage.ts keys are the 32-hex upload ids, without an extension
    ...['-f', 'webm', path.join(RECORDINGS, storageKey)],
  ]);
  const answer = await db.asyncAnswer.create({
    data: {
      sessionId: session.id,
      questionId: question.id,
      take: 1,
      status: 'UPLOADED',
      storageKey,
      mimeType: 'video/webm',
      startedAt,
      uploadedAt: new Date(),
      durationMs: 4000,
    },
  });
  await db.challengeIssue.create({
    data: {
      sessionId: session.id,
      answerId: answer.id,
      kind: 'smile',
      params: { type: 'none', offsetMs: 1000 },
      issuedById: (await db.user.findUniqueOrThrow({ where: { email: owner.email } })).id,
      issuedAt: new Date(startedAt.getTime() + 1000),
      deadlineAt: new Date(startedAt.getTime() + 7000),
    },
  });

  await signInContext(context, owner);
  await page.goto(`/sessions/${session.id}`);
  await expect(page.getByTestId('answer-status')).toHaveText('queued for analysis');

  worker = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=react-server', path.resolve('scripts/worker.ts')],
    { detached: true, stdio: 'inherit', env: { ...process.env, CANDOR_ASYNC_SWEEP_S: '1' } },
  );
  // The page refreshes itself while the answer is pending: analysing n %, then analysed.
  await expect(page.getByTestId('answer-status')).toHaveText('analysed', { timeout: 180_000 });
  const verdict = await db.verdict.findFirstOrThrow({
    where: { sessionId: session.id },
    orderBy: { createdAt: 'desc' },
  });
  await expect(page.getByTestId('verdict-score')).toHaveText(String(verdict.score), {
    timeout: 20_000,
  });
  // A printed photo held to the camera: the verdict is FAIL.
  expect(verdict.label).toBe('FAIL');
  await expect(page.getByTestId('seek-challenge')).toHaveCount(1);

  const video = page.getByTestId('answer-video');
  await expect
    .poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 20_000 })
    .toBeGreaterThanOrEqual(1);
  const seekMs = Number(await page.getByTestId('seek-challenge').getAttribute('data-seek-ms'));
  expect(seekMs).toBeGreaterThanOrEqual(900);
  await page.getByTestId('seek-challenge').click();
  await expect
    .poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime * 1000))
    .toBeCloseTo(seekMs, -2);

  // The recording is for the organization only.
  const anon = await request.newContext({ baseURL });
  const r = await anon.get(`/api/sessions/${session.id}/answers/${answer.id}/recording`);
  expect([401, 404]).toContain(r.status());
  await anon.dispose();
  const ranged = await owner.api.get(`/api/sessions/${session.id}/answers/${answer.id}/recording`, {
    headers: { range: 'bytes=0-15' },
  });
  expect(ranged.status()).toBe(206);
  expect((await ranged.body()).length).toBe(16);
});
