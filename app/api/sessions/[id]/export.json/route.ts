import { NextResponse } from 'next/server';
import { handle } from '@/lib/server/http';
import { CAN_READ_REPORTS, requireMember } from '@/lib/server/members';
import { idParam } from '@/lib/server/params';
import { exportSessionReport } from '@/lib/server/reports/export';

type Ctx = { params: Promise<{ id: string }> };

export const GET = handle(async (_req, ctx: Ctx) => {
  const member = await requireMember(CAN_READ_REPORTS);
  const report = await exportSessionReport(member, await idParam(ctx, 'Session'));
  return NextResponse.json(report, {
    headers: {
      'cache-control': 'private, no-store',
      'content-disposition': `attachment; filename="candor-report-${report.session.id}.json"`,
    },
  });
});
