import 'server-only';
import { randomBytes } from 'node:crypto';
import { PrismaClient } from '@prisma/client';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { serverEnv } from './env';

// One client per process; survives Next.js dev hot reloads through globalThis.
const globalForDb = globalThis as unknown as { candorDb?: PrismaClient; candorPool?: pg.Pool };

/**
 * The connection pool Prisma runs on, shared with the few hot statements that skip Prisma's query
 * compiler (pgQuery below): one pool, one connection limit.
 */
function pool(): pg.Pool {
  const p = globalForDb.candorPool;
  // db.$disconnect() ends it (disposeExternalPool, so scripts still exit); a later query gets a new one.
  if (!p || p.ending || p.ended)
    globalForDb.candorPool = new pg.Pool({
      connectionString: serverEnv().DATABASE_URL,
      max: serverEnv().DATABASE_POOL_MAX,
    });
  return globalForDb.candorPool!;
}

function realDb(): PrismaClient {
  if (!globalForDb.candorDb) {
    const adapter = new PrismaPg(pool(), { disposeExternalPool: true });
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

/**
 * One statement straight on the pool, for the per-second hot paths (engine-window ingest): Prisma's
 * query compiler and client layers cost more CPU than the statement itself there. Build it with
 * Prisma.sql (parameters, never string concatenation). Only for rows without dates: pg's default
 * parsers read TIMESTAMP columns in the process's time zone, where Prisma reads them as UTC.
 */
export async function pgQuery<T>(
  q: { text: string; values: unknown[] },
  /**
   * Names a prepared statement: each pooled connection parses and plans it once, not per call.
   * Only for a statement whose text never changes (pg refuses one name with two texts).
   */
  name?: string,
): Promise<T[]> {
  return (await pool().query({ name, text: q.text, values: q.values })).rows as T[];
}

/** A row id for a raw INSERT, shaped like Prisma's cuids ('c' + 24 hex digits, so ZId accepts it). */
export const newRowId = (): string => `c${randomBytes(12).toString('hex')}`;
