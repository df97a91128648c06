import { z } from 'zod';
import { ZOriginFacts } from './origin';
import { ZSignalSummary, ZVerdictLabel, ZVerdictReason } from './signals';

/**
 * Hiring-manager reports: the JSON export (documented in docs/report-json.md), the dashboard query
 * and the reviewer inputs (Z… schema, T… inferred type).
 */

const ZIso = z.iso.datetime({ offset: true });
const ZSha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const REPORT_SCHEMA_ID = 'candor.report/v1';

export const ZReviewDecisionKind = z.enum(['ACCEPT', 'ESCALATE', 'REJECT']);
export type TReviewDecisionKind = z.infer<typeof ZReviewDecisionKind>;

export const ZExportChallenge = z.object({
  id: z.string(),
  kind: z.string(),
  outcome: z.enum(['PASSED', 'FAILED', 'NOT_PERFORMED', 'UNRELIABLE', 'ALTERNATIVE']),
  latencyMs: z.number().int().nullable(),
  issuedAt: ZIso,
  completedAt: ZIso.nullable(),
  /** media time of the prompt, ms from the start of the analysed video */
  startMs: z.number().nullable(),
  /** false for a no-show or unreliable attempt that was retried: the retry counts instead */
  countedInVerdict: z.boolean(),
  evidenceIds: z.array(z.string()),
});

export const ZExportEvidence = z.object({
  id: z.string(),
  at: ZIso,
  atMs: z.number().nullable(),
  reason: z.string(),
  challengeResultId: z.string().nullable(),
  /** false once retention or a deletion request removed the image */
  imageAvailable: z.boolean(),
  /** relative URL, authorised like the report */
  imageUrl: z.string().nullable(),
});

export const ZExportSignals = z.object({
  source: z.literal('TRUSTED'),
  windows: z.number().int().min(0),
  durationMs: z.number().min(0),
  /** per-signal summaries recomputed from the stored trusted windows by the analysis engine */
  summaries: z.array(ZSignalSummary),
  /** engine config used for the summaries (may differ from the verdict's if the config moved on) */
  configVersion: z.string().nullable(),
});

/** One device/network fact: the candidate's (untrusted) report beside the trusted measurement. */
export const ZExportFact = z.object({
  label: z.string(),
  candidate: z.string().nullable(),
  trusted: z.string().nullable(),
  /** why the row deserves a look (a virtual-camera label, a time-zone or resolution mismatch) */
  flag: z.string().nullable(),
});

/**
 * A face-match result (identity alert): what was found and how it was reviewed. Never the template
 * or its exemplars: biometric data does not leave the organization's database.
 */
export const ZExportIdentityAlert = z.strictObject({
  kind: z.enum(['SAME_FACE_OTHER_NAME', 'PROXY_DIFFERENT_PERSON', 'IDENTITY_CHANGE']),
  status: z.enum(['OPEN', 'CONFIRMED', 'DISMISSED']),
  summary: z.string(),
  createdAt: ZIso,
  /** the matched session (cross-interview alerts), same organization; null for a change within */
  relatedSessionId: z.string().nullable(),
  relatedInterviewId: z.string().nullable(),
  /** face distances of the match (cross-interview) and the threshold they were compared with */
  meanDistance: z.number().nullable(),
  exemplarDistance: z.number().nullable(),
  threshold: z.number().nullable(),
  /** media time span of an identity change within the session */
  startMs: z.number().nullable(),
  endMs: z.number().nullable(),
  review: z
    .strictObject({ at: ZIso, by: z.string().nullable(), comment: z.string().nullable() })
    .nullable(),
});

export const ZExportIdentity = z.strictObject({
  /** descriptors the session's stored template rests on; null when none is stored (or deleted) */
  templateSamples: z.number().int().nullable(),
  alerts: z.array(ZExportIdentityAlert),
});

