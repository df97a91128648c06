import 'server-only';
import { db } from '../db';

/** Reuse looks back this far: a laptop farm hosts many identities on few connections over weeks. */
export const REUSE_WINDOW_DAYS = 90;
const MAX_ROWS = 500;

export interface TReuseHit {
  match: 'ip' | 'prefix' | 'device';
  /** the shared address, network prefix or device fingerprint */
  network: string;
  candidateId: string;
  candidateName: string;
  interviewId: string;
  lastSeenAt: Date;
}

export interface TReuseSubject {
  organizationId: string;
  candidateId: string;
  name: string;
  email: string;
}

const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

/**
 * Other candidates of the same organization (a different name AND a different email: a second
 * round of the same person is not reuse) seen on the given addresses, /24 or /64 prefixes or device
 * fingerprints within the window. Each lookup runs on an (organizationId, key, seenAt) index.
 */
export async function findReuse(
  subject: TReuseSubject,
  keys: { ips: string[]; prefixes: string[]; devices: string[] },
  now = new Date(),
): Promise<TReuseHit[]> {
  const since = new Date(now.getTime() - REUSE_WINDOW_DAYS * 86_400_000);
  const base = {
    organizationId: subject.organizationId,
    seenAt: { gte: since },
    candidateId: { not: subject.candidateId },
  };
  const select = {
    ip: true,
    networkPrefix: true,
    deviceFingerprint: true,
    interviewId: true,
    candidateId: true,
    seenAt: true,
    candidate: { select: { name: true, email: true } },
  } as const;
  const [byIp, byPrefix, byDevice] = await Promise.all(
    [
      { ip: { in: keys.ips } },
      { networkPrefix: { in: keys.prefixes } },
      { deviceFingerprint: { in: keys.devices } },
    ].map((where, i) =>
      [keys.ips, keys.prefixes, keys.devices][i]!.length === 0
        ? Promise.resolve([])
        : db.originObservation.findMany({
            where: { ...base, ...where },
            select,
            orderBy: { seenAt: 'desc' },
            take: MAX_ROWS,
          }),
    ),
  );
  const hits = new Map<string, TReuseHit>();
  const add = (rows: NonNullable<typeof byIp>, match: TReuseHit['match']) => {
    for (const r of rows) {
      if (norm(r.candidate.name) === norm(subject.name)) continue;
      if (norm(r.candidate.email) === norm(subject.email)) continue;
      const network =
        match === 'ip' ? r.ip : match === 'prefix' ? r.networkPrefix : r.deviceFingerprint!;
      const key = `${match}|${network}|${r.candidateId}`;
      if (match === 'prefix' && hits.has(`ip|${r.ip}|${r.candidateId}`)) continue;
      const prev = hits.get(key);
      if (!prev || prev.lastSeenAt < r.seenAt) {
        hits.set(key, {
          match,
          network,
          candidateId: r.candidateId,
          candidateName: r.candidate.name,
          interviewId: r.interviewId,
          lastSeenAt: r.seenAt,
        });
      }
    }
  };
  add(byIp!, 'ip');
  add(byPrefix!, 'prefix');
  add(byDevice!, 'device');
  return [...hits.values()].sort((a, b) => b.lastSeenAt.getTime() - a.lastSeenAt.getTime());
}
