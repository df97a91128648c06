import { describe, expect, test } from 'vitest';
import { LATENCY, latencyStats } from './latency';
import { countriesOfTimeZone, describeMismatch, originMismatches } from './origin-rules';

describe('originMismatches', () => {
  const base = {
    ipCountry: 'US',
    claimedCountry: null,
    claimedTimeZone: null,
    browserTimeZone: null,
  };
  test.each([
    [{}, []],
    [{ claimedCountry: 'US', browserTimeZone: 'America/Chicago' }, []],
    [{ claimedCountry: 'us' }, []],
    [{ claimedCountry: 'DE' }, ['claimed-country']],
    [{ browserTimeZone: 'Asia/Pyongyang' }, ['browser-timezone']],
    [{ browserTimeZone: 'Not/AZone' }, []],
    [
      { claimedTimeZone: 'Europe/Berlin', browserTimeZone: 'Europe/Berlin' },
      ['browser-timezone', 'claimed-timezone'],
    ],
    [{ ipCountry: null, claimedCountry: 'DE' }, []],
  ])('%j → %j', (over, expected) => {
    expect(originMismatches({ ...base, ...over })).toEqual(expected);
  });

  test('aliases resolve to their zone', () => {
    expect(countriesOfTimeZone('US/Eastern')).toContain('US');
  });

  test('the summary names each disagreement', () => {
    const c = { ...base, claimedCountry: 'DE', browserTimeZone: 'Asia/Seoul' };
    const text = describeMismatch(c, originMismatches(c));
    expect(text).toContain('claimed country is DE');
    expect(text).toContain('Asia/Seoul (candidate-reported)');
  });
});

describe('latencyStats', () => {
  const a = (ms: number[]) => ms.map((latencyMs, i) => ({ challengeId: `c${i}`, latencyMs }));
  test('too few answers: no threshold, no outlier', () => {
    const r = latencyStats(a([900, 9000]), [40]);
    expect(r.stats.outlierThresholdMs).toBeNull();
    expect(r.outliers).toEqual([]);
  });
  test('one answer far above the rest and the round trip is an outlier', () => {
    const r = latencyStats(a([800, 950, 900, 1000, 7000]), [50, 60, 70]);
    expect(r.stats.challengeP50Ms).toBe(950);
    expect(r.stats.rttMs.p50).toBe(60);
    expect(r.outliers.map((o) => o.latencyMs)).toEqual([7000]);
  });
  test('a spread within the floor is not an outlier', () => {
    const r = latencyStats(a([800, 820, 840, 860, 800 + LATENCY.minExcessMs]), [100]);
    expect(r.outliers).toEqual([]);
  });
});

describe('latencyStats: distribution and colour-flash lag against the round trip', () => {
  const a = (ms: number[]) => ms.map((latencyMs, i) => ({ challengeId: `c${i}`, latencyMs }));
  test('sorted lags, p95, and each lag minus the median round trip', () => {
    const r = latencyStats(a([1200, 800, 1000]), [80, 120, 100], [450, 300]);
    expect(r.stats.challengeLatencyMs).toEqual([800, 1000, 1200]);
    expect(r.stats.challengeP95Ms).toBeCloseTo(1180);
    expect(r.stats.flashLagMs).toEqual([300, 450]);
    expect(r.stats.flashExcessMs).toEqual([200, 350]);
  });
  test('without a measured round trip there is no excess to report', () => {
    const r = latencyStats(a([900]), [], [400]);
    expect(r.stats.rttMs).toEqual({ count: 0, p50: null, p95: null });
    expect(r.stats.flashLagMs).toEqual([400]);
    expect(r.stats.flashExcessMs).toEqual([]);
  });
  test('a long round trip raises the threshold: the same answer is no outlier on a slow path', () => {
    const answers = a([800, 850, 900, 950, 3200]);
    expect(latencyStats(answers, [40]).outliers).toHaveLength(1);
    expect(latencyStats(answers, [900]).outliers).toEqual([]);
  });
  test('flash lags never make an answer an outlier (they are shown, not judged)', () => {
    const r = latencyStats(a([800, 850, 900]), [50], [1900, 1950, 2000]);
    expect(r.outliers).toEqual([]);
  });
});
