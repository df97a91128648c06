import 'server-only';
import { createHash } from 'node:crypto';
import { classifyIp, formatIp, networkPrefix, parseIp } from '@/lib/analysis/origin/ip-address';
import { matchNetwork } from '@/lib/analysis/origin/network-flags';
import type { TOriginRoute } from '@/lib/schemas/origin';
import type { TDeviceFacts } from '@/lib/schemas/rooms';
import { db } from '../db';
import { serverEnv } from '../env';
import { resolveInvite } from '../invites';
import { clientIp, type THeaderSource } from '../security/client-ip';
import { ipDatabase, lookupIpFacts, type TIpFacts } from './ip-database';
import { networkList } from './network-list';
import { refreshOriginAlertsQuietly } from './origin-alerts';

/** A candidate makes a handful of requests per interview; beyond this the rows say nothing new. */
export const MAX_OBSERVATIONS_PER_INTERVIEW = 200;
/** Same interview, address and route within this period: one row. */
export const DEDUPE_PERIOD_MS = 10 * 60_000;

type THeaders = THeaderSource;

/** Hosting / VPN / anonymiser flags plus address-kind flags; private ranges get no lookup. */
async function describeAddress(raw: string) {
  const ip = parseIp(raw);
  if (!ip) return null;
  const ipClass = classifyIp(ip);
  let facts: TIpFacts = { asn: null, asOrganization: null, country: null };
  if (ipClass === 'public') {
    facts = lookupIpFacts(await ipDatabase(serverEnv().IP_LOCATION_DB_DIR), ip);
  }
  const flags: string[] = matchNetwork(networkList(), facts.asn, facts.asOrganization).map(
    (f) => f.kind,
  );
  if (ip.mapped) flags.push('ipv4-mapped');
  return { ip: formatIp(ip), networkPrefix: networkPrefix(ip), ipClass, ...facts, flags };
}

/**
 * A stable hash of the candidate-reported device (camera label, screen, platform, GPU). Untrusted:
 * any of these can be set by the candidate; identical values on two "different" candidates are
 * supporting evidence only, and common hardware (a fleet of one laptop model) collides honestly.
 */
export function deviceFingerprint(f: TDeviceFacts): string | null {
  if (!f.cameraLabel) return null;
  const platform = f.platform ?? /\(([^;)]+)/.exec(f.userAgent)?.[1] ?? '';
  const parts = [
    f.cameraLabel.trim().toLowerCase(),
    `${f.screen.width}x${f.screen.height}@${f.screen.pixelRatio}`,
    platform.trim().toLowerCase(),
    (f.gpuRenderer ?? '').trim().toLowerCase(),
  ];
  return createHash('sha256').update(parts.join('|')).digest('hex').slice(0, 32);
}

/**
 * Records the address of one candidate request for the invite's interview (bounded, idempotent).
 * Evidence gathering never breaks a candidate's request: failures are logged and swallowed.
 */
export async function observeCandidateRequest(
  req: THeaders,
  token: string,
  route: TOriginRoute,
  device?: TDeviceFacts,
): Promise<void> {
  try {
    const raw = clientIp(req);
    if (raw === 'unknown') return;
    const res = await resolveInvite(token);
    if (!res.ok) return;
    const { interview } = res.invite;
    const rows = await db.originObservation.count({ where: { interviewId: interview.id } });
    if (rows >= MAX_OBSERVATIONS_PER_INTERVIEW) return;
    const address = await describeAddress(raw);
    if (!address) return;
    const session = await db.session.findFirst({
      where: { interviewId: interview.id, status: 'OPEN' },
      orderBy: { startedAt: 'desc' },
      select: { id: true },
    });
    await db.originObservation.createMany({
      data: [
        {
          organizationId: interview.organizationId,
          interviewId: interview.id,
          candidateId: interview.candidateId,
          sessionId: session?.id ?? null,
          route,
          ...address,
          deviceFingerprint: device ? deviceFingerprint(device) : null,
          bucket: Math.floor(Date.now() / DEDUPE_PERIOD_MS),
        },
      ],
      skipDuplicates: true,
    });
  } catch (err) {
    console.error(`[origin] could not record the ${route} request`, err);
  }
}

/**
 * After a candidate device report: record the request with its device fingerprint, then refresh
 * the open session's origin alerts (the session exists by now: the candidate is in the room).
 */
export async function observeCandidateReport(
  req: THeaders,
  token: string,
  device: TDeviceFacts,
): Promise<void> {
  await observeCandidateRequest(req, token, 'candidate-report', device);
  const res = await resolveInvite(token);
  if (!res.ok) return;
  const session = await db.session.findFirst({
    where: { interviewId: res.invite.interviewId, status: 'OPEN' },
    orderBy: { startedAt: 'desc' },
    select: { id: true },
  });
  if (session) await refreshOriginAlertsQuietly(session.id);
}
