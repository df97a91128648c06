import { describe, expect, test } from 'vitest';
import {
  auditHash,
  canonicalJson,
  GENESIS_HASH,
  verifyAuditRows,
  type AuditFields,
} from './audit-chain';

function chain(n: number) {
  const rows: Array<AuditFields & { hash: string }> = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const f = {
      organizationId: 'o',
      seq,
      actorId: 'u',
      action: 'a',
      target: `t${seq}`,
      data: { b: 1, a: [seq] },
      createdAt: new Date(seq * 1000),
      prevHash: prev,
    };
    const hash = auditHash(f);
    rows.push({ ...f, hash });
    prev = hash;
  }
  return rows;
}

describe('audit chain', () => {
  test('canonical JSON ignores key order', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe(
      canonicalJson({ a: { c: 3, d: 2 }, b: 1 }),
    );
  });
  test('an intact chain verifies', () => {
    expect(verifyAuditRows(chain(5))).toEqual({ ok: true, rows: 5 });
  });
  test.each([
    [
      'row altered',
      (r: ReturnType<typeof chain>) => {
        r[2]!.target = 'changed';
      },
      3,
    ],
    [
      'row removed',
      (r: ReturnType<typeof chain>) => {
        r.splice(1, 1);
      },
      3,
    ],
    [
      'hash recomputed but next link breaks',
      (r: ReturnType<typeof chain>) => {
        r[1]!.data = { x: 1 };
        r[1]!.hash = auditHash(r[1]!);
      },
      3,
    ],
  ])('%s is detected', (_n, mutate, seq) => {
    const rows = chain(5);
    mutate(rows);
    const res = verifyAuditRows(rows);
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.brokenAtSeq).toBe(seq);
  });
});
