import 'server-only';
import { latencyStats, type TTimedAnswer } from '@/lib/analysis/origin/latency';
import { ZDeviceFacts, ZNetworkStatsWindow } from '@/lib/schemas/rooms';
import type { TOriginNetwork } from '@/lib/schemas/origin';
import { db } from '../db';
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

async function loadTimings(sessionId: string) {
  const [challenges, windows] = await Promise.all([
    db.challengeResult.findMany({
      where: { sessionId, latencyMs: { not: null } },
      select: { id: true, latencyMs: true, kind: true, measured: true },
    }),
    db.$queryRaw<Array<{ v: unknown; source: string }>>`
      SELECT "values" AS v, "source"::text AS source FROM "SignalWindow"
      WHERE "sessionId" = ${sessionId} AND "values"->>'kind' IN ('device.facts', 'webrtc.stats')
      ORDER BY "windowStart" DESC LIMIT 600`,
  ]);
  const answers: TTimedAnswer[] = challenges.map((c) => ({
    challengeId: c.id,
    latencyMs: c.latencyMs!,
  }));
  const flashLagMs = challenges.flatMap((c) => {
    const lag = (c.measured as Record<string, unknown> | null)?.lagMs;
    return c.kind.includes('flash') && typeof lag === 'number' ? [lag] : [];
  });
  const rtt = windows.flatMap((w) => {
    if (w.source !== 'TRUSTED') return [];
    const p = ZNetworkStatsWindow.safeParse(w.v);
    return p.success && p.data.rttMs !== null ? [p.data.rttMs] : [];
  });
  const device =
    windows
      .filter((w) => w.source === 'CANDIDATE')
      .map((w) => ZDeviceFacts.safeParse(w.v))
      .find((p) => p.success)?.data ?? null;
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
  const latency = latencyStats(timings.answers, timings.rtt);
  return {
    sessionId,
    interviewId: s.interviewId,
    organizationId: s.interview.organizationId,
    candidate,
    networks,
    reuse,
    device: timings.device,
    flashLagMs: timings.flashLagMs,
    latency,
  };
}
export type TOriginEvidence = Awaited<ReturnType<typeof loadOriginEvidence>>;
