import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { CONSENT_NOTICE_VERSION } from '../consent';
import { db } from '../db';
import { HttpError } from '../http';
import { createInterview, createInvite } from '../interviews';
import { recordConsent, requireInvite } from '../invites';
import { deleteCandidateBiometrics } from '../retention';
import { makeMember } from '../testing/fixtures';
import { createAnswer, startAsyncSession } from './answers';
import { deleteRecording, materializeRecording } from './storage';
import { handleUploadRequest } from './uploads';

process.env.CANDOR_RECORDINGS_DIR = mkdtempSync(path.join(os.tmpdir(), 'candor-uploads-'));
process.env.CANDOR_DISABLE_RATE_LIMIT = '1';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const WEBM = Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3]), Buffer.alloc(3000, 7)]);

async function asyncCandidate() {
  const org = await db.organization.create({ data: { name: `org-${Date.now()}` } });
  const owner = await makeMember(org.id, 'OWNER');
  const interview = await createInterview(owner, {
    title: 'Async screen',
    kind: 'ASYNC',
    candidate: { name: 'Cand', email: `c-${Date.now()}@example.test` },
  });
  // authoring UI not built yet in this branch: the question row is written directly
  const question = await db.asyncQuestion.create({
    data: {
      interviewId: interview.id,
      position: 0,
      prompt: 'Tell us',
      thinkSeconds: 5,
      maxAnswerSeconds: 10,
    },
  });
  const { token } = await createInvite(owner, interview.id);
  const invite = await requireInvite(token);
  await recordConsent(invite, CONSENT_NOTICE_VERSION, { ip: null, userAgent: null });
  await startAsyncSession(invite);
  return { token, invite, question, owner, candidateId: interview.candidateId };
}

const tusHeaders = (token: string, extra: Record<string, string> = {}) => ({
  'tus-resumable': '1.0.0',
  'candor-invite': token,
  ...extra,
});

async function create(token: string, answerId: string, filetype = 'video/webm') {
  return handleUploadRequest(
    new Request('http://127.0.0.1/api/uploads', {
      method: 'POST',
      headers: tusHeaders(token, {
        'upload-defer-length': '1',
        'upload-metadata': `answerId ${b64(answerId)},filetype ${b64(filetype)}`,
      }),
    }),
  );
}

async function patch(token: string, id: string, offset: number, body: Buffer, final = false) {
  return handleUploadRequest(
    new Request(`http://127.0.0.1/api/uploads/${id}`, {
      method: 'PATCH',
      headers: tusHeaders(token, {
        'content-type': 'application/offset+octet-stream',
        'upload-offset': String(offset),
        'content-length': String(body.length),
        ...(final ? { 'upload-length': String(offset + body.length) } : {}),
      }),
      body: new Uint8Array(body),
    }),
    id,
  );
}

const status = async (p: Promise<unknown>) =>
  p.then(
    (r) => (r as Response).status,
    (e: unknown) => (e instanceof HttpError ? e.status : -1),
  );

describe.runIf(Boolean(process.env.DATABASE_URL))('async upload route', () => {
  afterAll(async () => {
    await db.$disconnect();
  });

  test('chunks arrive once each, a resent chunk is refused, the last marks UPLOADED', async () => {
    const { token, invite, question, owner, candidateId } = await asyncCandidate();
    const { answerId } = await createAnswer(invite, question.id);
    const res = await create(token, answerId);
    expect(res.status).toBe(201);
    const id = res.headers.get('location')!.split('/').pop()!;
    expect(await status(patch(token, id, 0, WEBM.subarray(0, 1000)))).toBe(204);
    // resent first chunk (a retry after a lost response): tus refuses the stale offset
    expect(await status(patch(token, id, 0, WEBM.subarray(0, 1000)))).toBe(409);
    expect(await status(patch(token, id, 1000, WEBM.subarray(1000, 2000)))).toBe(204);
    expect(await status(patch(token, id, 2000, WEBM.subarray(2000), true))).toBe(204);
    const answer = await db.asyncAnswer.findUniqueOrThrow({
      where: { id: answerId },
      include: { chunks: { orderBy: { offset: 'asc' } }, challenges: true },
    });
    expect(answer.status).toBe('UPLOADED');
    expect(Number(answer.receivedBytes)).toBe(WEBM.length);
    expect(answer.chunks.map((c) => [Number(c.offset), c.length])).toEqual([
      [0, 1000],
      [1000, 1000],
      [2000, WEBM.length - 2000],
    ]);
    expect(answer.challenges.length).toBeGreaterThan(0);
    const rec = await materializeRecording(answer.storageKey!);
    expect(readFileSync(rec.path).equals(WEBM)).toBe(true);
    await rec.cleanup();
    // a deletion request removes the recording written by the route
    await deleteCandidateBiometrics(owner, candidateId);
    const after = await db.asyncAnswer.findUniqueOrThrow({ where: { id: answerId } });
    expect(after.storageKey).toBeNull();
    expect(after.recordingDeletedAt).not.toBeNull();
    expect(existsSync(rec.path)).toBe(false);
    await deleteRecording(answer.storageKey!); // idempotent
  });

  test('the final empty PATCH of a deferred-length upload may come without Content-Length', async () => {
    // tus-js-client ends a streamed upload with a body-less PATCH carrying only Upload-Length;
    // browsers send no Content-Length for it (a message without one has no body: RFC 9112 §6.3)
    const { token, invite, question } = await asyncCandidate();
    const { answerId } = await createAnswer(invite, question.id);
    const id = (await create(token, answerId)).headers.get('location')!.split('/').pop()!;
    expect(await status(patch(token, id, 0, WEBM))).toBe(204);
    const final = handleUploadRequest(
      new Request(`http://127.0.0.1/api/uploads/${id}`, {
        method: 'PATCH',
        headers: tusHeaders(token, {
          'content-type': 'application/offset+octet-stream',
          'upload-offset': String(WEBM.length),
          'upload-length': String(WEBM.length),
        }),
      }),
      id,
    );
    expect(await status(final)).toBe(204);
    const answer = await db.asyncAnswer.findUniqueOrThrow({
      where: { id: answerId },
      include: { chunks: true },
    });
    expect(answer.status).toBe('UPLOADED');
    expect(Number(answer.declaredBytes)).toBe(WEBM.length);
    expect(answer.chunks.map((c) => [Number(c.offset), c.length])).toEqual([[0, WEBM.length]]);
  });

  test('bad input stores nothing', async () => {
    const a = await asyncCandidate();
    const b = await asyncCandidate();
    const { answerId } = await createAnswer(a.invite, a.question.id);
    expect(await status(create(a.token, answerId, 'text/plain'))).toBe(415);
    // another candidate's answer
    expect(await status(create(b.token, answerId))).toBe(404);
    const res = await create(a.token, answerId);
    const id = res.headers.get('location')!.split('/').pop()!;
    // not webm, another candidate's upload, over the answer's limit
    expect(await status(patch(a.token, id, 0, Buffer.from('hello world')))).toBe(415);
    expect(await status(patch(b.token, id, 0, WEBM))).toBe(404);
    expect(await status(patch(a.token, id, 7_499_000, WEBM))).toBe(413);
    // revoked invite
    await db.invite.update({ where: { id: a.invite.id }, data: { revokedAt: new Date() } });
    expect(await status(patch(a.token, id, 0, WEBM))).toBe(410);
    const answer = await db.asyncAnswer.findUniqueOrThrow({ where: { id: answerId } });
    expect(Number(answer.receivedBytes)).toBe(0);
    expect(await db.asyncChunk.count({ where: { answerId } })).toBe(0);
  });
});
