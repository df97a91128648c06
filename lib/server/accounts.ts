import 'server-only';
import type { TSignupInput } from '@/lib/schemas/api';
import { appendAudit } from './audit';
import { auth } from './auth';
import { db } from './db';
import { HttpError } from './http';

/**
 * Creates the user through Better Auth (which hashes the password and opens a server-side
 * session), then their organization with them as OWNER. Returns Better Auth's response so its
 * session cookie reaches the browser. If the organization cannot be created the user is removed,
 * so a retry starts clean.
 */
export async function signUpWithOrganization(
  input: TSignupInput,
  headers: Headers,
): Promise<Response> {
  const existing = await db.user.findUnique({
    where: { email: input.email },
    select: { id: true },
  });
  if (existing)
    throw new HttpError(
      409,
      'email_taken',
      'An account with this email already exists: sign in instead',
    );
  const res = await auth().api.signUpEmail({
    body: { name: input.name, email: input.email, password: input.password },
    headers,
    asResponse: true,
  });
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { message?: string };
    throw new HttpError(res.status, 'signup_failed', body.message ?? 'Sign-up failed');
  }
  const user = await db.user.findUniqueOrThrow({ where: { email: input.email } });
  try {
    await db.$transaction(async (tx) => {
      const org = await tx.organization.create({ data: { name: input.organizationName } });
      await tx.membership.create({
        data: { organizationId: org.id, userId: user.id, role: 'OWNER' },
      });
      await appendAudit(tx, {
        organizationId: org.id,
        actorId: user.id,
        action: 'organization.create',
        target: `organization:${org.id}`,
        data: { name: input.organizationName },
      });
    });
  } catch (err) {
    await db.user.delete({ where: { id: user.id } }).catch(() => undefined);
    throw err;
  }
  return res;
}
