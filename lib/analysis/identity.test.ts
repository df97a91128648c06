import { describe, expect, it } from 'vitest';
import { ZWindowSignals } from '../schemas/signals';
import { fuseSession, windowize } from './session';
import { FUSION_CONFIG } from './fusion-config';
import { buildTemplate, distance, hamming, matchTemplates, signBits } from './identity';
import { assessIdentity, clock, detectIdentityDrift } from './identity-drift';
import { identityFrames, identitySamples, noisy, person } from './testing/identity';
import { rng as baseRng } from './testing/synthetic-face';

function rng(seed: number): () => number {
  return baseRng(seed);
}
const frame = noisy;
const session = identitySamples;

const A = person(1);
const B = person(2);
const T = FUSION_CONFIG.identity.matchDistance;

describe('identity matching', () => {
  it('separates the synthetic people at the configured threshold', () => {
    const r = rng(3);
    expect(distance(frame(A, r), frame(A, r))).toBeLessThan(T);
    expect(distance(frame(A, r), frame(B, r))).toBeGreaterThan(T);
  });

  it('builds a template from the main face only and matches it to another session of that person', () => {
    const s1 = session([
      [A, 0, 20],
      [B, 20, 23],
    ]);
    const t1 = buildTemplate(s1);
    expect(t1?.n).toBe(20);
    expect(t1?.exemplars).toHaveLength(FUSION_CONFIG.identity.templateExemplars);
    const t2 = buildTemplate(session([[A, 0, 10]], 11));
    const t3 = buildTemplate(session([[B, 0, 10]], 12));
    expect(t1 && t2 && matchTemplates(t1, t2).match).toBe(true);
    expect(t1 && t3 && matchTemplates(t1, t3).match).toBe(false);
  });

  it('refuses a template from too few agreeing descriptors', () => {
    expect(buildTemplate(session([[A, 0, 2]]))).toBeNull();
    expect(buildTemplate([])).toBeNull();
  });

  it('sign hashes of the same person are closer than of different people', () => {
    const r = rng(5);
    const same = hamming(signBits(frame(A, r)), signBits(frame(A, r)));
    const diff = hamming(signBits(frame(A, r)), signBits(frame(B, r)));
    expect(same).toBeLessThan(diff);
    expect(hamming(signBits(A), signBits(A))).toBe(0);
  });
});

describe('identity drift', () => {
  it('reports nothing for one person throughout', () => {
    const a = assessIdentity(session([[A, 0, 60]]));
    expect(a.informative).toBe(true);
    expect(a.finding).toBeNull();
    expect(a.note).toMatch(/same face throughout/);
  });

  it('reports a takeover with its start time, as REVIEW', () => {
    const a = assessIdentity(
      session([
        [A, 0, 42],
        [B, 42, 48],
      ]),
    );
    expect(a.finding?.code).toBe('identity_change');
    expect(a.finding?.severity).toBe('review');
    expect(a.finding?.startMs).toBe(42_000);
    expect(a.finding?.text).toMatch(/a different person appears from 0:42/);
  });

  it('is hard only for a long, clear change', () => {
    const a = assessIdentity(
      session([
        [A, 0, 30],
        [B, 30, 90],
      ]),
    );
    expect(a.finding?.severity).toBe('hard');
  });

  it('reports a swap that briefly reverts to another face', () => {
    const d = detectIdentityDrift(
      session([
        [A, 0, 20],
        [B, 20, 21],
        [A, 21, 40],
      ]),
    );
    expect(d?.episodes).toEqual([expect.objectContaining({ kind: 'flicker', startMs: 20_000 })]);
    const a = assessIdentity(
      session([
        [A, 0, 20],
        [B, 20, 21],
        [A, 21, 40],
      ]),
    );
    expect(a.finding?.text).toMatch(/briefly changes to another person at 0:20/);
  });

  it('is uninformative without an opening reference', () => {
    expect(assessIdentity(session([[A, 0, 2]])).informative).toBe(false);
  });

  it('formats clock times', () => {
    expect(clock(42_000)).toBe('0:42');
    expect(clock(125_400)).toBe('2:05');
  });
});

describe('identity through windows and fusion', () => {
  it('carries descriptors in the windows and turns a takeover into a REVIEW reason', () => {
    const windows = windowize(
      identityFrames([
        [A, 0, 20],
        [B, 20, 30],
      ]),
      null,
    );
    expect(windows.flatMap((w) => w.identity ?? []).length).toBeGreaterThanOrEqual(28);
    for (const w of windows) expect(ZWindowSignals.safeParse(w).success).toBe(true);
    const v = fuseSession(windows);
    const reason = v.reasons.find((r) => r.signal === 'identity');
    expect(reason?.text).toMatch(/a different person appears from 0:2[01]/);
    expect(v.label).not.toBe('PASS');
  });
});
