import { handle } from '@/lib/server/http';
import { getMatchThumbnail } from '@/lib/server/identity-thumbnails';
import { CAN_READ_REPORTS, requireMember } from '@/lib/server/members';
import { idParam } from '@/lib/server/params';

type Ctx = { params: Promise<{ id: string }> };

const ALLOWED_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);

/** A trusted frame of the interview a face-match alert points at (lib/server/identity-thumbnails). */
export const GET = handle(async (_req, ctx: Ctx) => {
  const member = await requireMember(CAN_READ_REPORTS);
  const { bytes, mimeType } = await getMatchThumbnail(member, await idParam(ctx, 'Alert'));
  return new Response(Buffer.from(bytes), {
    headers: {
      'content-type': ALLOWED_TYPES.has(mimeType) ? mimeType : 'application/octet-stream',
      // Biometric data: browser cache only, never shared caches; short so deletions take effect.
      'cache-control': 'private, max-age=300',
      'x-content-type-options': 'nosniff',
      'content-disposition': 'inline',
    },
  });
});
