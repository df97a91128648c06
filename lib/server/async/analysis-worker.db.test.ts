import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  createRecordingEngine,
  type RecordingEngine,
} from '../../../scripts/harness/recording-analyzer';
import { FUSION_CONFIG } from '@/lib/analysis/fusion-config';
import { db } from '../db';
import { probeDerived, resolveDerived } from '../reports/derived';
import type { TMember } from '../members';
import { makeAsyncQuestion, makeMember } from '../testing/fixtures';
import { runAnswerJob } from './analysis-queue';
import { claimAnswer, storeAnswerAnalysis, UnreadableRecordingError } from './answer-analysis';
import { materializeRecording } from './storage';

/**
 * The async worker against the real PostgreSQL of scripts/stack.ts, the real engine (headless
 * Chromium) and a real clip:
 * CANDOR_TEST_PORT_OFFSET=80 npx tsx scripts/stack.ts test -- npx vitest run lib/server/async/analysis-worker.db.test.ts
 *
 * The answers stand for what s3-async's upload flow leaves (UPLOADED, a stored recording); the
 * challenge issue stands for what its upload route issues (a smile prompt 1 s into the answer).
 */
const live = Boolean(process.env.DATABASE_URL);
const CLIP = path.resolve('../shared/media/attacks/print_photo_handheld_sim.mp4');
/** 5.2 s, a genuine face that PASSes on its own (README Evaluation: 93). */
const GENUINE = path.resolve('../shared/media/genuine/intel_headpose_male.mp4');
const RECORDINGS = mkdtempSync(path.join(tmpdir(), 'candor-recordings-'));
process.env.CANDOR_RECORDINGS_DIR = RECORDINGS;

async function makeAsyncAnswer(owner: TMember, file: string | Buffer) {
  const { interview, question } = await makeAsyncQuestion(owner);
  const startedAt = new Date(Date.now() - 60_000);
  const session = await db.session.create({
    data: { interviewId: interview.id, startedAt: new Date(startedAt.getTime() - 5000) },
  });
  const storageKey = randomBytes(16).toString('hex'); // storage.ts keys: 32 hex
  if (typeof file === 'string') copyFileSync(file, path.join(RECORDINGS, storageKey));
  else writeFileSync(path.join(RECORDINGS, storageKey), file);
  const answer = await db.asyncAnswer.create({
    data: {
      sessionId: session.id,
      questionId: question.id,
      take: 1,
      status: 'UPLOADED',
      storageKey,
      startedAt,
      uploadedAt: new Date(),
      durationMs: 4000,
    },
  });
  return { session, answer };
}

const windowsOf = (answerId: string) =>
  db.signalWindow.count({ where: { answerId, kind: 'ENGINE', source: 'TRUSTED' } });

async function waitFor<T>(what: string, fn: () => Promise<T | null>, ms: number): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== null) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function spawnWorker(): ChildProcess {
  return spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=react-server', path.resolve('scripts/worker.ts')],
    {
      detached: true,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: {
        ...process.env,
        CANDOR_RECORDINGS_DIR: RECORDINGS,
        CANDOR_ASYNC_SWEEP_S: '1',
        CANDOR_ASYNC_SUPERVISE_S: '2',
        CANDOR_ASYNC_RETRY_DELAY_S: '1',
        CANDOR_ASYNC_EXPIRE_BASE_S: '30',
        CANDOR_ASYNC_EXPIRE_FACTOR: '1',
      },
    },
  );
}

const killGroup = (c: ChildProcess, signal: NodeJS.Signals) => {
  try {
    process.kill(-c.pid!, signal);
  } catch {
    /* already gone */
  }
};

