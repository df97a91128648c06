import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const ZSecrets = z.object({
  betterAuthSecret: z.string().min(32),
  inviteSecret: z.string().min(32),
  livekitApiKey: z.string().min(8),
  livekitApiSecret: z.string().min(32),
  /** Added later: installs from before it get one on their next start (postgres.ts re-keys the role). */
  postgresPassword: z.string().min(24).optional(),
});
export type TSecrets = Required<z.infer<typeof ZSecrets>>;

/** Secrets generated once per install and kept (mode 600) under the data dir, never in git. */
export function ensureSecrets(dataDir: string): TSecrets {
  const file = path.join(dataDir, 'secrets.json');
  const stored = existsSync(file) ? ZSecrets.parse(JSON.parse(readFileSync(file, 'utf8'))) : null;
  if (stored?.postgresPassword) return { ...stored, postgresPassword: stored.postgresPassword };
  mkdirSync(dataDir, { recursive: true });
  const secrets: TSecrets = {
    betterAuthSecret: randomBytes(32).toString('base64url'),
    inviteSecret: randomBytes(32).toString('base64url'),
    livekitApiKey: `API${randomBytes(6).toString('hex')}`,
    livekitApiSecret: randomBytes(32).toString('base64url'),
    ...stored,
    postgresPassword: randomBytes(24).toString('base64url'),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
