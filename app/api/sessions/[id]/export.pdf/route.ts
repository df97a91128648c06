import { handle } from '@/lib/server/http';
import { CAN_READ_REPORTS, requireMember } from '@/lib/server/members';
import { idParam } from '@/lib/server/params';
import { findSessionForMember } from '@/lib/server/reports/load';
import { renderReportPdf } from '@/lib/server/reports/pdf';

type Ctx = { params: Promise<{ id: string }> };

export const runtime = 'nodejs';

export const GET = handle(async (req, ctx: Ctx) => {
  const member = await requireMember(CAN_READ_REPORTS);
  // Authorise before starting a browser: another organization's id is a cheap 404.
  const session = await findSessionForMember(member, await idParam(ctx, 'Session'));
  const pdf = await renderReportPdf(
    member.organizationId,
    session.id,
    req.headers.get('cookie') ?? '',
  );
  return new Response(new Uint8Array(pdf), {
    headers: {
      'content-type': 'application/pdf',
      'cache-control': 'private, no-store',
      'content-disposition': `attachment; filename="candor-report-${session.id}.pdf"`,
    },
  });
});