describe.runIf(live)('async answer analysis worker', () => {
  let owner: TMember;
  let engine: RecordingEngine;
  let uninterrupted = 0;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    const org = await db.organization.create({ data: { name: `async-worker-${Date.now()}` } });
    owner = await makeMember(org.id, 'OWNER');
    engine = await createRecordingEngine({
      onUnreadable: (e) => new UnreadableRecordingError(`not a readable video: ${String(e)}`),
    });
  }, 120_000);
  afterAll(async () => {
    for (const w of workers) killGroup(w, 'SIGKILL');
    await engine?.close();
    await db.$disconnect();
    rmSync(RECORDINGS, { recursive: true, force: true });
  });

  test('an uploaded answer becomes TRUSTED windows on the session clock, challenge results and a verdict; a re-run adds nothing', async () => {
    const { session, answer } = await makeAsyncAnswer(owner, CLIP);
    const issue = await db.challengeIssue.create({
      data: {
        sessionId: session.id,
        answerId: answer.id,
        kind: 'smile',
        params: { type: 'none', offsetMs: 1000 },
        issuedById: owner.userId,
        issuedAt: new Date(answer.startedAt.getTime() + 1000),
        deadlineAt: new Date(answer.startedAt.getTime() + 7000),
      },
    });
    const progress: number[] = [];
    const analyzer: typeof engine.analyze = (p, onProgress) =>
      engine.analyze(p, (s) => {
        progress.push(s);
        onProgress(s);
      });
    const out = await runAnswerJob(answer.id, {
      analyzer,
      store: { materializeRecording },
      retryLimit: 3,
    });
    expect(out).toBe('done');
    expect(progress.length).toBeGreaterThan(5);
    const a = await db.asyncAnswer.findUniqueOrThrow({ where: { id: answer.id } });
    expect(a).toMatchObject({ status: 'DONE', progress: 1, attempts: 1, failureReason: null });
    expect(a.durationMs).toBeGreaterThan(3500);
    uninterrupted = await windowsOf(answer.id);
    expect(uninterrupted).toBeGreaterThanOrEqual(3);
    const first = await db.signalWindow.findFirstOrThrow({
      where: { answerId: answer.id },
      orderBy: { windowStart: 'asc' },
    });
    // windowStart = answer start + media time (the first window starts at the first frame).
    expect(Math.abs(first.windowStart.getTime() - answer.startedAt.getTime())).toBeLessThan(1000);
    expect(first.clientBatchId).toBe(`async:${answer.id}`);
    const result = await db.challengeResult.findUniqueOrThrow({ where: { challengeId: issue.id } });
    expect(['PASSED', 'FAILED', 'NOT_PERFORMED', 'UNRELIABLE']).toContain(result.outcome);
    const verdict = await db.verdict.findFirstOrThrow({ where: { sessionId: session.id } });
    expect(['PASS', 'REVIEW', 'FAIL', 'INCONCLUSIVE']).toContain(verdict.label);

    // The same answer analysed again (a retry after a crash at the very end): nothing new.
    await db.asyncAnswer.update({ where: { id: answer.id }, data: { status: 'UPLOADED' } });
    const claimed = (await claimAnswer(answer.id))!;
    const again = await engine.analyze(path.join(RECORDINGS, answer.storageKey!), () => undefined);
    const stored = await storeAnswerAnalysis(claimed, again);
    expect(stored).toMatchObject({ inserted: 0, windows: uninterrupted, challenges: 0 });
    expect(await db.challengeResult.count({ where: { challengeId: issue.id } })).toBe(1);
  }, 180_000);

  test('a corrupt upload ends FAILED with a readable reason on the first attempt', async () => {
    const { answer } = await makeAsyncAnswer(owner, randomBytes(64 * 1024));
    const out = await runAnswerJob(answer.id, {
      analyzer: engine.analyze,
      store: { materializeRecording },
      retryLimit: 3,
    });
    expect(out).toBe('failed');
    const a = await db.asyncAnswer.findUniqueOrThrow({ where: { id: answer.id } });
    expect(a.status).toBe('FAILED');
    expect(a.attempts).toBe(1);
    expect(a.failureReason).toMatch(/not a readable video/);
    expect(await windowsOf(answer.id)).toBe(0);
  }, 120_000);

  test("a genuine answer uploaded faster than real time: verdict capped at REVIEW, and the report's running score ends on the stored verdict", async () => {
    const { session, answer } = await makeAsyncAnswer(owner, GENUINE);
    // What the upload route logs for a pre-made file pushed at once: every chunk within 0.6 s.
    await db.asyncChunk.createMany({
      data: [0, 1].map((i) => ({
        answerId: answer.id,
        offset: BigInt(i * 65536),
        length: 65536,
        receivedAt: new Date(answer.startedAt.getTime() + 300 * (i + 1)),
      })),
    });
    const out = await runAnswerJob(answer.id, {
      analyzer: engine.analyze,
      store: { materializeRecording },
      retryLimit: 3,
    });
    expect(out).toBe('done');
    const verdict = await db.verdict.findFirstOrThrow({
      where: { sessionId: session.id },
      orderBy: { createdAt: 'desc' },
    });
    expect(verdict.label).toBe('REVIEW');
    expect(verdict.score).toBeLessThan(FUSION_CONFIG.fusion.passAtOrAbove);
    expect(JSON.stringify(verdict.reasons)).toContain('UPLOAD_FASTER_THAN_REAL_TIME');
    const derived = await resolveDerived(session.id, await probeDerived(session.id));
    expect(derived.scoreTrack.length).toBeGreaterThan(0);
    expect(derived.scoreTrack.at(-1)?.[1]).toBe(verdict.score);
  }, 180_000);

  test('a worker killed -9 mid-job is resumed by another with the same window count', async () => {
    expect(uninterrupted).toBeGreaterThan(0);
    const { answer } = await makeAsyncAnswer(owner, CLIP);
    const first = spawnWorker();
    workers.push(first);
    await waitFor(
      'the first worker to be analysing',
      async () => {
        const a = await db.asyncAnswer.findUniqueOrThrow({ where: { id: answer.id } });
        return a.status === 'ANALYSING' && a.progress > 0 ? a : null;
      },
      120_000,
    );
    killGroup(first, 'SIGKILL');
    expect(await windowsOf(answer.id)).toBe(0);
    const second = spawnWorker();
    workers.push(second);
    const done = await waitFor(
      'another worker to finish the answer',
      async () => {
        const a = await db.asyncAnswer.findUniqueOrThrow({ where: { id: answer.id } });
        return a.status === 'DONE' ? a : null;
      },
      200_000,
    );
    expect(done.attempts).toBeGreaterThanOrEqual(2);
    expect(await windowsOf(answer.id)).toBe(uninterrupted);
    killGroup(second, 'SIGTERM');
  }, 360_000);
});
