import { handle } from '@/lib/server/http';
import { CAN_READ_REPORTS, requireMember } from '@/lib/server/members';
import { idParam } from '@/lib/server/params';
import { getEvidenceImage } from '@/lib/server/reports/evidence';

type Ctx = { params: Promise<{ id: string }> };

const ALLOWED_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);

export const GET = handle(async (_req, ctx: Ctx) => {
  const member = await requireMember(CAN_READ_REPORTS);
  const { bytes, mimeType } = await getEvidenceImage(member, await idParam(ctx, 'Evidence'));
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
