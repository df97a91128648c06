import { openAnswerRecording } from '@/lib/server/async/answer-report';
import { handle } from '@/lib/server/http';
import { CAN_READ_REPORTS, requireMember } from '@/lib/server/members';
import { idParam } from '@/lib/server/params';

type Ctx = { params: Promise<{ id: string; answerId: string }> };

/** An async answer's recording for the report's player: org members only, range requests. */
export const GET = handle(async (req, ctx: Ctx) => {
  const member = await requireMember(CAN_READ_REPORTS);
  const sessionId = await idParam(ctx, 'Session');
  const { answerId } = await ctx.params;
  const r = await openAnswerRecording(member, sessionId, answerId, req.headers.get('range'));
  return new Response(r.body, {
    status: r.partial ? 206 : 200,
    headers: {
      'content-type': r.mimeType,
      'content-length': String(r.end - r.start + 1),
      'accept-ranges': 'bytes',
      'cache-control': 'private, no-store',
      ...(r.partial ? { 'content-range': `bytes ${r.start}-${r.end}/${r.size}` } : {}),
    },
  });
});
