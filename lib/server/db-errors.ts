import 'server-only';
import { Prisma } from '@prisma/client';

/**
 * Errors that mean "the database is not available right now" (down, restarting, or every pooled
 * connection busy), as opposed to a bug: routes answer them with 503 + Retry-After and pages with
 * the "temporarily unavailable" page, never a generic 500.
 */
const UNAVAILABLE_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028']);
const UNAVAILABLE_TEXT =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|Connection terminated|connection is closed|the database system is (starting up|shutting down|in recovery mode)|terminating connection due to administrator command|Can't reach database server|Unable to start a transaction in the given time/i;

export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && UNAVAILABLE_CODES.has(e.code))
      return true;
    if (e instanceof Prisma.PrismaClientInitializationError) return true;
    if (e instanceof Error && UNAVAILABLE_TEXT.test(e.message)) return true;
    e = e instanceof Error ? e.cause : undefined;
  }
  return false;
}
