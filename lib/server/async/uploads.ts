import 'server-only';
import { Server, Metadata } from '@tus/server';
import { z } from 'zod';
import { answerByteLimit, ASYNC_LIMITS } from '@/lib/schemas/async';
import { db, type TTx } from '../db';
import { HttpError, notFound, RateLimitedError, readBytesCapped } from '../http';
import type { ResolvedInvite } from '../invites';
import { hitLimit, limiterDisabled, type TLimit } from '../security/rate-limit';
import { candidateAnswer, requireAsyncInvite, retimeChallenges } from './answers';
import { recordingStore } from './storage';

/**
 * The resumable-upload endpoint (tus 1.0 via @tus/server) for async-interview recordings.
 *
 * Every request carries the invite token in the `Candor-Invite` header and is checked here BEFORE
 * tus sees it: the invite must be valid (not expired, not revoked) for a consented ASYNC
 * interview, and the upload must belong to one AsyncAnswer of that candidate. A PATCH body is read
 * whole (≤ chunkCapBytes) and validated (size limit of the answer, webm magic on the first bytes)
 * before anything is written, so a refused chunk stores nothing. After tus writes, the trusted
 * arrival log (AsyncChunk) is brought up to the stored offset in one transaction; the upload's
 * last chunk marks the answer UPLOADED in that same transaction (the worker's sweeper picks it up).
 */

export const INVITE_HEADER = 'candor-invite';
export const UPLOAD_PATH = '/api/uploads';

/** Chunks per invite and minute: the page sends one per ~1–2 s while recording. */
export const UPLOAD_CHUNKS_PER_INVITE: TLimit = { scope: 'async-upload', max: 240, windowS: 60 };

/** EBML magic: every webm file starts with it. */
const EBML_MAGIC = [0x1a, 0x45, 0xdf, 0xa3];

const ZUploadMeta = z.object({
  answerId: z.string().min(1).max(64),
  filetype: z.string().regex(/^video\/webm(;.*)?$/i, 'only video/webm recordings are accepted'),
});

const globalTus = globalThis as unknown as { candorTus?: Server };

function tusServer(): Server {
  if (globalTus.candorTus) return globalTus.candorTus;
  globalTus.candorTus = new Server({
    path: UPLOAD_PATH,
    datastore: recordingStore(),
    relativeLocation: true,
    respectForwardedHeaders: false,
    maxSize: answerByteLimit(ASYNC_LIMITS.maxAnswerSeconds.max),
    allowedHeaders: [INVITE_HEADER],
    disableTerminationForFinishedUploads: true,
    onUploadCreate: async (_req, upload) => {
      await linkUpload(upload.id, upload.metadata?.answerId ?? '', upload.metadata?.filetype);
      return {};
    },
  });
  return globalTus.candorTus;
}

/** Binds a new upload to its answer; a second upload for the same answer is refused (409). */
async function linkUpload(uploadId: string, answerId: string, mimeType: string | null | undefined) {
  const startedAt = new Date();
  await db.$transaction(async (tx) => {
    const linked = await tx.asyncAnswer.updateMany({
      where: { id: answerId, uploadId: null, status: 'RECORDING' },
      data: { uploadId, storageKey: uploadId, startedAt, mimeType: mimeType ?? null },
    });
    if (linked.count !== 1) {
      throw { status_code: 409, body: 'This answer already has an upload\n' };
    }
    await retimeChallenges(tx, answerId, startedAt);
  });
}

async function limitInvite(inviteId: string) {
  if (limiterDisabled()) return;
  const hit = await hitLimit(UPLOAD_CHUNKS_PER_INVITE, inviteId);
  if (!hit.allowed) throw new RateLimitedError(hit.retryAfterS, 'Too many upload requests');
}

const intHeader = (req: Request, name: string): number | null => {
  const v = req.headers.get(name);
  if (v === null) return null;
  if (!/^\d{1,15}$/.test(v)) throw new HttpError(400, 'invalid_header', `Invalid ${name} header`);
  return Number(v);
};

/** Entry point of app/api/uploads routes (wrapped in handle()). */
export async function handleUploadRequest(req: Request, uploadId?: string): Promise<Response> {
  const method = req.method.toUpperCase();
  if (method === 'OPTIONS') return tusServer().handleWeb(req);
  const token = req.headers.get(INVITE_HEADER);
  if (!token) {
    throw new HttpError(
      401,
      'invite_required',
      'Send the invite token in the Candor-Invite header',
    );
  }
  const invite = await requireAsyncInvite(token);
  await limitInvite(invite.id);
  if (!uploadId) {
    if (method !== 'POST') throw methodNotAllowed();
    return createUpload(req, invite);
  }
  const answer = await uploadAnswer(invite, uploadId);
  if (method === 'HEAD') return tusServer().handleWeb(req);
  if (method === 'PATCH') return patchUpload(req, answer);
  throw methodNotAllowed();
}

const methodNotAllowed = () =>
  new HttpError(405, 'method_not_allowed', 'Uploads accept POST, HEAD and PATCH');

