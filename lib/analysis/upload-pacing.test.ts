import { describe, expect, test } from 'vitest';
import type { TVerdictResult } from '../schemas/signals';
import { applyUploadPacing, fasterThanRealTime, type AnswerPacing } from './upload-pacing';

const answer = (mediaMs: number, uploadSpanMs: number): AnswerPacing => ({
  answerId: 'a1',
  mediaMs,
  uploadSpanMs,
  sessionOffsetMs: 60_000,
});

describe('fasterThanRealTime', () => {
  test.each([
    // [media ms, upload span ms, flagged]
    [30_000, 31_000, false], // uploaded while recording, last chunk just after the end
    [30_000, 240_000, false], // offline for minutes, resumed: slower is never suspicious
    [30_000, 24_500, false], // within the 20 % slack (recorder flush, clock rounding)
    [30_000, 23_000, true], // 7 s early: the bytes existed before they could be recorded
    [30_000, 2_000, true], // a pre-made file pushed in two seconds
    [4_000, 100, false], // too short to say anything
    [10_000, 7_100, false], // slack is at least 3 s
    [10_000, 6_000, true],
  ])('media %i ms, upload span %i ms → flagged %s', (mediaMs, span, flagged) => {
    expect(fasterThanRealTime([answer(mediaMs, span)]).length > 0).toBe(flagged);
  });

  test('a finding is placed on the session clock', () => {
    const [f] = fasterThanRealTime([answer(30_000, 1_000)]);
    expect(f).toMatchObject({ startMs: 60_000, endMs: 90_000, answerId: 'a1' });
  });
});

const verdict = (label: TVerdictResult['label'], score: number): TVerdictResult => ({
  score,
  label,
  reasons: [],
  configVersion: 'test',
  usableFrames: 100,
  durationMs: 30_000,
});

describe('applyUploadPacing', () => {
  const findings = fasterThanRealTime([answer(30_000, 1_000)]);
  test.each([
    ['PASS', 90, 'REVIEW', 69],
    ['INCONCLUSIVE', 50, 'REVIEW', 50],
    ['REVIEW', 60, 'REVIEW', 60],
    ['FAIL', 10, 'FAIL', 10],
  ] as const)('%s %i → %s %i', (label, score, want, wantScore) => {
    const out = applyUploadPacing(verdict(label, score), findings, 69);
    expect(out.label).toBe(want);
    expect(out.score).toBe(wantScore);
    expect(out.reasons[0]).toMatchObject({
      code: 'UPLOAD_FASTER_THAN_REAL_TIME',
      severity: 'review',
    });
  });

  test('no finding leaves the verdict as it was', () => {
    const v = verdict('PASS', 90);
    expect(applyUploadPacing(v, [], 69)).toBe(v);
  });
});
