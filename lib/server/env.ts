import 'server-only';
import { z } from 'zod';

/**
 * Server environment, validated once at first use. scripts/stack.ts fills in the generated
 * secrets and the embedded services' URLs before it starts Next.js.
 */
const ZServerEnv = z.object({
  DATABASE_URL: z.string().url({ message: 'DATABASE_URL must be a postgresql:// URL' }),
  /**
   * Connections in this process's PostgreSQL pool (Prisma and the hot statements share it). Under
   * load a commit waits for the WAL flush; with more connections more commits share one flush
   * instead of queueing in the process behind a full pool (README "bench:ingest").
   */
  DATABASE_POOL_MAX: z.coerce
    .number()
    .int()
    .min(1, 'DATABASE_POOL_MAX must be at least 1')
    .max(500, 'DATABASE_POOL_MAX must be at most 500')
    .default(10),
  APP_URL: z.string().url().default('http://127.0.0.1:3000'),
  BETTER_AUTH_SECRET: z.string().min(32, 'BETTER_AUTH_SECRET must be at least 32 characters'),
  INVITE_SECRET: z.string().min(32, 'INVITE_SECRET must be at least 32 characters'),
  /** Signs liveness-challenge prompts; optional: derived from BETTER_AUTH_SECRET when unset (see challenge-params.ts). */
  CHALLENGE_SECRET: z
    .string()
    .min(32, 'CHALLENGE_SECRET must be at least 32 characters')
    .optional(),
  INVITE_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(72),
  LIVEKIT_URL: z.string().optional(),
  LIVEKIT_API_KEY: z.string().optional(),
  LIVEKIT_API_SECRET: z.string().optional(),
  TRUST_PROXY: z
    .enum(['0', '1', 'true', 'false'])
    .default('0')
    .transform((v) => v === '1' || v === 'true'),
  /** Folder holding the @ip-location-db/asn and geo-whois-asn-country packages (docs/origin.md). */
  IP_LOCATION_DB_DIR: z.string().optional(),
});

export type TServerEnv = z.infer<typeof ZServerEnv>;

let cached: TServerEnv | undefined;

export function serverEnv(): TServerEnv {
  if (cached) return cached;
  const parsed = ZServerEnv.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(
      `Invalid server environment (start the app with \`npm run app\`, which sets these):\n${lines.join('\n')}`,
    );
  }
  cached = parsed.data;
  return cached;
}
