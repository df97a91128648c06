import 'server-only';
import type { Prisma } from '@prisma/client';
import { FUSION_CONFIG } from '@/lib/analysis/fusion-config';
import {
  buildTemplate,
  IDENTITY_DIM,
  matchTemplates,
  signBits,
  type IdentitySample,
  type IdentityTemplate,
} from '@/lib/analysis/identity';
import { assessIdentity } from '@/lib/analysis/identity-drift';
import type { TWindowSignals } from '@/lib/schemas/signals';
import { db, type TTx } from './db';
import { nearMeans } from './identity-index';
import { loadEngineWindows } from './evidence/load-session-evidence';

/**
 * Per-session face identity templates and the identity alerts (one organization only, always):
 * SAME_FACE_OTHER_NAME, PROXY_DIFFERENT_PERSON, IDENTITY_CHANGE. Recomputed when a session
 * closes and on late windows; alerts are upserted by dedupeKey, so recomputing is idempotent and
 * a reviewer's decision is kept.
 */

type TClient = TTx | typeof db;
const cfg = FUSION_CONFIG.identity;

export function samplesOf(windows: readonly TWindowSignals[]): IdentitySample[] {
  return windows.flatMap((w) => (w.identity ?? []).map((x) => ({ t: w.startMs + x.dt, e: x.e })));
}

export const toBytes = (vs: readonly (readonly number[])[]): Uint8Array<ArrayBuffer> =>
  new Uint8Array(Float32Array.from(vs.flat()).buffer);

export function fromBytes(b: Uint8Array): number[][] {
  const f = new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  return Array.from({ length: f.length / IDENTITY_DIM }, (_, i) =>
    Array.from(f.subarray(i * IDENTITY_DIM, (i + 1) * IDENTITY_DIM)),
  );
}

export function bitString(v: readonly number[]): string {
  return Array.from(signBits(v), (b) => b.toString(2).padStart(8, '0')).join('');
}

export interface TFaceMatch {
  sessionId: string;
  meanDistance: number;
  exemplarDistance: number;
}

/**
 * Sessions of the organization whose template matches: an exact scan of every template mean
 * (lib/server/identity-index.ts), then the exemplar check on those within the match distance. The
 * result is exactly a brute-force `matchTemplates` over all the organization's templates (a match
 * needs the mean distance within the threshold, so no match is skipped).
 */
export async function findFaceMatches(
  organizationId: string,
  sessionId: string,
  t: IdentityTemplate,
  client: TClient = db,
): Promise<TFaceMatch[]> {
  const near = (await nearMeans(organizationId, t.mean, cfg.matchDistance, client)).filter(
    (n) => n.sessionId !== sessionId,
  );
  if (near.length === 0) return [];
  const rows = await client.identityTemplate.findMany({
    where: { organizationId, sessionId: { in: near.map((n) => n.sessionId) } },
    select: { sessionId: true, mean: true, exemplars: true, samples: true },
  });
  return rows.flatMap((r) => {
    const other = {
      mean: fromBytes(r.mean)[0] ?? [],
      exemplars: fromBytes(r.exemplars),
      n: r.samples,
    };
    const m = matchTemplates(t, other);
    return m.match ? [{ sessionId: r.sessionId, ...m }] : [];
  });
}

async function upsertAlert(
  client: TClient,
  a: Pick<
    Prisma.SessionAlertUncheckedCreateInput,
    'organizationId' | 'sessionId' | 'kind' | 'dedupeKey' | 'relatedSessionId'
  > & {
    details: Prisma.InputJsonObject;
  },
): Promise<void> {
  await client.sessionAlert.upsert({
    where: { sessionId_dedupeKey: { sessionId: a.sessionId, dedupeKey: a.dedupeKey } },
    create: a,
    update: { details: a.details },
  });
}

const sameName = (a: string, b: string): boolean =>
  a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();

type TSessionCtx = Prisma.SessionGetPayload<{
  include: { interview: { include: { candidate: true } } };
}>;