export const ZReportContent = z.object({
  schema: z.literal(REPORT_SCHEMA_ID),
  session: z.object({
    id: z.string(),
    interviewId: z.string(),
    interviewTitle: z.string(),
    kind: z.enum(['LIVE', 'ASYNC']),
    status: z.enum(['OPEN', 'CLOSED']),
    startedAt: ZIso,
    endedAt: ZIso.nullable(),
    biometricsDeletedAt: ZIso.nullable(),
  }),
  candidate: z.object({
    name: z.string(),
    email: z.string(),
    claimedTimeZone: z.string().nullable(),
    claimedCountry: z.string().nullable(),
  }),
  verdict: z
    .object({
      score: z.number().int().min(0).max(100),
      label: ZVerdictLabel,
      configVersion: z.string(),
      createdAt: ZIso,
      reasons: z.array(ZVerdictReason),
    })
    .nullable(),
  signals: ZExportSignals,
  challenges: z.array(ZExportChallenge),
  evidence: z.array(ZExportEvidence),
  facts: z.array(ZExportFact),
  decision: z
    .object({
      decision: ZReviewDecisionKind,
      by: z.string(),
      at: ZIso,
      comment: z.string().nullable(),
    })
    .nullable(),
  models: z.array(z.object({ name: z.string(), version: z.string(), sha256: ZSha256 })),
  /** face-match results within the organization (alerts and their review), never templates */
  identity: ZExportIdentity,
  /** network origin (server-observed, TRUSTED) and reuse across the organization's candidates */
  origin: ZOriginFacts.extend({
    alerts: z.array(
      z.object({
        kind: z.string(),
        status: z.enum(['OPEN', 'CONFIRMED', 'DISMISSED']),
        summary: z.string(),
        relatedSessionId: z.string().nullable(),
      }),
    ),
  }),
});
export type TReportContent = z.infer<typeof ZReportContent>;

export const ZReportExport = ZReportContent.extend({
  integrity: z.object({
    algorithm: z.literal('sha256'),
    /** sha256 (hex) of canonicalJson(the export without `integrity`) */
    hash: ZSha256,
    generatedAt: ZIso,
    /** the organization's audit-chain head when exported (anchor; see README "Security") */
    auditHead: z
      .object({ seq: z.number().int().positive(), hash: ZSha256, createdAt: ZIso })
      .nullable(),
  }),
});
export type TReportExport = z.infer<typeof ZReportExport>;

// ---------- dashboard ----------

const ZOptionalEnum = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess((v) => (v === '' || v === 'ALL' ? undefined : v), z.enum(values).optional());

export const DASHBOARD_SORTS = ['newest', 'oldest', 'candidate'] as const;
export const DASHBOARD_PAGE_SIZE = 25;

/** URL search params of /dashboard; anything invalid falls back to the default rather than erroring. */
export const ZDashboardQuery = z.object({
  status: ZOptionalEnum(['SCHEDULED', 'IN_PROGRESS', 'COMPLETED', 'CANCELLED'] as const).catch(
    undefined,
  ),
  verdict: ZOptionalEnum(['PASS', 'REVIEW', 'FAIL', 'INCONCLUSIVE', 'NONE'] as const).catch(
    undefined,
  ),
  kind: ZOptionalEnum(['LIVE', 'ASYNC'] as const).catch(undefined),
  /** OPEN: only interviews with an open identity or origin alert on any of their sessions */
  alerts: ZOptionalEnum(['OPEN'] as const).catch(undefined),
  q: z
    .string()
    .trim()
    .max(100)
    .optional()
    .transform((v) => v || undefined)
    .catch(undefined),
  sort: z.enum(DASHBOARD_SORTS).catch('newest'),
  /** opaque keyset cursor (base64url JSON) of the last row of the previous page */
  after: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,400}$/)
    .optional()
    .catch(undefined),
});
export type TDashboardQuery = z.infer<typeof ZDashboardQuery>;

export const ZDashboardCursor = z.object({ k: z.string().max(200), id: z.string().max(40) });

// ---------- reviewer inputs ----------

export const ZReviewNoteInput = z.strictObject({
  body: z.string().trim().min(1, 'required').max(4000),
});
export const ZReviewDecisionInput = z.strictObject({
  decision: ZReviewDecisionKind,
  comment: z.string().trim().max(2000).optional(),
});
export type TReviewDecisionInput = z.infer<typeof ZReviewDecisionInput>;
export const ZRetentionInput = z.strictObject({ retentionDays: z.number().int().min(1).max(730) });

export const ZCreated = z.object({ id: z.string() });
export const ZBiometricsDeleted = z.object({
  sessions: z.number().int(),
  thumbnails: z.number().int(),
  windows: z.number().int(),
});
export type TBiometricsDeleted = z.infer<typeof ZBiometricsDeleted>;
