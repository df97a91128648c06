/**
 * npm run retention — deletes biometric data (signal windows, evidence thumbnails, challenge measured
 * frames) of sessions older than their organization's retentionDays; verdicts, outcomes and the
 * audit trail stay. Run it daily (cron, a scheduled job). Uses DATABASE_URL; without it, the
 * embedded database of `npm run app` (which must be running).
 */
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@prisma/client';
import path from 'node:path';
import { runRetention } from '../lib/server/retention';
import { ensureSecrets } from './stack/secrets';

// The embedded database's password is generated per install (.data/secrets.json).
const embeddedUrl = () => {
  const { postgresPassword } = ensureSecrets(path.resolve(process.env.CANDOR_DATA_DIR ?? '.data'));
  return `postgresql://candor:${encodeURIComponent(postgresPassword)}@127.0.0.1:54329/candor`;
};
const url = process.env.DATABASE_URL ?? embeddedUrl();
const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
try {
  const t0 = Date.now();
  const run = await runRetention(new Date(), client);
  console.log(
    `[retention] ${run.sessions} session(s) in ${run.organizations} organization(s): ${run.windows} signal windows and ${run.thumbnails} thumbnails deleted (${Date.now() - t0} ms)`,
  );
} finally {
  await client.$disconnect();
}
