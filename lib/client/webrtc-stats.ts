import type { TNetworkStatsWindow } from '@/lib/schemas/rooms';

/**
 * Reduces an RTCStatsReport of the RECEIVED candidate video (RemoteVideoTrack.getRTCStatsReport())
 * to one window of figures. Pure: works on any Map-like of stats objects, so it is unit-tested in
 * Node with recorded reports.
 */

type TStat = Record<string, unknown> & { type?: unknown; id?: unknown };
export type TStatsLike = { forEach(cb: (value: TStat, key: string) => void): void };

/** Cumulative counters from the previous sample, to turn totals into per-window rates. */
export interface TInboundCounters {
  atMs: number;
  packetsReceived: number;
  packetsLost: number;
  framesDecoded: number;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const CANDIDATE_TYPES = ['host', 'srflx', 'prflx', 'relay'] as const;
type TCandidateType = (typeof CANDIDATE_TYPES)[number];
const candidateType = (v: unknown): TCandidateType | null =>
  CANDIDATE_TYPES.find((t) => t === v) ?? null;

function index(report: TStatsLike): Map<string, TStat> {
  const byId = new Map<string, TStat>();
  report.forEach((value, key) => byId.set(typeof value.id === 'string' ? value.id : key, value));
  return byId;
}

function selectedPair(byId: Map<string, TStat>): TStat | undefined {
  for (const s of byId.values()) {
    if (s.type === 'transport' && typeof s.selectedCandidatePairId === 'string') {
      const pair = byId.get(s.selectedCandidatePairId);
      if (pair) return pair;
    }
  }
  const pairs = [...byId.values()].filter((s) => s.type === 'candidate-pair');
  return (
    pairs.find((p) => p.selected === true) ??
    pairs.find((p) => p.nominated === true && p.state === 'succeeded')
  );
}

export type TWindowFigures = Omit<
  TNetworkStatsWindow,
  'windowStart' | 'windowEnd' | 'participantIdentity' | 'kind' | 'v'
>;

/** Figures for one window plus the counters to pass in next time. Null when no inbound video yet. */
export function summariseInboundVideo(
  report: TStatsLike,
  nowMs: number,
  prev: TInboundCounters | null,
): { figures: TWindowFigures; counters: TInboundCounters } | null {
  const byId = index(report);
  const inbound = [...byId.values()].find(
    (s) => s.type === 'inbound-rtp' && (s.kind === 'video' || s.mediaType === 'video'),
  );
  if (!inbound) return null;
  const pair = selectedPair(byId);
  const local =
    pair && typeof pair.localCandidateId === 'string' ? byId.get(pair.localCandidateId) : undefined;
  const remote =
    pair && typeof pair.remoteCandidateId === 'string'
      ? byId.get(pair.remoteCandidateId)
      : undefined;
  const codec = typeof inbound.codecId === 'string' ? byId.get(inbound.codecId) : undefined;
  const counters: TInboundCounters = {
    atMs: nowMs,
    packetsReceived: num(inbound.packetsReceived) ?? 0,
    packetsLost: num(inbound.packetsLost) ?? 0,
    framesDecoded: num(inbound.framesDecoded) ?? 0,
  };
  const dRecv = prev ? counters.packetsReceived - prev.packetsReceived : counters.packetsReceived;
  const dLost = prev ? counters.packetsLost - prev.packetsLost : counters.packetsLost;
  const dtS = prev ? (nowMs - prev.atMs) / 1000 : 0;
  const measuredFps = prev && dtS > 0 ? (counters.framesDecoded - prev.framesDecoded) / dtS : null;
  const rtt = num(pair?.currentRoundTripTime);
  const jitter = num(inbound.jitter);
  const protocol = str(local?.protocol);
  const figures: TWindowFigures = {
    rttMs: rtt === null ? null : Math.min(600_000, rtt * 1000),
    jitterMs: jitter === null ? null : Math.min(600_000, jitter * 1000),
    packetsReceived: counters.packetsReceived,
    packetsLost: counters.packetsLost,
    lossRate: dRecv + dLost > 0 ? Math.min(1, Math.max(0, dLost / (dRecv + dLost))) : null,
    framesPerSecond: clampRate(num(inbound.framesPerSecond) ?? measuredFps),
    framesDecoded: counters.framesDecoded,
    frameWidth: num(inbound.frameWidth),
    frameHeight: num(inbound.frameHeight),
    codec: str(codec?.mimeType)?.slice(0, 64) ?? null,
    localCandidateType: candidateType(local?.candidateType),
    remoteCandidateType: candidateType(remote?.candidateType),
    protocol: protocol === 'udp' || protocol === 'tcp' ? protocol : null,
  };
  return { figures, counters };
}

const clampRate = (v: number | null) => (v === null ? null : Math.min(1000, Math.max(0, v)));