async function alertMatches(client: TClient, s: TSessionCtx, matches: TFaceMatch[]): Promise<void> {
  const others = await client.session.findMany({
    where: {
      id: { in: matches.map((m) => m.sessionId) },
      interview: { organizationId: s.interview.organizationId },
    },
    include: { interview: { include: { candidate: true } } },
  });
  for (const o of others) {
    const m = matches.find((x) => x.sessionId === o.id);
    const name = o.interview.candidate.name;
    if (
      !m ||
      o.interview.candidateId === s.interview.candidateId ||
      sameName(name, s.interview.candidate.name)
    )
      continue;
    const date = o.startedAt.toISOString().slice(0, 10);
    await upsertAlert(client, {
      organizationId: s.interview.organizationId,
      sessionId: s.id,
      kind: 'SAME_FACE_OTHER_NAME',
      dedupeKey: `face:${o.id}`,
      relatedSessionId: o.id,
      details: {
        summary: `This face was seen on ${date} in interview "${o.interview.title}" under the name ${name}.`,
        meanDistance: m.meanDistance,
        exemplarDistance: m.exemplarDistance,
        threshold: cfg.matchDistance,
        otherName: name,
        otherInterviewId: o.interview.id,
        otherInterviewTitle: o.interview.title,
        otherSessionDate: date,
      },
    });
  }
}

/** Earlier rounds of the same candidate whose face does not match this one (a proxy interviewee). */
async function alertProxies(client: TClient, s: TSessionCtx, t: IdentityTemplate): Promise<void> {
  const earlier = await client.identityTemplate.findMany({
    where: {
      organizationId: s.interview.organizationId,
      candidateId: s.interview.candidateId,
      sessionId: { not: s.id },
      session: { startedAt: { lt: s.startedAt } },
    },
    include: { session: { include: { interview: true } } },
  });
  for (const e of earlier) {
    const other = {
      mean: fromBytes(e.mean)[0] ?? [],
      exemplars: fromBytes(e.exemplars),
      n: e.samples,
    };
    const m = matchTemplates(t, other);
    // a clear non-match only: between the match threshold and the flicker distance is ambiguous
    if (m.match || m.meanDistance < cfg.flickerDistance) continue;
    const date = e.session.startedAt.toISOString().slice(0, 10);
    await upsertAlert(client, {
      organizationId: s.interview.organizationId,
      sessionId: s.id,
      kind: 'PROXY_DIFFERENT_PERSON',
      dedupeKey: `proxy:${e.sessionId}`,
      relatedSessionId: e.sessionId,
      details: {
        summary: `The person in this round is not the person from the earlier round "${e.session.interview.title}" on ${date} of the same candidate.`,
        meanDistance: m.meanDistance,
        exemplarDistance: m.exemplarDistance,
        threshold: cfg.matchDistance,
        otherInterviewId: e.session.interview.id,
        otherInterviewTitle: e.session.interview.title,
        otherSessionDate: date,
      },
    });
  }
}

async function alertChange(
  client: TClient,
  s: TSessionCtx,
  samples: IdentitySample[],
): Promise<void> {
  const f = assessIdentity(samples).finding;
  if (!f) return;
  await upsertAlert(client, {
    organizationId: s.interview.organizationId,
    sessionId: s.id,
    kind: 'IDENTITY_CHANGE',
    dedupeKey: 'change',
    relatedSessionId: null,
    details: {
      summary: `Within this interview, ${f.text}.`,
      startMs: f.startMs,
      endMs: f.endMs,
      severity: f.severity,
    },
  });
}

/**
 * Builds and stores the session's template from its TRUSTED windows and raises the identity
 * alerts. No-op once the session's biometrics were deleted. Returns the template (or null).
 */
export async function updateSessionIdentity(
  sessionId: string,
  client: TClient = db,
): Promise<IdentityTemplate | null> {
  const s = await client.session.findUnique({
    where: { id: sessionId },
    include: { interview: { include: { candidate: true } } },
  });
  if (!s || s.biometricsDeletedAt) return null;
  const samples = samplesOf(await loadEngineWindows(sessionId, client));
  await alertChange(client, s, samples);
  const t = buildTemplate(samples);
  if (!t) return null;
  const data = {
    mean: toBytes([t.mean]),
    exemplars: toBytes(t.exemplars),
    samples: t.n,
    hash: bitString(t.mean),
  };
  await client.identityTemplate.upsert({
    where: { sessionId },
    create: {
      ...data,
      sessionId,
      organizationId: s.interview.organizationId,
      candidateId: s.interview.candidateId,
    },
    update: data,
  });
  await alertMatches(
    client,
    s,
    await findFaceMatches(s.interview.organizationId, sessionId, t, client),
  );
  await alertProxies(client, s, t);
  return t;
}
