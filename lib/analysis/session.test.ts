import { describe, expect, test } from 'vitest';
import { ZVerdictResult, ZWindowSignals, type TChallengeSummary } from '../schemas/signals';
import { FUSION_CONFIG } from './fusion-config';
import { analyzeRecording, fuseSession, LiveAnalyzer, windowize } from './session';
import { genuineSession, photoSession, speechAudio } from './testing/scenarios';

const genuine = genuineSession(40_000);
const audio = speechAudio(40_000);
const genuineWindows = windowize(genuine, audio);

describe('windows', () => {
  test('one compact, schema-valid record per second', () => {
    expect(genuineWindows).toHaveLength(40);
    for (const w of genuineWindows) expect(ZWindowSignals.safeParse(w).success).toBe(true);
    expect(JSON.stringify(genuineWindows[5]).length).toBeLessThan(2500);
  });

  test('LiveAnalyzer produces the same windows and verdict as windowize + fuseSession', () => {
    const live = new LiveAnalyzer();
    live.pushAudio(audio);
    const windows = genuine.flatMap((f) => live.pushFrame(f) ?? []);
    const last = live.flush();
    if (last) windows.push(last);
    expect(windows).toEqual(genuineWindows);
    expect(live.verdict()).toEqual(fuseSession(genuineWindows));
  });
});

