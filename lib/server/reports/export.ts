import 'server-only';
import { createHash } from 'node:crypto';
import {
  REPORT_SCHEMA_ID,
  ZReportContent,
  type TReportContent,
  type TReportExport,
} from '@/lib/schemas/report';
import { auditHead, type TAuditHead } from '../audit';
import { canonicalJson } from '../audit-chain';
import type { TAlertView } from '../alerts';
import type { TMember } from '../members';
import { getSessionReport, type TSessionReport } from './load';

/**
 * The JSON export (docs/report-json.md). Its content is a pure function of the stored data, so two
 * exports of an unchanged session carry the same hash, and the PDF (printed from the report page)
 * shows the same hash as the JSON.
 */

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);

/** A face-match result as exported: picked field by field, so nothing biometric can slip in. */
function identityAlert(a: TAlertView): TReportContent['identity']['alerts'][number] {
  const d = a.details;
  return {
    kind: a.kind as TReportContent['identity']['alerts'][number]['kind'],
    status: a.status,
    summary: a.summary,
    createdAt: a.createdAt,
    relatedSessionId: a.related?.sessionId ?? null,
    relatedInterviewId: a.related?.interviewId ?? null,
    meanDistance: num(d.meanDistance),
    exemplarDistance: num(d.exemplarDistance),
    threshold: num(d.threshold),
    startMs: num(d.startMs),
    endMs: num(d.endMs),
    review: a.review && { at: a.review.at, by: a.review.by, comment: a.review.comment },
  };
}

export function reportContent(r: TSessionReport): TReportContent {
  const last = r.decisions[0];
  const content: TReportContent = {
    schema: REPORT_SCHEMA_ID,
    session: {
      id: r.session.id,
      interviewId: r.interview.id,
      interviewTitle: r.interview.title,
      kind: r.interview.kind,
      status: r.session.status,
      startedAt: iso(r.session.startedAt),
      endedAt: isoOrNull(r.session.endedAt),
      biometricsDeletedAt: isoOrNull(r.session.biometricsDeletedAt),
    },
    candidate: {
      name: r.candidate.name,
      email: r.candidate.email,
      claimedTimeZone: r.candidate.claimedTimeZone,
      claimedCountry: r.candidate.claimedCountry,
    },
    verdict: r.verdict && {
      score: r.verdict.score,
      label: r.verdict.label,
      configVersion: r.verdict.configVersion,
      createdAt: iso(r.verdict.createdAt),
      reasons: r.verdict.reasons,
    },
    signals: {
      source: 'TRUSTED',
      windows: r.derived.windows,
      durationMs: r.derived.durationMs,
      summaries: r.derived.summaries,
      configVersion: r.derived.windows ? r.derived.configVersion : null,
    },
    challenges: r.challenges.map((c) => ({
      id: c.id,
      kind: c.kind,
      outcome: c.outcome,
      latencyMs: c.latencyMs,
      issuedAt: iso(c.issuedAt),
      completedAt: isoOrNull(c.completedAt),
      startMs: c.startMs,
      countedInVerdict: c.counted,
      evidenceIds: c.evidence.map((e) => e.id),
    })),
    evidence: r.evidence.map((e) => ({
      id: e.id,
      at: iso(e.at),
      atMs: e.atMs,
      reason: e.reason,
      challengeResultId: e.challengeResultId,
      imageAvailable: e.hasImage,
      imageUrl: e.hasImage ? `/api/evidence/${e.id}` : null,
    })),
    facts: r.facts.map(({ label, candidate, trusted, flag }) => ({
      label,
      candidate,
      trusted,
      flag,
    })),
    decision: last
      ? { decision: last.decision, by: last.by, at: iso(last.createdAt), comment: last.comment }
      : null,
    models: r.models.map(({ name, version, sha256 }) => ({ name, version, sha256 })),
    identity: {
      templateSamples: r.identity.templateSamples,
      alerts: r.identity.alerts.map(identityAlert),
    },
    origin: {
      ...r.origin,
      alerts: r.originAlerts.map(({ kind, status, summary, relatedSessionId }) => ({
        kind,
        status: status as 'OPEN' | 'CONFIRMED' | 'DISMISSED',
        summary,
        relatedSessionId,
      })),
    },
  };
  // Validate what we publish: the documented schema is the contract.
  return ZReportContent.parse(content);
}

export function integrityHash(content: TReportContent): string {
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

export function withIntegrity(
  content: TReportContent,
  head: TAuditHead | null,
  now = new Date(),
): TReportExport {
  return {
    ...content,
    integrity: {
      algorithm: 'sha256',
      hash: integrityHash(content),
      generatedAt: now.toISOString(),
      auditHead: head,
    },
  };
}

export async function exportSessionReport(member: TMember, id: string): Promise<TReportExport> {
  const content = reportContent(await getSessionReport(member, id));
  return withIntegrity(content, await auditHead(member.organizationId));
}
