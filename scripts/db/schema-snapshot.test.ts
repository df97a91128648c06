import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';

test('prisma/schema.prisma has a migration (run `npm run db:new-migration -- <name>` after editing it)', () => {
  const root = path.resolve(import.meta.dirname, '..', '..');
  const schema = readFileSync(path.join(root, 'prisma/schema.prisma'), 'utf8');
  const snapshot = readFileSync(
    path.join(root, 'prisma/migrations/schema.snapshot.prisma'),
    'utf8',
  );
  expect(snapshot).toBe(schema);
});
