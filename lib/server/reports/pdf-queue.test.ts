import { describe, expect, test } from 'vitest';
import { RateLimitedError } from '../http';
import { PrintQueue, ServiceBusyError } from './pdf-queue';

const gate = () => {
  let open!: () => void;
  const p = new Promise<void>((r) => (open = r));
  return { p, open };
};

describe('PrintQueue', () => {
  test('bounds jobs per organization (429) and in all (503), runs one at a time, frees slots', async () => {
    const q = new PrintQueue({ perOrg: 2, global: 3, retryAfterS: 7 });
    const g = gate();
    let running = 0;
    let maxRunning = 0;
    const job = async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      await g.p;
      running--;
      return 'pdf';
    };
    const a1 = q.run('a', job);
    const a2 = q.run('a', job);
    await expect(q.run('a', job)).rejects.toBeInstanceOf(RateLimitedError);
    const b1 = q.run('b', job);
    const refused = await q.run('c', job).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ServiceBusyError);
    expect((refused as ServiceBusyError).status).toBe(503);
    expect((refused as ServiceBusyError).retryAfterS).toBe(7);
    g.open();
    expect(await Promise.all([a1, a2, b1])).toEqual(['pdf', 'pdf', 'pdf']);
    expect(maxRunning).toBe(1);
    expect(q.pending()).toBe(0);
    expect(await q.run('a', job)).toBe('pdf');
  });

  test('a failed job frees its slot and does not stop the queue', async () => {
    const q = new PrintQueue({ perOrg: 1, global: 2, retryAfterS: 1 });
    await expect(q.run('a', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await q.run('a', () => Promise.resolve(1))).toBe(1);
  });
});
