import 'server-only';
import {
  flagReason,
  type TFlaggedFrameInput,
  type TFlaggedFrameRecord,
} from '@/lib/schemas/flagged';
import { appendAudit } from './audit';
import { isJpeg } from './challenge-evidence';
import { db } from './db';
import { HttpError, notFound } from './http';
import type { TMember } from './members';
import { lockWritableSession, reserveQuota } from './session-quota';
import { MAX_THUMBNAIL_BYTES } from '@/lib/schemas/challenges';

/**
 * Still frames at flagged moments, posted by the TRUSTED side (the interviewer's engine, on the
 * received video) when a hard or review rule is raised. Stored as Evidence rows without a challenge
 * result (reason `flag:<severity>:<code>`), so retention and deletion on request remove their
 * images with the rest of the session's biometric data. Capped per session in SessionUsage in the
 * insert's transaction; refused once the session is closed or its biometric data was deleted.
 * A retried POST (same rule, same frame time) returns the stored row.
 */

/** How far a frame's time may lie before the session opened or after now (clock skew). */
const SKEW_MS = 60_000;

const bad = (msg: string) => new HttpError(400, 'invalid_evidence', msg);

function decodeJpeg(b64: string): Uint8Array<ArrayBuffer> {
  const buf = Buffer.from(b64, 'base64');
  if (buf.length > MAX_THUMBNAIL_BYTES)
    throw bad(`the frame is larger than ${MAX_THUMBNAIL_BYTES} bytes`);
  const bytes = new Uint8Array(new ArrayBuffer(buf.length));
  bytes.set(buf);
  if (!isJpeg(bytes)) throw bad('the frame is not a JPEG');
  return bytes;
}

class Duplicate extends Error {
  constructor(readonly row: { id: string; at: Date; reason: string }) {
    super('duplicate');
  }
}

export async function storeFlaggedFrame(
  member: TMember,
  sessionId: string,
  input: TFlaggedFrameInput,
): Promise<TFlaggedFrameRecord> {
  const session =
    member.role === 'OWNER' || member.role === 'INTERVIEWER'
      ? await db.session.findFirst({
          where: { id: sessionId, interview: { organizationId: member.organizationId } },
          select: { id: true, startedAt: true },
        })
      : null;
  if (!session) throw notFound('Session not found');
  const at = new Date(input.at);
  if (at.getTime() < session.startedAt.getTime() - SKEW_MS || at.getTime() > Date.now() + SKEW_MS)
    throw bad('the frame time lies outside the session');
  const bytes = decodeJpeg(input.jpegBase64);
  const reason = flagReason(input.severity, input.code);
  try {
    const row = await db.$transaction(async (tx) => {
      await lockWritableSession(tx, sessionId);
      // The quota row's lock orders concurrent posts, so the duplicate check below cannot race.
      await reserveQuota(tx, sessionId, 'flaggedFrames', 1);
      const dup = await tx.evidence.findFirst({
        where: { sessionId, reason, at, challengeResultId: null },
        select: { id: true, at: true, reason: true },
      });
      if (dup) throw new Duplicate(dup);
      const created = await tx.evidence.create({
        data: { sessionId, at, reason, thumbnail: bytes, mimeType: 'image/jpeg' },
        select: { id: true, at: true, reason: true },
      });
      await appendAudit(tx, {
        organizationId: member.organizationId,
        actorId: member.userId,
        action: 'evidence.flagged_frame',
        target: created.id,
        data: { sessionId, code: input.code, severity: input.severity },
      });
      return created;
    });
    return { id: row.id, reason: row.reason, at: row.at.toISOString(), duplicate: false };
  } catch (e) {
    const row =
      e instanceof Duplicate
        ? e.row
        : // At the cap the quota refuses before the duplicate check: a retry of a frame that was
          // stored (its answer lost) still gets its row. Nothing can be inserted any more, so this
          // lookup outside the transaction cannot race.
          e instanceof HttpError && e.code === 'session_cap_reached'
          ? await db.evidence.findFirst({
              where: { sessionId, reason, at, challengeResultId: null },
              select: { id: true, at: true, reason: true },
            })
          : null;
    if (row) return { id: row.id, reason: row.reason, at: row.at.toISOString(), duplicate: true };
    throw e;
  }
}
