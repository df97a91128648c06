import { describe, expect, test } from 'vitest';
import { CHALLENGE_KINDS } from '@/lib/schemas/signals';
import { RANDOM_CHALLENGE_KINDS, randomKind, randomParams } from './challenge-params';

describe('random challenge draws', () => {
  test('never blink twice or smile (a replayed talker passes them by chance), every other kind', () => {
    const seen = new Set(Array.from({ length: 2000 }, () => randomKind()));
    expect(seen.has('blink_twice')).toBe(false);
    expect(seen.has('smile')).toBe(false);
    expect([...seen].sort()).toEqual([...RANDOM_CHALLENGE_KINDS].sort());
    expect(RANDOM_CHALLENGE_KINDS.length).toBe(CHALLENGE_KINDS.length - 2);
  });

  test('params follow the kind', () => {
    expect(randomParams('read_phrase').type).toBe('phrase');
    expect(randomParams('flash').type).toBe('flash');
    expect(randomParams('hand_occlusion').type).toBe('none');
  });
});
