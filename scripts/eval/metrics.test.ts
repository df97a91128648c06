import { describe, expect, it } from 'vitest';
import {
  auc,
  classFromPath,
  classRows,
  interleave,
  markdownTable,
  type ClipOutcome,
} from './metrics';

const clip = (cls: string, label: ClipOutcome['label'], score: number | null): ClipOutcome => ({
  file: `${cls}/x.mp4`,
  cls,
  label,
  score,
});

describe('classFromPath', () => {
  it.each([
    ['/work/eval-suite/test/faceswap/a__from_b.mp4', 'faceswap'],
    ['.data/eval/tune/genuine/clip__s0.mp4', 'genuine'],
    ['test/Loop/x.webm', 'loop'],
    ['C:\\suite\\test\\photo\\p.mp4', 'photo'],
  ])('%s → %s', (file, cls) => expect(classFromPath(file)).toBe(cls));

  it('refuses a clip that is not in a folder', () => {
    expect(() => classFromPath('clip.mp4')).toThrow(/folder named after its class/);
  });
});

describe('interleave', () => {
  it('takes clips round-robin over classes, keeping each class in order', () => {
    const files = [
      'd/genuine/a',
      'd/genuine/b',
      'd/genuine/c',
      'd/loop/x',
      'd/photo/p',
      'd/photo/q',
    ];
    expect(interleave(files)).toEqual([
      'd/genuine/a',
      'd/loop/x',
      'd/photo/p',
      'd/genuine/b',
      'd/photo/q',
      'd/genuine/c',
    ]);
    expect(interleave([])).toEqual([]);
  });
});

describe('auc', () => {
  it('is 1 when every genuine clip outscores every attack, 0 when reversed', () => {
    expect(auc([90, 80], [10, 20, 30])).toBe(1);
    expect(auc([10], [90, 95])).toBe(0);
  });
  it('counts ties as one half', () => {
    expect(auc([50, 50], [50])).toBe(0.5);
    expect(auc([90, 50], [50, 10])).toBeCloseTo((1 + 1 + 0.5 + 1) / 4);
  });
  it('is null when a side is empty', () => {
    expect(auc([], [1])).toBeNull();
    expect(auc([1], [])).toBeNull();
  });
});

describe('classRows', () => {
  const clips: ClipOutcome[] = [
    clip('genuine', 'PASS', 95),
    clip('genuine', 'REVIEW', 70),
    clip('genuine', 'FAIL', 15),
    clip('genuine', null, null),
    clip('loop', 'PASS', 95),
    clip('loop', 'FAIL', 15),
    clip('loop', 'INCONCLUSIVE', 60),
    clip('synthetic_external', 'REVIEW', 70),
  ];
  const rows = classRows(clips);
  const row = (cls: string) => rows.find((r) => r.cls === cls);

  it('puts genuine first and computes BPCER both ways', () => {
    expect(rows[0]?.cls).toBe('genuine');
    const g = row('genuine');
    expect(g?.n).toBe(4);
    expect(g?.counts).toEqual({ PASS: 1, REVIEW: 1, FAIL: 1, INCONCLUSIVE: 1 });
    expect(g?.bpcerFail).toBe(0.25);
    expect(g?.bpcerNotPass).toBe(0.75);
    expect(g?.apcer).toBeNull();
    expect(g?.auc).toBeNull();
  });

  it('computes APCER and AUC per attack class, scoreless clips left out of the AUC', () => {
    const l = row('loop');
    expect(l?.apcer).toBeCloseTo(1 / 3);
    expect(l?.bpcerFail).toBeNull();
    // genuine scores 95, 70, 15 vs loop 95, 15, 60: wins 0.5+1+1 + 0+1+1 + 0+0.5+0 = 5 of 9
    expect(l?.auc).toBeCloseTo(5 / 9);
  });

  it('marks external classes and handles a class without genuine clips to compare', () => {
    expect(row('synthetic_external')?.external).toBe(true);
    const only = classRows([clip('photo', 'FAIL', 10)]);
    expect(only[0]?.auc).toBeNull();
    expect(only[0]?.apcer).toBe(0);
  });

  it('returns no rows for no clips, and the table still has its header', () => {
    expect(classRows([])).toEqual([]);
    expect(markdownTable([]).split('\n')).toHaveLength(2);
  });

  it('renders one markdown line per class with percentages', () => {
    const md = markdownTable(rows);
    expect(md).toContain('| genuine | 4 | 1 | 1 | 1 | 1 | – | 25.0 % | 75.0 % | – |');
    expect(md).toContain('| loop | 3 | 1 | 0 | 1 | 1 | 33.3 % | – | – | 0.556 |');
    expect(md).toContain('synthetic_external (external, not ours)');
  });
});
