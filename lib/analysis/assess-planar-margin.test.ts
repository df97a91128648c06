import { describe, expect, test } from 'vitest';
import type { TWindowSignals } from '../schemas/signals';
import { assessPlanar } from './assess-motion';
import { FUSION_CONFIG } from './fusion-config';
import { SessionState } from './session-state';
import { windowize } from './session';
import { genuineSession } from './testing/scenarios';

/**
 * The session rule for a face that fills the frame (surround.ts margin cells): when most of the
 * pairs judged on the margins were locked to the face plane, the margins' 3D pairs count as planar
 * (soft evidence); the hard rule keeps resting on the pairs' own kinds.
 */
function session(margin: { judged: number; locked: number; threeD: number }, planar: number) {
  const windows = windowize(genuineSession(20_000), null).map((w): TWindowSignals => ({
    ...w,
    planar: {
      ...w.planar,
      pairs: 12,
      informative: 10,
      planar,
      threeD: 10 - planar,
      locked: margin.locked,
      marginJudged: margin.judged,
      marginLocked: margin.locked,
      margin3d: margin.threeD,
    },
  }));
  const s = new SessionState();
  for (const w of windows) s.add(w);
  return assessPlanar(s);
}

describe('planar: margins of a face filling the frame', () => {
  test('margins locked in most pairs: their 3D pairs count as flat, soft evidence only', () => {
    // per window: 6 planar, 4 3D (all judged on the margins), margins locked in 8 of 9 pairs
    const a = session({ judged: 9, locked: 8, threeD: 4 }, 6);
    expect(a.value).toBeCloseTo(1, 5);
    expect(a.finding?.code).toBe('PLANAR_MOTION');
    expect(a.finding?.severity).toBe('soft');
    expect(a.evidence).toBeLessThan(0);
    expect(a.note).toMatch(/hair, neck and edges around it moved with it/);
  });

  test('margins locked in a minority of pairs (a live head): the 3D pairs keep their credit', () => {
    const share = FUSION_CONFIG.surround.marginRigidShare;
    const locked = Math.floor(9 * share) - 1;
    const a = session({ judged: 9, locked, threeD: 4 }, 6);
    expect(a.value).toBeCloseTo(0.6, 5);
    expect(a.note).not.toMatch(/hair, neck/);
    // 60 % planar is soft planar evidence either way; with 4 of 10 pairs 3D it is weaker
    expect(a.evidence).toBeGreaterThan(session({ judged: 9, locked: 8, threeD: 4 }, 6).evidence);
  });

  test('too few pairs judged on the margins: no session rule', () => {
    const few = new SessionState();
    const w = windowize(genuineSession(3000), null)[0];
    if (!w) throw new Error('window');
    few.add({
      ...w,
      planar: {
        ...w.planar,
        pairs: 12,
        informative: 10,
        planar: 6,
        threeD: 4,
        marginJudged: FUSION_CONFIG.surround.marginMinPairs - 1,
        marginLocked: FUSION_CONFIG.surround.marginMinPairs - 1,
        margin3d: 4,
      },
    });
    expect(assessPlanar(few).value).toBeCloseTo(0.6, 5);
  });
});
