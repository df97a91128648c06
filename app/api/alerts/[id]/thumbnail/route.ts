import { handle } from '@/lib/server/http';
import { getMatchThumbnail } from '@/lib/server/identity-thumbnails';
import { CAN_READ_REPORTS, requireMember } from '@/lib/server/members';
import { idParam } from '@/lib/server/params';
import { biometricImageResponse } from '@/lib/server/reports/evidence';

type Ctx = { params: Promise<{ id: string }> };

/** A trusted frame of the interview a face-match alert points at (lib/server/identity-thumbnails). */
export const GET = handle(async (_req, ctx: Ctx) => {
  const member = await requireMember(CAN_READ_REPORTS);
  return biometricImageResponse(await getMatchThumbnail(member, await idParam(ctx, 'Alert')));
});
