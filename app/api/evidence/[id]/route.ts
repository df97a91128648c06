import { handle } from '@/lib/server/http';
import { CAN_READ_REPORTS, requireMember } from '@/lib/server/members';
import { idParam } from '@/lib/server/params';
import { biometricImageResponse, getEvidenceImage } from '@/lib/server/reports/evidence';

type Ctx = { params: Promise<{ id: string }> };

export const GET = handle(async (_req, ctx: Ctx) => {
  const member = await requireMember(CAN_READ_REPORTS);
  return biometricImageResponse(await getEvidenceImage(member, await idParam(ctx, 'Evidence')));
});
