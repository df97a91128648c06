import 'server-only';
import type { PrismaClient } from '@prisma/client';
import { db } from '../db';

/**
 * Request addresses are personal data: they follow the organization's retention period like the
 * other session data (so reuse looks back at most that far, even when REUSE_WINDOW_DAYS is longer).
 */
export async function purgeOriginObservations(
  org: { id: string; retentionDays: number },
  now: Date,
  client: PrismaClient = db,
): Promise<number> {
  const cutoff = new Date(now.getTime() - org.retentionDays * 86_400_000);
  const res = await client.originObservation.deleteMany({
    where: { organizationId: org.id, seenAt: { lt: cutoff } },
  });
  return res.count;
}
