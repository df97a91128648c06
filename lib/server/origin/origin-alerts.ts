import 'server-only';
import type { AlertKind, Prisma } from '@prisma/client';
import { describeMismatch, originMismatches } from '@/lib/analysis/origin/origin-rules';
import {
  ZAnonymisedNetworkDetails,
  ZDeviceReuseDetails,
  ZLatencyOutlierDetails,
  ZNetworkReuseDetails,
  ZOriginMismatchDetails,
  ZNetworkKind,
} from '@/lib/schemas/origin';
import { db } from '../db';
import { loadOriginEvidence, type TOriginEvidence } from './origin-evidence';
import { REUSE_WINDOW_DAYS, type TReuseHit } from './reuse-queries';

/**
 * Origin alerts (SessionAlert rows): REVIEW evidence for a person, never a rejection. Recomputing
 * is idempotent: one row per (session, dedupeKey); a recompute refreshes the details and leaves
 * the reviewer's status alone.
 */

interface TAlertDraft {
  kind: AlertKind;
  dedupeKey: string;
  relatedInterviewId?: string;
  details: Prisma.InputJsonObject;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function reuseAlerts(hits: TReuseHit[]): TAlertDraft[] {
  const groups = new Map<string, TReuseHit[]>();
  for (const h of hits)
    groups.set(`${h.match}|${h.network}`, [...(groups.get(`${h.match}|${h.network}`) ?? []), h]);
  return [...groups.values()].map((g) => {
    const first = g[0]!;
    const others = [...new Set(g.map((h) => h.candidateId))].length;
    const interviews = [...new Set(g.map((h) => h.interviewId))].slice(0, 20);
    const names = [...new Set(g.map((h) => h.candidateName))].slice(0, 5).join(', ');
    if (first.match === 'device') {
      return {
        kind: 'DEVICE_REUSE',
        dedupeKey: `device:${first.network}`,
        relatedInterviewId: first.interviewId,
        details: ZDeviceReuseDetails.parse({
          summary: `${plural(others, 'other candidate', 'other candidates')} (${names}) reported the same camera, screen and platform (candidate-reported, untrusted).`,
          source: 'CANDIDATE',
          fingerprint: first.network,
          otherCandidates: others,
          otherInterviewIds: interviews,
        }),
      };
    }
    const where =
      first.match === 'ip'
        ? `the same address (${first.network})`
        : `the same network (${first.network})`;
    return {
      kind: 'NETWORK_REUSE',
      dedupeKey: `network:${first.match}:${first.network}`,
      relatedInterviewId: first.interviewId,
      details: ZNetworkReuseDetails.parse({
        summary: `${plural(others, 'other candidate', 'other candidates')} joined from ${where} in the last ${REUSE_WINDOW_DAYS} days: ${names}.`,
        match: first.match,
        network: first.network,
        otherCandidates: others,
        windowDays: REUSE_WINDOW_DAYS,
        otherInterviewIds: interviews,
      }),
    };
  });
}

function networkAlerts(e: TOriginEvidence): TAlertDraft[] {
  return e.networks.flatMap((n) => {
    const kinds = ZNetworkKind.array().parse(
      n.flags.filter((f) => ZNetworkKind.safeParse(f).success),
    );
    if (kinds.length === 0) return [];
    const who = n.asOrganization ? `${n.asOrganization} (AS${n.asn})` : `AS${n.asn}`;
    return [
      {
        kind: 'ANONYMISED_NETWORK' as const,
        dedupeKey: `anon:${n.ip}`,
        details: ZAnonymisedNetworkDetails.parse({
          summary: `The candidate connected from ${n.ip}, a ${kinds.join('/')} network of ${who}: the person may be elsewhere.`,
          ip: n.ip,
          asn: n.asn,
          asOrganization: n.asOrganization,
          kinds,
          matched: [who],
        }),
      },
    ];
  });
}

/** The country most of the candidate's public requests came from. */
function mainCountry(e: TOriginEvidence): string | null {
  const count = new Map<string, number>();
  for (const n of e.networks) {
    if (n.ipClass === 'public' && n.country)
      count.set(n.country, (count.get(n.country) ?? 0) + n.requests);
  }
  return [...count.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

function mismatchAlerts(e: TOriginEvidence): TAlertDraft[] {
  const claims = {
    ipCountry: mainCountry(e),
    claimedCountry: e.candidate.claimedCountry,
    claimedTimeZone: e.candidate.claimedTimeZone,
    browserTimeZone: e.device?.timeZone || null,
  };
  const mismatches = originMismatches(claims);
  if (mismatches.length === 0) return [];
  return [
    {
      kind: 'ORIGIN_MISMATCH',
      dedupeKey: `origin:${claims.ipCountry}`,
      details: ZOriginMismatchDetails.parse({
        summary: describeMismatch(claims, mismatches),
        ipCountry: claims.ipCountry,
        claimedCountry: claims.claimedCountry,
        browserTimeZone: claims.browserTimeZone,
        mismatches,
      }),
    },
  ];
}

function latencyAlerts(e: TOriginEvidence): TAlertDraft[] {
  const { stats, outliers } = e.latency;
  if (outliers.length === 0) return [];
  const rtt = stats.rttMs.p50 === null ? 'unmeasured' : `${Math.round(stats.rttMs.p50)} ms`;
  return [
    {
      kind: 'LATENCY_OUTLIER',
      dedupeKey: 'latency',
      details: ZLatencyOutlierDetails.parse({
        summary: `${plural(outliers.length, 'challenge answer', 'challenge answers')} took far longer than the others (median ${Math.round(stats.challengeP50Ms ?? 0)} ms, network round trip ${rtt}); a relay or remote-desktop hop adds delay, so does a distracted candidate.`,
        challengeLatencyP50Ms: stats.challengeP50Ms,
        rttP50Ms: stats.rttMs.p50,
        outliers: outliers.slice(0, 20),
      }),
    },
  ];
}

async function latestSessionOf(interviewIds: string[]): Promise<Map<string, string>> {
  const rows = await db.session.findMany({
    where: { interviewId: { in: interviewIds } },
    orderBy: { startedAt: 'desc' },
    select: { id: true, interviewId: true },
  });
  const out = new Map<string, string>();
  for (const r of rows) if (!out.has(r.interviewId)) out.set(r.interviewId, r.id);
  return out;
}

/** Recomputes the session's origin alerts from the stored evidence; returns how many exist. */
export async function refreshOriginAlerts(sessionId: string): Promise<number> {
  const e = await loadOriginEvidence(sessionId);
  const drafts = [
    ...reuseAlerts(e.reuse),
    ...networkAlerts(e),
    ...mismatchAlerts(e),
    ...latencyAlerts(e),
  ];
  const related = await latestSessionOf(
    drafts.flatMap((d) => (d.relatedInterviewId ? [d.relatedInterviewId] : [])),
  );
  for (const d of drafts) {
    const relatedSessionId = d.relatedInterviewId
      ? (related.get(d.relatedInterviewId) ?? null)
      : null;
    await db.sessionAlert.upsert({
      where: { sessionId_dedupeKey: { sessionId, dedupeKey: d.dedupeKey } },
      create: {
        organizationId: e.organizationId,
        sessionId,
        kind: d.kind,
        dedupeKey: d.dedupeKey,
        relatedSessionId,
        details: d.details,
      },
      update: { details: d.details, relatedSessionId },
    });
  }
  return drafts.length;
}

/** Alert refresh after a candidate request or a session close; never fails the caller. */
export async function refreshOriginAlertsQuietly(sessionId: string): Promise<void> {
  await refreshOriginAlerts(sessionId).catch((err: unknown) =>
    console.error('[origin] alert refresh failed', err),
  );
}
