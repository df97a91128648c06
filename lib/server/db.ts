import 'server-only';
import { PrismaClient } from '@prisma/client';
import { PrismaPg } from '@prisma/adapter-pg';
import { serverEnv } from './env';

// One client per process; survives Next.js dev hot reloads through globalThis.
const globalForDb = globalThis as unknown as { candorDb?: PrismaClient };

function realDb(): PrismaClient {
  if (!globalForDb.candorDb) {
    const adapter = new PrismaPg({ connectionString: serverEnv().DATABASE_URL, max: 10 });
    // Under load, transactions queue for one of the pooled connections: wait up to 10 s for one
    // (Prisma's default is 2 s) rather than fail a request that would have succeeded.
    globalForDb.candorDb = new PrismaClient({
      adapter,
      transactionOptions: { maxWait: 10_000, timeout: 15_000 },
    });
  }
  return globalForDb.candorDb;
}

/**
 * The Prisma client, created on first use (so `next build` can import server modules without a
 * database or runtime secrets). Methods are bound to the real client.
 */
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, prop) {
    const client = realDb();
    const value: unknown = Reflect.get(client, prop, client);
    return typeof value === 'function'
      ? (value as (...a: unknown[]) => unknown).bind(client)
      : value;
  },
});

export type TTx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];
