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
