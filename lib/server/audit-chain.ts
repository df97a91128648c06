import { createHash } from 'node:crypto';

/** The fields of an AuditLog row that its hash covers. */
export interface AuditFields {
  organizationId: string;
  seq: number;
  actorId: string | null;
  action: string;
  target: string;
  data: unknown;
  createdAt: Date;
  prevHash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted, so the hash does not depend on key order after a JSONB round trip. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function auditHash(f: AuditFields): string {
  const body = canonicalJson({
    organizationId: f.organizationId,
    seq: f.seq,
    actorId: f.actorId,
    action: f.action,
    target: f.target,
    data: f.data,
    createdAt: f.createdAt.toISOString(),
    prevHash: f.prevHash,
  });
  return createHash('sha256').update(body).digest('hex');
}

export type ChainCheck =
  { ok: true; rows: number } | { ok: false; rows: number; brokenAtSeq: number; why: string };

/** Checks an organization's rows, ordered by seq: contiguous seqs, each prevHash links, each hash matches. */
export function verifyAuditRows(rows: Array<AuditFields & { hash: string }>): ChainCheck {
  let prev = GENESIS_HASH;
  for (const [i, row] of rows.entries()) {
    if (row.seq !== i + 1)
      return { ok: false, rows: rows.length, brokenAtSeq: row.seq, why: 'sequence gap' };
    if (row.prevHash !== prev)
      return { ok: false, rows: rows.length, brokenAtSeq: row.seq, why: 'broken link' };
    if (auditHash(row) !== row.hash)
      return { ok: false, rows: rows.length, brokenAtSeq: row.seq, why: 'row altered' };
    prev = row.hash;
  }
  return { ok: true, rows: rows.length };
}
