import { NextResponse } from 'next/server';
import { z } from 'zod';
import { handle, readJson } from '@/lib/server/http';
import { requireMember } from '@/lib/server/members';
import { idParam } from '@/lib/server/params';
import { removeMember } from '@/lib/server/team';

type Ctx = { params: Promise<{ id: string }> };

/** `id` is the membership id; the person's sessions are revoked. The last owner stays. */
export const POST = handle(async (req, ctx: Ctx) => {
  const member = await requireMember(['OWNER']);
  const id = await idParam(ctx, 'Member');
  await readJson(req, z.strictObject({}), 256);
  return NextResponse.json(await removeMember(member, id));
});
