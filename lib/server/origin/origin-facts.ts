import 'server-only';
import { ORIGIN_ALERT_KINDS, type TOriginAlertView, type TOriginFacts } from '@/lib/schemas/origin';
import { db } from '../db';
import { ipDatasetNames } from './ip-database';
import { networkList } from './network-list';
import { loadOriginEvidence } from './origin-evidence';

/** The origin section of the report and the JSON export, from the one origin-evidence reader. */
export async function loadOriginFacts(sessionId: string): Promise<TOriginFacts> {
  const [e, datasets] = await Promise.all([loadOriginEvidence(sessionId), ipDatasetNames()]);
  const sessions = await db.session.findMany({
    where: { interviewId: { in: [...new Set(e.reuse.map((h) => h.interviewId))] } },
    orderBy: { startedAt: 'desc' },
    select: { id: true, interviewId: true },
  });
  const latest = new Map<string, string>();
  for (const s of sessions) if (!latest.has(s.interviewId)) latest.set(s.interviewId, s.id);
  return {
    networks: e.networks,
    reported: { timeZone: e.device?.timeZone || null, languages: e.device?.languages ?? [] },
    claimed: { country: e.candidate.claimedCountry, timeZone: e.candidate.claimedTimeZone },
    reuse: e.reuse.slice(0, 50).map((h) => ({
      match: h.match,
      network: h.network,
      candidateName: h.candidateName,
      interviewId: h.interviewId,
      sessionId: latest.get(h.interviewId) ?? null,
      lastSeenAt: h.lastSeenAt.toISOString(),
    })),
    latency: e.latency.stats,
    dataset: { ...datasets, flagList: `data/anonymising-networks.json@${networkList().version}` },
  };
}

/** The session's origin alerts with their plain-language summaries (SessionAlert.details.summary). */
export async function loadOriginAlerts(sessionId: string): Promise<TOriginAlertView[]> {
  const rows = await db.sessionAlert.findMany({
    where: { sessionId, kind: { in: [...ORIGIN_ALERT_KINDS] } },
    orderBy: { createdAt: 'asc' },
    select: { id: true, kind: true, status: true, details: true, relatedSessionId: true },
  });
  return rows.map((r) => {
    const summary = (r.details as { summary?: unknown } | null)?.summary;
    return {
      id: r.id,
      kind: r.kind as TOriginAlertView['kind'],
      status: r.status,
      summary: typeof summary === 'string' ? summary : r.kind,
      relatedSessionId: r.relatedSessionId,
    };
  });
}
