import { describe, expect, test } from 'vitest';
import { summariseInboundVideo, type TStatsLike } from './webrtc-stats';

const report = (stats: Array<Record<string, unknown>>): TStatsLike =>
  new Map(stats.map((s) => [String(s.id), s]));

const base = [
  {
    id: 'IT01V',
    type: 'inbound-rtp',
    kind: 'video',
    packetsReceived: 1000,
    packetsLost: 10,
    framesDecoded: 300,
    framesPerSecond: 15,
    frameWidth: 640,
    frameHeight: 480,
    jitter: 0.004,
    codecId: 'C1',
  },
  { id: 'C1', type: 'codec', mimeType: 'video/VP8' },
  { id: 'T1', type: 'transport', selectedCandidatePairId: 'CP1' },
  {
    id: 'CP1',
    type: 'candidate-pair',
    localCandidateId: 'L1',
    remoteCandidateId: 'R1',
    currentRoundTripTime: 0.012,
  },
  { id: 'L1', type: 'local-candidate', candidateType: 'host', protocol: 'udp' },
  { id: 'R1', type: 'remote-candidate', candidateType: 'relay', protocol: 'udp' },
];

describe('summariseInboundVideo', () => {
  test('reads the received video, its codec and the selected candidate pair', () => {
    const out = summariseInboundVideo(report(base), 10_000, null);
    expect(out?.figures).toMatchObject({
      rttMs: 12,
      jitterMs: 4,
      framesPerSecond: 15,
      frameWidth: 640,
      frameHeight: 480,
      codec: 'video/VP8',
      localCandidateType: 'host',
      remoteCandidateType: 'relay',
      protocol: 'udp',
    });
    expect(out?.figures.lossRate).toBeCloseTo(10 / 1010);
  });

  test.each([
    ['no inbound video', base.filter((s) => s.type !== 'inbound-rtp'), null],
    ['audio only', [{ ...base[0], kind: 'audio' }], null],
  ])('%s → null', (_name, stats, expected) => {
    expect(summariseInboundVideo(report(stats), 0, null)).toBe(expected);
  });

  test('loss rate and fps are per window, from counter deltas', () => {
    const prev = { atMs: 6_000, packetsReceived: 900, packetsLost: 10, framesDecoded: 240 };
    const stats = [{ ...base[0], framesPerSecond: undefined, packetsLost: 20 }, ...base.slice(1)];
    const out = summariseInboundVideo(report(stats), 10_000, prev);
    expect(out?.figures.lossRate).toBeCloseTo(10 / 110);
    expect(out?.figures.framesPerSecond).toBeCloseTo(15);
  });

  test('falls back to the selected candidate-pair flag and ignores unknown candidate types', () => {
    const stats = [
      base[0]!,
      {
        id: 'CP2',
        type: 'candidate-pair',
        selected: true,
        localCandidateId: 'L2',
        remoteCandidateId: 'R2',
      },
      { id: 'L2', type: 'local-candidate', candidateType: 'weird', protocol: 'tcp' },
      { id: 'R2', type: 'remote-candidate', candidateType: 'srflx' },
    ];
    const out = summariseInboundVideo(report(stats), 0, null);
    expect(out?.figures).toMatchObject({
      localCandidateType: null,
      remoteCandidateType: 'srflx',
      protocol: 'tcp',
      rttMs: null,
    });
  });
});
