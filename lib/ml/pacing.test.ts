import { describe, expect, test } from 'vitest';
import { FramePacing } from './pacing';

describe('FramePacing', () => {
  test.each([
    ['30 fps file', 33, 150, 150],
    ['15 fps file', 67, 150, 150],
    ['4 fps live room', 250, 150, 1000],
    ['4 fps live room, identity', 250, 1000, 1000],
    ['2 fps live room, identity', 500, 1000, 2000],
  ])('%s: frames %d ms apart → interval(%d) = %d', (_name, gap, base, want) => {
    const p = new FramePacing();
    for (let i = 0; i < 50; i++) p.observe(i * gap);
    expect(p.interval(base)).toBeCloseTo(want, 0);
  });

  test('recovers when frames come faster again, and reset forgets', () => {
    const p = new FramePacing();
    for (let i = 0; i < 20; i++) p.observe(i * 300);
    expect(p.interval(150)).toBeGreaterThan(150);
    for (let i = 0; i < 60; i++) p.observe(6000 + i * 33);
    expect(p.interval(150)).toBe(150);
    p.reset();
    expect(p.gapMs()).toBe(0);
  });
});
