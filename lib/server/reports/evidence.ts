import 'server-only';
import { db } from '../db';
import { notFound } from '../http';
import type { TMember } from '../members';

/** An evidence image of the member's organization; 404 for others' and for deleted images alike. */
export async function getEvidenceImage(
  member: TMember,
  id: string,
): Promise<{ bytes: Uint8Array; mimeType: string }> {
  const e = await db.evidence.findFirst({
    where: { id, session: { interview: { organizationId: member.organizationId } } },
    select: { thumbnail: true, mimeType: true },
  });
  if (!e?.thumbnail) throw notFound('Evidence not found');
  return { bytes: e.thumbnail, mimeType: e.mimeType };
}

const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);

/** The HTTP reply for one stored biometric image (evidence frame, matched-interview thumbnail). */
export function biometricImageResponse(img: { bytes: Uint8Array; mimeType: string }): Response {
  return new Response(Buffer.from(img.bytes), {
    headers: {
      'content-type': IMAGE_TYPES.has(img.mimeType) ? img.mimeType : 'application/octet-stream',
      // Biometric data: browser cache only, never shared caches; short so deletions take effect.
      'cache-control': 'private, max-age=300',
      'x-content-type-options': 'nosniff',
      'content-disposition': 'inline',
    },
  });
}
