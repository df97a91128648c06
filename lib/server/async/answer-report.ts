import 'server-only';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { ZId } from '@/lib/schemas/api';
import { db } from '../db';
import { HttpError, notFound } from '../http';
import type { TMember } from '../members';
import { findSessionForMember } from '../reports/load';
import { materializeRecording } from './storage';
import type { TAnswerView } from '@/lib/schemas/async';

/**
 * The report's view of an async session's answers: status and progress for the progress display,
 * each answer's place on the session clock (the report's timelines and markers use that clock),
 * and the recording itself, served with range requests to members of the session's organization.
 */

export type { TAnswerView };

/** The session's answers (callers have authorised the reader through findSessionForMember). */
export async function listSessionAnswers(sessionId: string): Promise<TAnswerView[]> {
  const session = await db.session.findUnique({
    where: { id: sessionId },
    select: { startedAt: true },
  });
  if (!session) return [];
  const rows = await db.asyncAnswer.findMany({
    where: { sessionId, status: { not: 'DISCARDED' } },
    include: { question: { select: { position: true, prompt: true } } },
    orderBy: [{ question: { position: 'asc' } }, { take: 'asc' }],
    take: 100,
  });
  return rows.map((a) => ({
    id: a.id,
    position: a.question.position,
    prompt: a.question.prompt,
    take: a.take,
    status: a.status,
    progress: a.progress,
    failureReason: a.failureReason,
    offsetMs: a.startedAt.getTime() - session.startedAt.getTime(),
    durationMs: a.durationMs,
    hasRecording: a.storageKey !== null && a.recordingDeletedAt === null,
  }));
}

const MAX_RANGE = 8 << 20;

/** Parses one `bytes=a-b` / `bytes=a-` / `bytes=-n` range; null = whole file; throws 416. */
export function parseRange(
  header: string | null,
  size: number,
): { start: number; end: number } | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  const bad = () => new HttpError(416, 'range_not_satisfiable', 'Invalid or unsatisfiable range');
  if (!m || (m[1] === '' && m[2] === '')) throw bad();
  let start: number;
  let end: number;
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (!Number.isSafeInteger(start) || start > end || start >= size) throw bad();
  return { start, end: Math.min(end, start + MAX_RANGE - 1) };
}

export async function openAnswerRecording(
  member: TMember,
  sessionId: string,
  answerId: string,
  rangeHeader: string | null,
) {
  if (!ZId.safeParse(answerId).success) throw notFound('Recording not found');
  const session = await findSessionForMember(member, sessionId);
  const answer = await db.asyncAnswer.findFirst({
    where: { id: answerId, sessionId: session.id, recordingDeletedAt: null },
    select: { storageKey: true, mimeType: true },
  });
  if (!answer?.storageKey) throw notFound('Recording not found');
  const file = await materializeRecording(answer.storageKey).catch(() =>
    Promise.reject(notFound('Recording not found')),
  );
  const size = (await stat(file.path)).size;
  const range = parseRange(rangeHeader, size);
  const start = range?.start ?? 0;
  const end = range?.end ?? size - 1;
  const body = Readable.toWeb(createReadStream(file.path, { start, end })) as ReadableStream;
  return {
    body,
    size,
    start,
    end,
    partial: range !== null,
    mimeType: answer.mimeType?.split(';')[0] ?? 'video/webm',
  };
}
