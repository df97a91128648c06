import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fasterThanRealTime } from '@/lib/analysis/upload-pacing';
import { db } from '../db';
import { loadUploadPacing } from '../evidence/load-session-evidence';
import { HttpError } from '../http';
import type { TMember } from '../members';
import { makeAsyncQuestion, makeMember } from '../testing/fixtures';
import { listSessionAnswers, openAnswerRecording, parseRange } from './answer-report';

/**
 * CANDOR_TEST_PORT_OFFSET=80 npx tsx scripts/stack.ts test -- npx vitest run lib/server/async/answer-report.db.test.ts
 * The answer and its chunk log stand for what s3-async's upload route writes (not on this branch).
 */
const live = Boolean(process.env.DATABASE_URL);
const RECORDINGS = mkdtempSync(path.join(tmpdir(), 'candor-recordings-'));
process.env.CANDOR_RECORDINGS_DIR = RECORDINGS;
const BYTES = randomBytes(5000);

async function makeAnswer(owner: TMember, chunkGapMs: number) {
  const { interview, question } = await makeAsyncQuestion(owner);
  const startedAt = new Date(Date.now() - 120_000);
  const session = await db.session.create({ data: { interviewId: interview.id, startedAt } });
  const storageKey = randomBytes(16).toString('hex'); // storage.ts keys: 32 hex
  writeFileSync(path.join(RECORDINGS, storageKey), BYTES);
  const answer = await db.asyncAnswer.create({
    data: {
      sessionId: session.id,
      questionId: question.id,
      take: 1,
      status: 'DONE',
      storageKey,
      mimeType: 'video/webm;codecs=vp8,opus',
      startedAt,
      durationMs: 30_000,
      chunks: {
        create: [0, 1, 2].map((i) => ({
          offset: BigInt(i * 1000),
          length: 1000,
          receivedAt: new Date(startedAt.getTime() + (i + 1) * chunkGapMs),
        })),
      },
    },
  });
  return { session, answer };
}

async function text(body: ReadableStream): Promise<Buffer> {
  return Buffer.from(await new Response(body).arrayBuffer());
}

describe('parseRange', () => {
  test.each([
    [null, null],
    ['bytes=0-99', { start: 0, end: 99 }],
    ['bytes=4900-', { start: 4900, end: 4999 }],
    ['bytes=-100', { start: 4900, end: 4999 }],
    ['bytes=10-999999', { start: 10, end: 4999 }],
  ])('%s → %o', (h, want) => expect(parseRange(h, 5000)).toEqual(want));
  test.each(['bytes=5000-', 'bytes=9-3', 'bytes=-', 'items=0-1', 'bytes=0-1,5-9'])(
    '%s is refused with 416',
    (h) => expect(() => parseRange(h, 5000)).toThrow(HttpError),
  );
});

describe.runIf(live)('async answers in the report', () => {
  let owner: TMember;
  let stranger: TMember;
  beforeAll(async () => {
    const org = await db.organization.create({ data: { name: `answers-${Date.now()}` } });
    const other = await db.organization.create({ data: { name: `other-${Date.now()}` } });
    owner = await makeMember(org.id, 'OWNER');
    stranger = await makeMember(other.id, 'OWNER');
  });
  afterAll(async () => {
    await db.$disconnect();
    rmSync(RECORDINGS, { recursive: true, force: true });
  });

  test('the recording is served whole or by range to the organization, 404 to another one', async () => {
    const { session, answer } = await makeAnswer(owner, 10_000);
    const whole = await openAnswerRecording(owner, session.id, answer.id, null);
    expect(whole).toMatchObject({ partial: false, start: 0, end: 4999, mimeType: 'video/webm' });
    expect((await text(whole.body)).equals(BYTES)).toBe(true);
    const part = await openAnswerRecording(owner, session.id, answer.id, 'bytes=100-199');
    expect((await text(part.body)).equals(BYTES.subarray(100, 200))).toBe(true);
    await expect(openAnswerRecording(stranger, session.id, answer.id, null)).rejects.toMatchObject({
      status: 404,
    });
    // An answer of another session, named under this one: 404 too.
    const other = await makeAnswer(owner, 10_000);
    await expect(
      openAnswerRecording(owner, session.id, other.answer.id, null),
    ).rejects.toMatchObject({ status: 404 });
    await db.asyncAnswer.update({
      where: { id: answer.id },
      data: { recordingDeletedAt: new Date() },
    });
    await expect(openAnswerRecording(owner, session.id, answer.id, null)).rejects.toMatchObject({
      status: 404,
    });
    const [view] = await listSessionAnswers(session.id);
    expect(view).toMatchObject({ id: answer.id, hasRecording: false, offsetMs: 0 });
  });

  test('chunk arrivals: a 30 s answer fully uploaded in 3 s is flagged, one uploaded over 30 s is not', async () => {
    const fast = await makeAnswer(owner, 1000);
    const paced = await makeAnswer(owner, 10_000);
    const fastPacing = await loadUploadPacing(fast.session.id);
    expect(fastPacing).toEqual([
      expect.objectContaining({ answerId: fast.answer.id, mediaMs: 30_000, uploadSpanMs: 3000 }),
    ]);
    expect(fasterThanRealTime(fastPacing)).toHaveLength(1);
    expect(fasterThanRealTime(await loadUploadPacing(paced.session.id))).toHaveLength(0);
  });
});
