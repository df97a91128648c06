import { describe, expect, test } from 'vitest';
import { FUSION_CONFIG } from './fusion-config';
import { fuseSession, windowize } from './session';
import { genuineSession, photoSession, speechAudio } from './testing/scenarios';

/** Early labels and caps: no PASS before the evidence a PASS needs; a hard rule reads as a cap. */
describe('labels need their evidence', () => {
  test('a genuine candidate is not PASS after 4 s of face, and is after 40 s', () => {
    const early = fuseSession(windowize(genuineSession(4_000), speechAudio(4_000), 1000));
    expect(early.label).not.toBe('PASS');
    expect(early.label).not.toBe('FAIL');
    const later = fuseSession(windowize(genuineSession(40_000), speechAudio(40_000), 1000));
    expect(later.label).toBe('PASS');
  });

  test('a hard rule carries its cap and only its own points', () => {
    const v = fuseSession(windowize(photoSession(30_000, { antiSpoofReal: 0.12 }), null));
    expect(v.label).toBe('FAIL');
    const hard = v.reasons.filter((r) => r.hard);
    expect(hard.length).toBeGreaterThan(0);
    for (const r of hard) expect(r.cap).toBe(FUSION_CONFIG.fusion.hardFailMaxScore);
    expect(v.score).toBeLessThanOrEqual(FUSION_CONFIG.fusion.hardFailMaxScore);
    for (const r of v.reasons.filter((x) => x.severity === 'soft')) expect(r.cap).toBeNull();
  });
});
