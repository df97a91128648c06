import { afterAll, describe, expect, test } from 'vitest';
import { appendAudit, auditHead, verifyAuditChain } from './audit';
import { db } from './db';

/** Runs against the real PostgreSQL started by scripts/stack.ts (npm test). */
describe.runIf(Boolean(process.env.DATABASE_URL))('audit log in PostgreSQL', () => {
  afterAll(async () => {
    await db.$disconnect();
  });

  test('the chain verifies, refuses edits, and detects a row altered behind the trigger', async () => {
    const org = await db.organization.create({ data: { name: `audit-test-${Date.now()}` } });
    for (const action of ['a.one', 'a.two', 'a.three']) {
      await db.$transaction((tx) =>
        appendAudit(tx, {
          organizationId: org.id,
          actorId: null,
          action,
          target: 'x',
          data: { z: 1, a: [1, 2] },
        }),
      );
    }
    expect(await verifyAuditChain(org.id)).toEqual({ ok: true, rows: 3 });

    // The append-only trigger refuses ordinary updates and deletes.
    await expect(
      db.auditLog.updateMany({ where: { organizationId: org.id }, data: { action: 'x' } }),
    ).rejects.toThrow(/append-only/);
    await expect(db.auditLog.deleteMany({ where: { organizationId: org.id } })).rejects.toThrow(
      /append-only/,
    );
    // TRUNCATE skips row triggers; a statement trigger refuses it too.
    await expect(db.$executeRawUnsafe('TRUNCATE "AuditLog"')).rejects.toThrow(/append-only/);
    expect(await db.auditLog.count({ where: { organizationId: org.id } })).toBe(3);
    expect(await auditHead(org.id)).toMatchObject({ seq: 3 });

    // A database superuser can bypass the trigger; the hash chain still exposes the change.
    await db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe('ALTER TABLE "AuditLog" DISABLE TRIGGER audit_log_append_only');
      await tx.$executeRaw`UPDATE "AuditLog" SET "target" = 'tampered' WHERE "organizationId" = ${org.id} AND seq = 2`;
      await tx.$executeRawUnsafe('ALTER TABLE "AuditLog" ENABLE TRIGGER audit_log_append_only');
    });
    expect(await verifyAuditChain(org.id)).toMatchObject({
      ok: false,
      brokenAtSeq: 2,
      why: 'row altered',
    });
  });

  test('concurrent appends never fork the chain', async () => {
    const org = await db.organization.create({ data: { name: `audit-race-${Date.now()}` } });
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        db.$transaction((tx) =>
          appendAudit(tx, {
            organizationId: org.id,
            actorId: null,
            action: `race.${i}`,
            target: 't',
          }),
        ),
      ),
    );
    expect(await verifyAuditChain(org.id)).toEqual({ ok: true, rows: 8 });
  });
});
