import 'server-only';
import { betterAuth } from 'better-auth';
import { prismaAdapter } from 'better-auth/adapters/prisma';
import { nextCookies } from 'better-auth/next-js';
import { db } from './db';
import { serverEnv } from './env';

function createAuth() {
  const env = serverEnv();
  const origin = new URL(env.APP_URL);
  const alias = new URL(env.APP_URL);
  alias.hostname = origin.hostname === '127.0.0.1' ? 'localhost' : origin.hostname;
  return betterAuth({
    appName: 'Candor',
    baseURL: env.APP_URL,
    secret: env.BETTER_AUTH_SECRET,
    trustedOrigins: [origin.origin, alias.origin],
    database: prismaAdapter(db, { provider: 'postgresql' }),
    // Better Auth hashes passwords (scrypt) and keeps sessions server-side in auth_session.
    emailAndPassword: {
      enabled: true,
      minPasswordLength: 10,
      maxPasswordLength: 128,
      autoSignIn: true,
    },
    session: { modelName: 'authSession', expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
    advanced: {
      useSecureCookies: origin.protocol === 'https:',
      // Set by lib/server/security/auth-gate.ts from the app's one client-IP rule.
      ipAddress: { ipAddressHeaders: ['x-candor-client-ip'] },
    },
    // Limits live in PostgreSQL (auth-gate.ts, rate-limit.ts), shared by every app instance and
    // keyed on clientIp(); Better Auth's own limiter would trust X-Forwarded-For and per-process memory.
    rateLimit: { enabled: false },
    plugins: [nextCookies()],
  });
}

type TAuth = ReturnType<typeof createAuth>;
const globalForAuth = globalThis as unknown as { candorAuth?: TAuth };

/** Lazily created so `next build` does not need runtime secrets. */
export function auth(): TAuth {
  globalForAuth.candorAuth ??= createAuth();
  return globalForAuth.candorAuth;
}
