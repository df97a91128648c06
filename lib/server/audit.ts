import 'server-only';
import type { Prisma } from '@prisma/client';
import { auditHash, GENESIS_HASH, verifyAuditRows, type ChainCheck } from './audit-chain';
import { db, type TTx } from './db';

export interface AuditEntry {
  organizationId: string;
  actorId: string | null;
  action: string;
  target: string;
  data?: Prisma.InputJsonObject;
}

/**
 * Appends one row to the organization's hash chain. Call inside the transaction that makes the
 * change, so the change and its audit row commit together. A per-organization advisory lock
 * serialises appends so seq and prevHash never fork.
 */
export async function appendAudit(tx: TTx, e: AuditEntry): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`audit:${e.organizationId}`}))`;
  const last = await tx.auditLog.findFirst({
    where: { organizationId: e.organizationId },
    orderBy: { seq: 'desc' },
    select: { seq: true, hash: true },
  });
  const fields = {
    organizationId: e.organizationId,
    seq: (last?.seq ?? 0) + 1,
    actorId: e.actorId,
    action: e.action,
    target: e.target,
    data: e.data ?? {},
    // millisecond precision so the stored timestamp round-trips exactly
    createdAt: new Date(Math.floor(Date.now())),
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  await tx.auditLog.create({ data: { ...fields, hash: auditHash(fields) } });
}

export async function verifyAuditChain(organizationId: string): Promise<ChainCheck> {
  const rows = await db.auditLog.findMany({ where: { organizationId }, orderBy: { seq: 'asc' } });
  return verifyAuditRows(rows);
}

export interface TAuditHead {
  seq: number;
  hash: string;
  createdAt: string;
}

/**
 * The organization's newest audit row: the chain's anchor. Published in every export and on
 * /settings, so a log rebuilt from scratch (rows deleted or re-hashed behind the triggers) no
 * longer matches an anchor someone kept. null before the first row.
 */
export async function auditHead(organizationId: string): Promise<TAuditHead | null> {
  const head = await db.auditLog.findFirst({
    where: { organizationId },
    orderBy: { seq: 'desc' },
    select: { seq: true, hash: true, createdAt: true },
  });
  return head && { seq: head.seq, hash: head.hash, createdAt: head.createdAt.toISOString() };
}
