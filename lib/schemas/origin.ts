import { z } from 'zod';

/**
 * Network origin of the candidate's requests (laptop-farm signals): the flag list data file, the
 * per-kind details of origin alerts (SessionAlert.details: `summary` + kind fields, the convention
 * shared with identity alerts), and the origin facts in the report and its JSON export.
 */

export const ZNetworkKind = z.enum(['hosting', 'vpn', 'anonymiser']);
export type TNetworkKind = z.infer<typeof ZNetworkKind>;

/** data/anonymising-networks.json */
export const ZNetworkList = z.strictObject({
  version: z.string(),
  rationale: z.string(),
  cannotKnowOffline: z.array(z.string()),
  asns: z.array(
    z.strictObject({ asn: z.number().int().positive(), name: z.string(), kind: ZNetworkKind }),
  ),
  orgPatterns: z.array(
    z.strictObject({ pattern: z.string().min(1), name: z.string(), kind: ZNetworkKind }),
  ),
});
export type TNetworkList = z.infer<typeof ZNetworkList>;

/** ISO 3166-1 alpha-2, upper case (what the hiring manager claims; what the dataset returns). */
export const ZCountryCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, 'a two-letter ISO country code, e.g. US');

export const ZIpClass = z.enum([
  'public',
  'private',
  'loopback',
  'link-local',
  'cgnat',
  'unique-local',
  'documentation',
  'multicast',
  'reserved',
]);

/** Candidate routes whose requests are observed. */
export const ZOriginRoute = z.enum([
  'invite',
  'consent',
  'candidate-token',
  'candidate-report',
  'async-start',
]);
export type TOriginRoute = z.infer<typeof ZOriginRoute>;

const ZSummary = z.string().min(1).max(400);

export const ZNetworkReuseDetails = z.strictObject({
  summary: ZSummary,
  /** 'ip' when the same address, 'prefix' when only the same /24 (IPv4) or /64 (IPv6) */
  match: z.enum(['ip', 'prefix']),
  network: z.string(),
  otherCandidates: z.number().int().min(1),
  windowDays: z.number().int(),
  otherInterviewIds: z.array(z.string()).max(20),
});

export const ZOriginMismatchDetails = z.strictObject({
  summary: ZSummary,
  ipCountry: z.string().nullable(),
  claimedCountry: z.string().nullable(),
  browserTimeZone: z.string().nullable(),
  /** which comparisons disagreed */
  mismatches: z.array(z.enum(['claimed-country', 'browser-timezone', 'claimed-timezone'])).min(1),
});

export const ZAnonymisedNetworkDetails = z.strictObject({
  summary: ZSummary,
  ip: z.string(),
  asn: z.number().int().nullable(),
  asOrganization: z.string().nullable(),
  kinds: z.array(ZNetworkKind).min(1),
  matched: z.array(z.string()),
});

export const ZDeviceReuseDetails = z.strictObject({
  summary: ZSummary,
  /** candidate-reported: untrusted, supporting evidence only */
  source: z.literal('CANDIDATE'),
  fingerprint: z.string(),
  otherCandidates: z.number().int().min(1),
  otherInterviewIds: z.array(z.string()).max(20),
});

export const ZLatencyOutlierDetails = z.strictObject({
  summary: ZSummary,
  challengeLatencyP50Ms: z.number().nullable(),
  rttP50Ms: z.number().nullable(),
  outliers: z.array(z.strictObject({ challengeId: z.string(), latencyMs: z.number() })).max(20),
});

export const ZLatencyStats = z.strictObject({
  challengeLatencyMs: z.array(z.number()),
  rttMs: z.strictObject({
    count: z.number().int(),
    p50: z.number().nullable(),
    p95: z.number().nullable(),
  }),
  challengeP50Ms: z.number().nullable(),
  challengeP95Ms: z.number().nullable(),
  outlierThresholdMs: z.number().nullable(),
  /** colour-flash reflection lag per flash challenge (ms, sorted), measured on the received video */
  flashLagMs: z.array(z.number()),
  /** each flash lag minus the median round trip (empty when no round trip was measured) */
  flashExcessMs: z.array(z.number()),
});
export type TLatencyStats = z.infer<typeof ZLatencyStats>;

/** One observed network (distinct ip) of the session's interview, as stored on the server. */
export const ZOriginNetwork = z.strictObject({
  ip: z.string(),
  networkPrefix: z.string(),
  ipClass: ZIpClass,
  asn: z.number().int().nullable(),
  asOrganization: z.string().nullable(),
  country: z.string().nullable(),
  flags: z.array(z.string()),
  routes: z.array(z.string()),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  requests: z.number().int(),
});
export type TOriginNetwork = z.infer<typeof ZOriginNetwork>;

/** Origin facts in the report and the JSON export (docs/report-json.md). */
export const ZOriginFacts = z.strictObject({
  /** what the server saw (TRUSTED) */
  networks: z.array(ZOriginNetwork),
  /** what the candidate's browser said (untrusted) */
  reported: z.strictObject({ timeZone: z.string().nullable(), languages: z.array(z.string()) }),
  claimed: z.strictObject({ country: z.string().nullable(), timeZone: z.string().nullable() }),
  reuse: z.array(
    z.strictObject({
      match: z.enum(['ip', 'prefix', 'device']),
      network: z.string(),
      candidateName: z.string(),
      interviewId: z.string(),
      sessionId: z.string().nullable(),
      lastSeenAt: z.string(),
    }),
  ),
  latency: ZLatencyStats,
  dataset: z.strictObject({ asn: z.string(), country: z.string(), flagList: z.string() }),
});
export type TOriginFacts = z.infer<typeof ZOriginFacts>;

export const ORIGIN_ALERT_KINDS = [
  'NETWORK_REUSE',
  'ORIGIN_MISMATCH',
  'DEVICE_REUSE',
  'ANONYMISED_NETWORK',
  'LATENCY_OUTLIER',
] as const;

/** An origin alert as the report shows it: its kind, review status and plain-language summary. */
export interface TOriginAlertView {
  id: string;
  kind: (typeof ORIGIN_ALERT_KINDS)[number];
  status: string;
  summary: string;
  relatedSessionId: string | null;
}
