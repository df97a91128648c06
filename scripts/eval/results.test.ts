import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { failedRun, loadResults, reusable, saveResult, type ClipResult } from './results';

const clip = (file: string, over: Partial<ClipResult> = {}): ClipResult => ({
  file,
  cls: 'genuine',
  label: 'PASS',
  score: 91.5,
  seconds: 30,
  reasons: ['blinks 14/min'],
  errors: [],
  ...over,
});

describe('eval results on disk', () => {
  let dir = '';
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('reuses finished clips, including those without a verdict, but not runs that threw', () => {
    dir = mkdtempSync(join(tmpdir(), 'eval-results-'));
    const file = join(dir, 'run.jsonl');
    saveResult(file, clip('/a.mp4'));
    // analysed to the end, no verdict (too short): a result, kept
    saveResult(
      file,
      clip('/b.mp4', { label: null, score: null, reasons: ['no verdict: 4 s of face'] }),
    );
    // the run was stopped while this clip was analysed: not a result
    saveResult(
      file,
      clip('/c.mp4', { label: null, score: null, reasons: [], errors: ['Target closed'] }),
    );
    const all = loadResults([file]);
    expect([...all.keys()]).toEqual(['/a.mp4', '/b.mp4', '/c.mp4']);
    expect(failedRun(all.get('/c.mp4')!)).toBe(true);
    expect([...reusable(all).keys()]).toEqual(['/a.mp4', '/b.mp4']);
  });

  it('a later line for the same clip wins, so a re-analysed failure replaces it', () => {
    dir = mkdtempSync(join(tmpdir(), 'eval-results-'));
    const file = join(dir, 'run.jsonl');
    saveResult(file, clip('/c.mp4', { label: null, score: null, reasons: [], errors: ['x'] }));
    saveResult(file, clip('/c.mp4', { label: 'FAIL', score: 12 }));
    expect(reusable(loadResults([file])).get('/c.mp4')?.label).toBe('FAIL');
  });
});
