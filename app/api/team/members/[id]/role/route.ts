import { NextResponse } from 'next/server';
import { ZChangeRoleInput } from '@/lib/schemas/team';
import { handle, readJson } from '@/lib/server/http';
import { requireMember } from '@/lib/server/members';
import { idParam } from '@/lib/server/params';
import { changeMemberRole } from '@/lib/server/team';

type Ctx = { params: Promise<{ id: string }> };

/** `id` is the membership id. The last owner cannot be demoted (409 last_owner). */
export const POST = handle(async (req, ctx: Ctx) => {
  const member = await requireMember(['OWNER']);
  const id = await idParam(ctx, 'Member');
  const { role } = await readJson(req, ZChangeRoleInput, 256);
  const updated = await changeMemberRole(member, id, role);
  return NextResponse.json({ member: { id: updated.id, role: updated.role } });
});
