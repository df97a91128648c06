import type { TLatencyStats } from '@/lib/schemas/origin';

/**
 * Response latency vs the network round trip. A person answering a prompt takes a human reaction
 * time plus the path delay; an operator behind a remote desktop or a relay adds that hop's own round
 * trip (and often video encode/decode) to every answer. Outliers are REVIEW evidence only: a
 * slow or distracted genuine candidate looks the same, and we cannot see the hop itself.
 */

export const LATENCY = {
  /** below this many timed answers there is no distribution to speak of */
  minChallenges: 3,
  /** robust outlier: median + k × 1.4826 × MAD (≈ k standard deviations for a normal spread) */
  madK: 3,
  /** and at least this much above the median plus two measured round trips */
  minExcessMs: 1500,
} as const;

export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export interface TTimedAnswer {
  challengeId: string;
  latencyMs: number;
}

/**
 * `answers`: per challenge, the delay from the prompt to the first visible response on the received
 * video (both on the received media clock, so the path there and back is inside it). `rttMs`: the
 * interviewer's measured WebRTC round trips (one per stats window). `flashLagMs`: per colour-flash
 * challenge, the lag at which the face's colour best follows the screen colours; it too holds the
 * round trip (prompt out, reflection back), so `flashExcessMs` = lag − median round trip is what the
 * candidate's side added: screen, camera and encoder (a few hundred ms), plus any hop behind it.
 */
export function latencyStats(
  answers: readonly TTimedAnswer[],
  rttMs: readonly number[],
  flashLagMs: readonly number[] = [],
): { stats: TLatencyStats; outliers: TTimedAnswer[] } {
  const lat = answers.map((a) => a.latencyMs).sort((a, b) => a - b);
  const rtt = [...rttMs].sort((a, b) => a - b);
  const rttP50 = quantile(rtt, 0.5);
  const p50 = quantile(lat, 0.5);
  const flash = [...flashLagMs].sort((a, b) => a - b);
  let threshold: number | null = null;
  if (p50 !== null && lat.length >= LATENCY.minChallenges) {
    const mad = quantile(
      lat.map((x) => Math.abs(x - p50)).sort((a, b) => a - b),
      0.5,
    )!;
    threshold = Math.max(
      p50 + LATENCY.madK * 1.4826 * mad,
      p50 + 2 * (rttP50 ?? 0) + LATENCY.minExcessMs,
    );
  }
  const outliers = threshold === null ? [] : answers.filter((a) => a.latencyMs > threshold!);
  return {
    stats: {
      challengeLatencyMs: lat,
      rttMs: { count: rtt.length, p50: rttP50, p95: quantile(rtt, 0.95) },
      challengeP50Ms: p50,
      challengeP95Ms: quantile(lat, 0.95),
      outlierThresholdMs: threshold,
      flashLagMs: flash,
      flashExcessMs: rttP50 === null ? [] : flash.map((x) => x - rttP50),
    },
    outliers,
  };
}
