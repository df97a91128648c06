import { describe, expect, test } from 'vitest';
import { lipSync } from './lipsync';

const FS = 15;

/** Syllable-rate mouth opening and an audio envelope following it `delayMs` later. */
function pair(delayMs: number, seconds = 6, silent = false) {
  const jaw: number[] = [];
  const audio: number[] = [];
  for (let i = 0; i < seconds * FS; i++) {
    const t = i / FS;
    const mouth = (t: number) =>
      0.5 + 0.5 * Math.sin(2 * Math.PI * 1.3 * t) * Math.sin(2 * Math.PI * 0.37 * t + 0.4);
    jaw.push(0.05 + 0.3 * mouth(t));
    audio.push(silent ? 0.002 : 0.005 + 0.2 * mouth(t - delayMs / 1000));
  }
  return { jaw, audio };
}

describe('lip-sync', () => {
  test.each([0, 100, 200, -100, 350])('recovers an audio delay of %s ms', (delay) => {
    const { jaw, audio } = pair(delay);
    const r = lipSync(jaw, audio, FS);
    expect(r.informative).toBe(true);
    expect(r.peakCorr).toBeGreaterThan(0.8);
    expect(Math.abs(r.lagMs - delay)).toBeLessThanOrEqual(40);
  });

  test('silence is uninformative', () => {
    const { jaw, audio } = pair(0, 6, true);
    expect(lipSync(jaw, audio, FS).informative).toBe(false);
  });

  test('a still mouth is uninformative', () => {
    const { audio } = pair(0);
    expect(
      lipSync(
        audio.map(() => 0.1),
        audio,
        FS,
      ).informative,
    ).toBe(false);
  });
});
