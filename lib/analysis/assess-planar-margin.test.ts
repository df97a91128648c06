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

function kinds(planar: number, threeD: number, windows = 20) {
  const ws = windowize(genuineSession(windows * 1000), null).map((w): TWindowSignals => ({
    ...w,
    planar: {
      ...w.planar,
      pairs: 10,
      informative: 10,
      planar,
      threeD,
      locked: 0,
      marginJudged: 0,
      marginLocked: 0,
      margin3d: 0,
    },
  }));
  const s = new SessionState();
  for (const w of ws) s.add(w);
  return assessPlanar(s);
}

describe('planar: more pairs flat than 3D (a screen of a live head in a hand)', () => {
  test('40 % flat vs 20 % 3D over 200 pairs: REVIEW, with both shares in the text', () => {
    const a = kinds(4, 2);
    expect(a.finding?.code).toBe('PLANAR_MOSTLY_FLAT');
    expect(a.finding?.severity).toBe('review');
    expect(a.finding?.text).toMatch(/40% of 200 moving frame pairs .* only 20%/);
    expect(a.evidence).toBe(0);
  });

  test('60 % flat vs 30 % 3D: soft planar evidence and the REVIEW cap', () => {
    const a = kinds(6, 3);
    expect(a.finding?.severity).toBe('review');
    expect(a.evidence).toBeLessThan(0);
  });

  test('a live head: 30 % flat vs 40 % 3D (the most expressive genuine tune clip: 29 % vs 39 %) keeps its live credit', () => {
    const a = kinds(3, 4);
    expect(a.finding).toBeNull();
    expect(a.evidence).toBeGreaterThan(0);
  });

  test('flat and 3D equal, or too few pairs, or a small flat share: no REVIEW', () => {
    expect(kinds(4, 4).finding?.severity).not.toBe('review');
    expect(FUSION_CONFIG.planar.reviewMinPairs).toBeGreaterThan(30);
    expect(kinds(4, 2, 3).finding).toBeNull(); // 30 pairs
    expect(kinds(2, 1).finding).toBeNull();
  });
});

describe('planar: margins of a face filling the frame', () => {
  test('margins locked in most pairs: their 3D pairs count as flat, soft evidence only', () => {
    // per window: 5 planar, 5 3D (all judged on the margins), margins locked in 8 of 9 pairs
    const a = session({ judged: 9, locked: 8, threeD: 5 }, 5);
    expect(a.value).toBeCloseTo(1, 5);
    expect(a.finding?.code).toBe('PLANAR_MOTION');
    expect(a.finding?.severity).toBe('soft');
    expect(a.evidence).toBeLessThan(0);
    expect(a.note).toMatch(/hair, neck and edges around it moved with it/);
  });

  test('margins locked in a minority of pairs (a live head): the 3D pairs keep their credit', () => {
    const share = FUSION_CONFIG.surround.marginRigidShare;
    const locked = Math.floor(9 * share) - 1;
    const a = session({ judged: 9, locked, threeD: 5 }, 5);
    expect(a.value).toBeCloseTo(0.5, 5);
    expect(a.note).not.toMatch(/hair, neck/);
    // with 5 of 10 pairs 3D counted as 3D the planar evidence is weaker than with them counted flat
    expect(a.evidence).toBeGreaterThan(session({ judged: 9, locked: 8, threeD: 5 }, 5).evidence);
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
