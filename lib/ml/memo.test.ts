import { describe, expect, it } from 'vitest';
import { memoAsync } from './memo';

describe('memoAsync', () => {
  it('shares one load between callers', async () => {
    let calls = 0;
    const load = memoAsync(async (k: string) => {
      calls++;
      return k.length;
    });
    expect(await Promise.all([load('ab'), load('ab')])).toEqual([2, 2]);
    expect(calls).toBe(1);
  });

  it('evicts a failed load so the next call retries', async () => {
    let calls = 0;
    const load = memoAsync(async () => {
      calls++;
      if (calls === 1) throw new Error('network');
      return 'ok';
    });
    await expect(load('m')).rejects.toThrow('network');
    expect(await load('m')).toBe('ok');
    expect(calls).toBe(2);
  });
});
