import { describe, expect, test } from 'vitest';
import { ZCreateInterviewInput } from './api';

const base = { title: 'Screen', candidate: { name: 'C', email: 'c@example.test' } };
const q = { prompt: 'Tell us', thinkSeconds: 10, maxAnswerSeconds: 60, retakesAllowed: 1 };
const ok = (v: unknown) => ZCreateInterviewInput.safeParse(v).success;

describe('creating an interview: questions', () => {
  test('a recorded interview needs 1–10 questions; a live one takes none', () => {
    expect(ok({ ...base, kind: 'ASYNC', questions: [q] })).toBe(true);
    expect(ok({ ...base, kind: 'ASYNC' })).toBe(false);
    expect(ok({ ...base, kind: 'ASYNC', questions: [] })).toBe(false);
    expect(ok({ ...base, kind: 'ASYNC', questions: Array.from({ length: 11 }, () => q) })).toBe(
      false,
    );
    expect(ok({ ...base, kind: 'LIVE' })).toBe(true);
    expect(ok({ ...base, kind: 'LIVE', questions: [q] })).toBe(false);
  });

  test('each question is bounded: text, think time, answer length, retakes 0–2, no extra keys', () => {
    const bad = [
      { ...q, prompt: 'x' },
      { ...q, prompt: 'y'.repeat(1001) },
      { ...q, thinkSeconds: -1 },
      { ...q, thinkSeconds: 601 },
      { ...q, maxAnswerSeconds: 9 },
      { ...q, maxAnswerSeconds: 601 },
      { ...q, retakesAllowed: 3 },
      { ...q, retakesAllowed: 1.5 },
      { ...q, position: 4 },
    ];
    for (const b of bad) expect(ok({ ...base, kind: 'ASYNC', questions: [b] })).toBe(false);
    expect(ok({ ...base, kind: 'ASYNC', questions: [{ ...q, retakesAllowed: 2 }] })).toBe(true);
  });
});
