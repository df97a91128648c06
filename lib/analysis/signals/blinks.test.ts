import { describe, expect, test } from 'vitest';
import { syntheticFrames } from '../testing/synthetic-face';
import { detectBlinks } from './blinks';

type Closure = (t: number) => number;

const every =
  (periodS: number, closedS: number, level = 0.9): Closure =>
  (t) =>
    t % periodS < closedS ? level : 0.1;

describe('blinks with hysteresis', () => {
  test.each<[string, Closure, number, number]>([
    ['a blink every 3 s', every(3, 0.2), 10, 10],
    [
      'chatter around one threshold only (0.45..0.55) counts once per closure',
      (t) => (t % 3 < 0.3 ? 0.55 + 0.05 * Math.sin(t * 80) : t % 3 < 0.6 ? 0.42 : 0.1),
      10,
      10,
    ],
    ['half-closed eyes never crossing 0.5', () => 0.45, 0, 0],
    ['eyes closed for 2 s at a time are not blinks', every(5, 2), 0, 0],
    ['no blinks', () => 0.1, 0, 0],
  ])('%s', (_name, closure, min, max) => {
    const frames = syntheticFrames({
      durationMs: 30_000,
      fps: 20,
      motion: () => ({}),
      eyeBlink: closure,
      seed: 1,
    });
    const s = detectBlinks(frames);
    expect(s.events.length).toBeGreaterThanOrEqual(min);
    expect(s.events.length).toBeLessThanOrEqual(max);
  });

  test('rate per minute and longest gap', () => {
    const frames = syntheticFrames({
      durationMs: 60_000,
      fps: 20,
      motion: () => ({}),
      eyeBlink: (t) => (t < 30 && t % 4 < 0.2 ? 0.9 : 0.1),
      seed: 1,
    });
    const s = detectBlinks(frames);
    expect(s.ratePerMin).toBeCloseTo(8, 0);
    expect(s.longestGapMs).toBeGreaterThan(29_000);
  });

  test('profile frames do not count as visible eyes', () => {
    const frames = syntheticFrames({
      durationMs: 20_000,
      fps: 20,
      motion: () => ({ yaw: 60 }),
      eyeBlink: every(3, 0.2),
      seed: 1,
    });
    const s = detectBlinks(frames);
    expect(s.events).toHaveLength(0);
    expect(s.ratePerMin).toBeNull();
  });
});
