import 'server-only';
import type { Role } from '@prisma/client';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { auth } from './auth';
import { db } from './db';
import { forbidden, unauthorized } from './http';

export interface TMember {
  userId: string;
  name: string;
  email: string;
  organizationId: string;
  organizationName: string;
  role: Role;
}

/** The signed-in member and their organization, or null (pages redirect; APIs answer 401). */
export async function getMember(): Promise<TMember | null> {
  const session = await auth().api.getSession({ headers: await headers() });
  if (!session) return null;
  // One query for the membership and its organization's name (Prisma's include is two).
  const [membership] = await db.$queryRaw<
    Array<{ organizationId: string; organizationName: string; role: Role }>
  >`
    SELECT m."organizationId", o.name AS "organizationName", m.role::text AS role
    FROM "Membership" m JOIN "Organization" o ON o.id = m."organizationId"
    WHERE m."userId" = ${session.user.id}
    ORDER BY m."createdAt" ASC, m.id ASC
    LIMIT 1`;
  if (!membership) return null;
  return {
    userId: session.user.id,
    name: session.user.name,
    email: session.user.email,
    organizationId: membership.organizationId,
    organizationName: membership.organizationName,
    role: membership.role,
  };
}

/** For route handlers: throws 401 without a session and 403 without one of `roles`. */
export async function requireMember(roles?: readonly Role[]): Promise<TMember> {
  const member = await getMember();
  if (!member) throw unauthorized();
  if (roles && !roles.includes(member.role))
    throw forbidden(`This needs one of the roles: ${roles.join(', ')}`);
  return member;
}

export const CAN_MANAGE_INTERVIEWS: readonly Role[] = ['OWNER', 'INTERVIEWER'];
export const CAN_READ_REPORTS: readonly Role[] = ['OWNER', 'INTERVIEWER', 'REVIEWER'];

/** For pages: the member, or a redirect to sign-in (preserving where they were going). */
export async function requirePageMember(next: string): Promise<TMember> {
  const member = await getMember();
  if (!member) redirect(`/signin?next=${encodeURIComponent(next)}`);
  return member;
}