async function createUpload(req: Request, invite: ResolvedInvite): Promise<Response> {
  let raw: Record<string, string | null>;
  try {
    raw = Metadata.parse(req.headers.get('upload-metadata') ?? '');
  } catch {
    throw new HttpError(400, 'invalid_metadata', 'Upload-Metadata is malformed');
  }
  const meta = ZUploadMeta.safeParse(raw);
  if (!meta.success) {
    const notWebm = meta.error.issues.some((i) => i.path[0] === 'filetype');
    throw notWebm
      ? new HttpError(415, 'not_webm', 'Only webm recordings (video/webm) are accepted')
      : new HttpError(400, 'invalid_metadata', 'Upload-Metadata must name the answer');
  }
  const answer = await candidateAnswer(invite, meta.data.answerId);
  if (answer.status !== 'RECORDING' || answer.uploadId) {
    throw new HttpError(409, 'upload_exists', 'This answer already has an upload');
  }
  const limit = answerByteLimit(answer.question.maxAnswerSeconds);
  const length = intHeader(req, 'upload-length');
  if (length !== null && length > limit) throw tooLong(limit);
  if (length === null && req.headers.get('upload-defer-length') !== '1') {
    throw new HttpError(400, 'invalid_header', 'Send Upload-Length or Upload-Defer-Length: 1');
  }
  if (Number(req.headers.get('content-length') ?? '0') > 0) {
    throw new HttpError(400, 'invalid_body', 'Create the upload first, then send its chunks');
  }
  return tusServer().handleWeb(req);
}

const tooLong = (limit: number) =>
  new HttpError(
    413,
    'recording_too_large',
    `The recording is larger than this answer allows (${limit} bytes)`,
  );

type TUploadAnswer = Awaited<ReturnType<typeof uploadAnswer>>;

/** The answer an upload belongs to, for this candidate only (404 for anyone else's). */
async function uploadAnswer(invite: ResolvedInvite, uploadId: string) {
  const answer = await db.asyncAnswer.findFirst({
    where: { uploadId, session: { interviewId: invite.interviewId, roomSid: null } },
    include: { question: true },
  });
  if (!answer) throw notFound('Upload not found');
  return answer;
}

async function patchUpload(req: Request, answer: TUploadAnswer): Promise<Response> {
  if (answer.recordingDeletedAt) {
    throw new HttpError(410, 'recording_deleted', 'This recording was deleted on request');
  }
  if (answer.status !== 'RECORDING') {
    throw new HttpError(
      409,
      'upload_closed',
      answer.status === 'DISCARDED'
        ? 'This take was replaced by a retake'
        : 'This upload is already complete',
    );
  }
  const type = req.headers.get('content-type') ?? '';
  if (type.toLowerCase() !== 'application/offset+octet-stream') {
    throw new HttpError(415, 'unsupported_media_type', 'Send application/offset+octet-stream');
  }
  const offset = intHeader(req, 'upload-offset');
  // A request with neither Content-Length nor Transfer-Encoding has no body (RFC 9112 §6.3):
  // browsers send tus-js-client's closing body-less PATCH (only Upload-Length) that way.
  const length =
    intHeader(req, 'content-length') ?? (req.headers.has('transfer-encoding') ? null : 0);
  if (offset === null) throw new HttpError(400, 'invalid_header', 'Upload-Offset is required');
  if (length === null) throw new HttpError(411, 'length_required', 'Content-Length is required');
  const limit = answerByteLimit(answer.question.maxAnswerSeconds);
  if (offset + length > limit) throw tooLong(limit);
  const declared = intHeader(req, 'upload-length');
  if (declared !== null && declared > limit) throw tooLong(limit);
  const body = await readBytesCapped(req, ASYNC_LIMITS.chunkCapBytes);
  if (body.byteLength !== length) {
    throw new HttpError(400, 'invalid_body', 'The body is shorter than its Content-Length');
  }
  if (offset === 0 && !EBML_MAGIC.every((b, i) => body[i] === b)) {
    throw new HttpError(415, 'not_webm', 'This is not a webm recording');
  }
  const headers = new Headers(req.headers);
  headers.delete('content-length');
  const inner = new Request(req.url, { method: 'PATCH', headers, body });
  return db.$transaction(
    async (tx) => {
      // one writer per upload across app instances (tus's own lock is per process)
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`upload:${answer.uploadId}`}))`;
      const res = await tusServer().handleWeb(inner);
      await logArrivals(tx, answer.id, answer.uploadId!);
      return res;
    },
    { timeout: 60_000 },
  );
}

/**
 * Brings the arrival log up to the bytes the store holds: one AsyncChunk per stored range
 * (idempotent on offset), then UPLOADED when the declared length is reached — one transaction.
 */
export async function logArrivals(tx: TTx, answerId: string, uploadId: string): Promise<void> {
  const upload = await recordingStore().getUpload(uploadId);
  const [row] = await tx.$queryRaw<Array<{ received: bigint; status: string }>>`
    SELECT "receivedBytes" AS received, status::text AS status
    FROM "AsyncAnswer" WHERE id = ${answerId} FOR UPDATE`;
  if (!row) return;
  const received = Number(row.received);
  if (upload.offset > received) {
    await tx.asyncChunk.createMany({
      data: [{ answerId, offset: BigInt(received), length: upload.offset - received }],
      skipDuplicates: true,
    });
  }
  const complete = upload.size !== undefined && upload.offset === upload.size;
  await tx.asyncAnswer.update({
    where: { id: answerId },
    data: {
      receivedBytes: BigInt(Math.max(received, upload.offset)),
      ...(upload.size !== undefined ? { declaredBytes: BigInt(upload.size) } : {}),
      ...(complete && row.status === 'RECORDING'
        ? { status: 'UPLOADED', uploadedAt: new Date() }
        : {}),
    },
  });
}
