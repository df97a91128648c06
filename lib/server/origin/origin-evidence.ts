import 'server-only';
import { latencyStats, type TTimedAnswer } from '@/lib/analysis/origin/latency';
import { ZStoredChallengeMeasured } from '@/lib/schemas/challenges';
import type { TOriginNetwork } from '@/lib/schemas/origin';
import { db } from '../db';
import { loadDeviceEvidence } from '../evidence/load-session-evidence';
import { findReuse, type TReuseHit } from './reuse-queries';

/**
 * The one reader of a session's origin evidence (server-observed addresses of its interview,
 * candidate-reported device facts, challenge latencies, measured round trips, reuse across the
 * organization); the alerts, the report section and the JSON export all go through it.
 */

const MAX_NETWORKS = 50;

async function loadSubject(sessionId: string) {
  return db.session.findUniqueOrThrow({
    where: { id: sessionId },
    select: {
      id: true,
      interviewId: true,
      interview: {
        select: {
          organizationId: true,
          candidate: {
            select: {
              id: true,
              name: true,
              email: true,
              claimedCountry: true,
              claimedTimeZone: true,
            },
          },
        },
      },
    },
  });
}

function groupNetworks(rows: Awaited<ReturnType<typeof loadObservations>>): TOriginNetwork[] {
  const byIp = new Map<string, TOriginNetwork>();
  for (const r of rows) {
    const seen = r.seenAt.toISOString();
    const n = byIp.get(r.ip);
    if (!n) {
      byIp.set(r.ip, {
        ip: r.ip,
        networkPrefix: r.networkPrefix,
        ipClass: r.ipClass as TOriginNetwork['ipClass'],
        asn: r.asn,
        asOrganization: r.asOrganization,
        country: r.country,
        flags: r.flags,
        routes: [r.route],
        firstSeenAt: seen,
        lastSeenAt: seen,
        requests: 1,
      });
      continue;
    }
    n.requests += 1;
    if (!n.routes.includes(r.route)) n.routes.push(r.route);
    if (seen < n.firstSeenAt) n.firstSeenAt = seen;
    if (seen > n.lastSeenAt) n.lastSeenAt = seen;
  }
  return [...byIp.values()].slice(0, MAX_NETWORKS);
}

function loadObservations(interviewId: string) {
  return db.originObservation.findMany({
    where: { interviewId },
    orderBy: { seenAt: 'asc' },
    take: 500,
  });
}

/**
 * Challenge latencies, colour-flash lags and round trips. The flash lag sits in the stored verdict's
 * `values` (ZStoredChallengeMeasured); device facts and round trips come from the one evidence
 * reader (the stored device row carries `inviteId`, which the strict ZDeviceFacts refuses).
 */
async function loadTimings(sessionId: string) {
  const [challenges, { device, network }] = await Promise.all([
    db.challengeResult.findMany({
      where: { sessionId },
      orderBy: { issuedAt: 'asc' },
      take: 200,
      select: { id: true, latencyMs: true, kind: true, measured: true },
    }),
    loadDeviceEvidence(sessionId),
  ]);
  const answers: TTimedAnswer[] = challenges.flatMap((c) =>
    c.latencyMs === null ? [] : [{ challengeId: c.id, latencyMs: c.latencyMs }],
  );
  const flashLagMs = challenges.flatMap((c) => {
    if (c.kind !== 'flash') return [];
    const m = ZStoredChallengeMeasured.safeParse(c.measured);
    const lag = m.success && m.data.type === 'verdict' ? m.data.values.lagMs : undefined;
    return typeof lag === 'number' ? [lag] : [];
  });
  const rtt = network.flatMap((w) => (w.rttMs === null ? [] : [w.rttMs]));
  return { answers, flashLagMs, rtt, device };
}

export async function loadOriginEvidence(sessionId: string, now = new Date()) {
  const s = await loadSubject(sessionId);
  const candidate = s.interview.candidate;
  const [rows, timings] = await Promise.all([
    loadObservations(s.interviewId),
    loadTimings(sessionId),
  ]);
  const networks = groupNetworks(rows);
  const publicNets = networks.filter((n) => n.ipClass === 'public');
  const devices = [
    ...new Set(rows.flatMap((r) => (r.deviceFingerprint ? [r.deviceFingerprint] : []))),
  ];
  const reuse: TReuseHit[] = await findReuse(
    { organizationId: s.interview.organizationId, candidateId: candidate.id, ...candidate },
    {
      ips: publicNets.map((n) => n.ip),
      prefixes: [...new Set(publicNets.map((n) => n.networkPrefix))],
      devices,
    },
    now,
  );
  const latency = latencyStats(timings.answers, timings.rtt, timings.flashLagMs);
  return {
    sessionId,
    interviewId: s.interviewId,
    organizationId: s.interview.organizationId,
    candidate,
    networks,
    reuse,
    device: timings.device,
    latency,
  };
}
export type TOriginEvidence = Awaited<ReturnType<typeof loadOriginEvidence>>;