describe('fusion', () => {
  test.each([
    ['genuine-like 40 s with speech', 'PASS', null, () => analyzeRecording(genuine, audio)],
    [
      'photo moved in front of the camera',
      'FAIL',
      'PLANAR_MOTION',
      () => analyzeRecording(photoSession(5000), null),
    ],
    ['photo, 20 s', 'FAIL', 'PLANAR_MOTION', () => analyzeRecording(photoSession(20_000), null)],
    [
      'too few frames (0.5 s)',
      'INCONCLUSIVE',
      null,
      () => analyzeRecording(genuineSession(500), null),
    ],
    [
      'short genuine clip (3 s, 12 fps) is never FAIL',
      ['INCONCLUSIVE', 'REVIEW', 'PASS'],
      null,
      () => analyzeRecording(genuineSession(3000, { fps: 12 }), null),
    ],
    [
      'frozen feed for 8 s',
      'FAIL',
      'FROZEN_FEED',
      () => analyzeRecording(genuineSession(20_000, { frozen: [5, 13] }), null),
    ],
    [
      'anti-spoof says spoof on frontal frames',
      'FAIL',
      'ANTISPOOF_SPOOF',
      () => analyzeRecording(genuineSession(20_000, { antiSpoofReal: 0.03 }), null),
    ],
  ] as const)('%s -> %s (%s)', (_name, label, code, run) => {
    const { verdict } = run();
    expect(ZVerdictResult.safeParse(verdict).success).toBe(true);
    if (Array.isArray(label)) expect(label).toContain(verdict.label);
    else expect(verdict.label).toBe(label);
    if (code) expect(verdict.reasons[0]?.code).toBe(code);
    expect(verdict.configVersion).toBe(FUSION_CONFIG.version);
  });

  test('a replayed segment is a hard FAIL with its time range', () => {
    const frames = genuineSession(30_000);
    // replay seconds 5..9 at 20..24 (hashes and everything else copied, like a looped recording)
    const out = frames.map((f) => {
      if (f.t < 20_000 || f.t >= 24_000) return f;
      const src = frames.find((g) => Math.abs(g.t - (f.t - 15_000)) < 26);
      return src?.face ? { ...f, face: { ...src.face } } : f;
    });
    const { verdict } = analyzeRecording(out, null);
    const loop = verdict.reasons.find((r) => r.code === 'REPLAY_LOOP');
    expect(verdict.label).toBe('FAIL');
    expect(loop?.startMs).toBeGreaterThanOrEqual(19_900);
    expect(loop?.endMs).toBeLessThanOrEqual(24_100);
  });

  test.each([
    [
      'voice 400 ms after the mouth, seen in one speech segment only',
      'LIPSYNC_LAG',
      () =>
        analyzeRecording(
          genuine.filter((f) => f.t < 8000),
          speechAudio(8000, 400),
        ),
    ],
    [
      'voice while the mouth does not move',
      'LIPSYNC_NO_MOUTH',
      () => analyzeRecording(genuineSession(40_000, { jawOpen: () => 0.02, noisePx: 0.2 }), audio),
    ],
  ] as const)('%s -> REVIEW (%s)', (_name, code, run) => {
    const { verdict } = run();
    expect(verdict.label).toBe('REVIEW');
    expect(verdict.reasons[0]?.code).toBe(code);
    expect(verdict.reasons[0]?.severity).toBe('review');
  });

  test('a constant 400 ms voice offset over the whole clip (device delay) is shown, not capped', () => {
    const { verdict } = analyzeRecording(genuine, speechAudio(40_000, 400));
    const r = verdict.reasons.find((x) => x.code === 'LIPSYNC_CONSTANT_OFFSET');
    expect(r?.severity).toBe('soft');
    expect(verdict.reasons.some((x) => x.code === 'LIPSYNC_LAG')).toBe(false);
    expect(verdict.label).toBe('PASS');
  });

  test('a voice offset that drifts over the clip stays a review rule', () => {
    const env = speechAudio(40_000, 0);
    const drifting = {
      ...env,
      rms: env.rms.map((_, i) => env.rms[Math.max(0, i - Math.round(i / 80))] ?? 0),
    };
    const { verdict } = analyzeRecording(genuine, drifting);
    expect(verdict.reasons.find((x) => x.code === 'LIPSYNC_LAG')?.severity).toBe('review');
  });

  test.each<[string, TChallengeSummary['outcome'], TChallengeSummary['kind'], string]>([
    ['failed profile challenge', 'fail', 'profile_left', 'FAIL'],
    ['passed profile challenge', 'pass', 'profile_left', 'PASS'],
  ])('%s', (_name, outcome, kind, label) => {
    const challenges: TChallengeSummary[] = [
      { id: 'c1', kind, outcome, startMs: 10_000, endMs: 14_000 },
    ];
    expect(fuseSession(genuineWindows, { challenges }).label).toBe(label);
  });

  test('reasons are sorted: hard, then review rules, then by impact', () => {
    const { verdict } = analyzeRecording(photoSession(8000), null);
    const impacts = verdict.reasons
      .filter((r) => r.severity === 'soft')
      .map((r) => Math.abs(r.impact));
    expect(verdict.reasons[0]?.severity).toBe('hard');
    expect(impacts).toEqual([...impacts].sort((a, b) => b - a));
  });

  test('analyzeRecording gives a summary for every signal', () => {
    const { signals } = analyzeRecording(genuine, audio);
    expect(signals.map((s) => s.signal)).toEqual([
      'presence',
      'pose',
      'blink',
      'jitter',
      'planar',
      'frozen',
      'loop',
      'antiSpoof',
      'texture',
      'rppg',
      'lipSync',
      'challenge',
      'cadence',
      'cadenceFold',
      'seam',
      'resolution',
      'flicker',
      'geometry',
      'identity',
      'displayGrid',
    ]);
    const rppg = signals.find((s) => s.signal === 'rppg');
    expect(Math.abs((rppg?.value ?? 0) - 72)).toBeLessThanOrEqual(5);
    const lip = signals.find((s) => s.signal === 'lipSync');
    expect(lip?.informative).toBe(true);
  });
});

describe('window schema', () => {
  test.each([
    ['misaligned hashT', { hashT: [] }],
    ['window longer than 5 s', { endMs: 1_000_000 }],
    [
      'unbounded hash list',
      { hashes: Array(200).fill('0123456789abcdef'), hashT: Array(200).fill(0) },
    ],
  ])('rejects %s', (_name, patch) => {
    const w = genuineWindows[3];
    expect(ZWindowSignals.safeParse({ ...w, ...patch }).success).toBe(false);
  });
});

describe('long genuine sessions', () => {
  test('a 5-minute synthetic live candidate is PASS (no false replay loop)', async () => {
    const { genuineSession } = await import('./testing/scenarios');
    const { analyzeRecording } = await import('./session');
    const r = analyzeRecording(genuineSession(300_000), null);
    expect(r.verdict.label).toBe('PASS');
    expect(r.verdict.reasons.map((x) => x.code)).not.toContain('REPLAY_LOOP');
  }, 60_000);
});
