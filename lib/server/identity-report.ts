import 'server-only';
import { FUSION_CONFIG } from '@/lib/analysis/fusion-config';
import { detectIdentityDrift } from '@/lib/analysis/identity-drift';
import { listSessionAlerts, type TAlertView } from './alerts';
import { db } from './db';
import { notFound } from './http';
import { samplesOf } from './identity';
import type { TMember } from './members';
import { loadEngineWindows } from './evidence/load-session-evidence';

/** The report's "Identity and origin" data: similarity timeline, template facts, alerts. */
export interface TIdentitySection {
  /** face distance to the opening face over the session (ms, distance) */
  timeline: { t: number; d: number }[];
  threshold: number;
  /** descriptors in the stored template, or null when none is stored (too few, or deleted) */
  templateSamples: number | null;
  alerts: TAlertView[];
}

export async function getIdentitySection(
  member: TMember,
  sessionId: string,
): Promise<TIdentitySection> {
  const session = await db.session.findFirst({
    where: { id: sessionId, interview: { organizationId: member.organizationId } },
    select: { id: true, identityTemplate: { select: { samples: true } } },
  });
  if (!session) throw notFound('Session not found');
  const drift = detectIdentityDrift(samplesOf(await loadEngineWindows(sessionId)));
  return {
    timeline: drift?.timeline ?? [],
    threshold: FUSION_CONFIG.identity.matchDistance,
    templateSamples: session.identityTemplate?.samples ?? null,
    alerts: await listSessionAlerts(member, sessionId),
  };
}
