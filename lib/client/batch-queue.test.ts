import { describe, expect, test } from 'vitest';
import { createBatchQueue, type TBatch } from './batch-queue';

describe('createBatchQueue', () => {
  test('a failed batch is resent verbatim (same id, same windows) and never dropped', async () => {
    const seen: TBatch<number>[] = [];
    let fail = 2;
    const q = createBatchQueue<number>(async (b) => {
      seen.push(structuredClone(b));
      if (fail-- > 0) throw new Error('offline');
    });
    q.push(1);
    q.push(2);
    await q.flush();
    await q.flush();
    q.push(3);
    await q.flush();
    expect(seen.map((b) => b.windows)).toEqual([[1, 2], [1, 2], [1, 2], [3]]);
    expect(new Set(seen.slice(0, 3).map((b) => b.batchId)).size).toBe(1);
    expect(seen[3]!.batchId).not.toBe(seen[0]!.batchId);
    expect(q.pendingWindows()).toBe(0);
  });

  test('a permanent refusal drops that batch and moves on', async () => {
    const sent: number[][] = [];
    let first = true;
    const q = createBatchQueue<number>(async (b) => {
      if (first) {
        first = false;
        throw { retry: false };
      }
      sent.push(b.windows);
    });
    q.push(1);
    await q.flush();
    q.push(2);
    await q.flush();
    expect(sent).toEqual([[2]]);
  });
});
