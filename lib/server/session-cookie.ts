import 'server-only';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Prisma } from '@prisma/client';
import { parseCookies } from 'better-call';
import { auth } from './auth';
import { pgQuery } from './db';
import { serverEnv } from './env';
import type { TMember } from './members';

/**
 * The signed-in member in ONE query, for the hot write routes (engine windows arrive once per second
 * per interviewer). What Better Auth's getSession + getMember do in three round trips (session,
 * user, membership), with the same meaning:
 *
 * - the session token is Better Auth's signed cookie (its name from Better Auth's own context, so
 *   the `__Secure-` prefix follows `useSecureCookies`), read like better-call reads it (first
 *   cookie of that name, quotes stripped, percent-decoded) and verified the same way: `token.sig`
 *   where sig is the base64 HMAC-SHA256 of the token under BETTER_AUTH_SECRET (44 characters);
 * - the auth_session row must exist and not be expired (Better Auth would also delete an expired
 *   row and refresh one past `updateAge`: both left to the next page load, which goes through
 *   Better Auth); signing out deletes the row, so it takes effect at once here too. Prisma's
 *   TIMESTAMP(3) columns hold UTC, hence `now() AT TIME ZONE 'UTC'` whatever the DB's TimeZone;
 * - the membership is the user's oldest, as getMember picks it.
 *
 * Nothing is cached: a removed member or a revoked session is refused by the very next request.
 */

async function sessionCookieName(): Promise<string> {
  const ctx = await auth().$context;
  return ctx.authCookies.sessionToken.name;
}

/** The verified session token of the request, or null (no cookie, malformed, or a bad signature). */
export async function verifiedSessionToken(req: Request): Promise<string | null> {
  const header = req.headers.get('cookie');
  if (!header) return null;
  const value = parseCookies(header).get(await sessionCookieName());
  if (!value) return null;
  const dot = value.lastIndexOf('.');
  if (dot < 1) return null;
  const token = value.slice(0, dot);
  const signature = value.slice(dot + 1);
  if (signature.length !== 44 || !signature.endsWith('=')) return null;
  const expected = createHmac('sha256', serverEnv().BETTER_AUTH_SECRET).update(token).digest();
  const given = Buffer.from(signature, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected) ? token : null;
}

/** getMember() for route handlers, in one query (see above). */
export async function memberFromRequest(req: Request): Promise<TMember | null> {
  const token = await verifiedSessionToken(req);
  if (!token) return null;
  // The columns are TMember's fields, by name.
  const [row] = await pgQuery<TMember>(
    Prisma.sql`
    SELECT u.id AS "userId", u.name, u.email, m."organizationId", o.name AS "organizationName",
           m.role::text AS role
    FROM auth_session a
    JOIN "user" u ON u.id = a."userId"
    JOIN "Membership" m ON m."userId" = u.id
    JOIN "Organization" o ON o.id = m."organizationId"
    WHERE a.token = ${token} AND a."expiresAt" > (now() AT TIME ZONE 'UTC')
    ORDER BY m."createdAt" ASC, m.id ASC
    LIMIT 1`,
    'candor_member_from_session_token',
  );
  return row ?? null;
}
