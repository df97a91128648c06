import 'server-only';
import type { ChallengeIssue } from '@prisma/client';
import { MAX_THUMBNAIL_BYTES, type TChallengeResultInput } from '@/lib/schemas/challenges';
import { HttpError } from './http';

/**
 * Evidence thumbnails posted with a challenge result: at most 3 (before, peak, after), each a
 * JPEG of at most 200 KB (checked on the decoded bytes: SOI marker FF D8 FF at the start, EOI
 * FF D9 at the end, so a PNG, an HTML page or a truncated upload is refused). Their wall-clock
 * time is the challenge's issue time plus the frame's media-time offset from the prompt, clamped
 * to the answer window (the interviewer's media clock is not the server's wall clock).
 */

export interface DecodedEvidence {
  at: Date;
  reason: string;
  bytes: Uint8Array<ArrayBuffer>;
}

const bad = (msg: string) => new HttpError(400, 'invalid_evidence', msg);

export function isJpeg(b: Uint8Array): boolean {
  const n = b.length;
  return (
    n >= 4 &&
    b[0] === 0xff &&
    b[1] === 0xd8 &&
    b[2] === 0xff &&
    b[n - 2] === 0xff &&
    b[n - 1] === 0xd9
  );
}

export function decodeEvidence(
  issue: ChallengeIssue,
  body: Extract<TChallengeResultInput, { type: 'verdict' }>,
): DecodedEvidence[] {
  const roles = new Set(body.evidence.map((e) => e.role));
  if (roles.size !== body.evidence.length)
    throw bad('one thumbnail per role (before, peak, after)');
  const from = issue.issuedAt.getTime();
  const to = issue.deadlineAt.getTime();
  return body.evidence.map((e) => {
    const buf = Buffer.from(e.jpegBase64, 'base64');
    if (buf.length > MAX_THUMBNAIL_BYTES)
      throw bad(`${e.role} thumbnail is larger than ${MAX_THUMBNAIL_BYTES} bytes`);
    const bytes = new Uint8Array(new ArrayBuffer(buf.length));
    bytes.set(buf);
    if (!isJpeg(bytes)) throw bad(`${e.role} thumbnail is not a JPEG`);
    const at = Math.min(to, Math.max(from, from + (e.mediaMs - body.issuedMediaMs)));
    return { at: new Date(at), reason: `challenge:${issue.kind}:${e.role}`, bytes };
  });
}
