import 'server-only';
import { db } from './db';
import { notFound } from './http';
import type { TMember } from './members';

/**
 * Thumbnails of matched interviews in the report's "Identity and origin" section. The frame is a
 * trusted one (an evidence frame the interviewer's side captured from the RECEIVED video of the
 * matched session), shown only:
 * - for a cross-interview face match (SAME_FACE_OTHER_NAME, PROXY_DIFFERENT_PERSON) of the member's
 *   organization, whose matched session belongs to the same organization;
 * - while the matched session's identity template exists and its biometrics were not deleted:
 *   retention and deletion requests remove the template and the frames together
 *   (purgeSessionBiometrics), so the thumbnail goes with the template.
 * Anything else is "not found", like another organization's id.
 */

export const IDENTITY_ALERT_KINDS = [
  'SAME_FACE_OTHER_NAME',
  'PROXY_DIFFERENT_PERSON',
  'IDENTITY_CHANGE',
] as const;
export const FACE_MATCH_KINDS = ['SAME_FACE_OTHER_NAME', 'PROXY_DIFFERENT_PERSON'] as const;

/** Frames looked at per matched session when choosing one (evidence is ordered by time). */
const CANDIDATE_FRAMES = 60;

/**
 * How well a stored frame shows the face: a challenge's "before" frame (at rest, facing the camera)
 * first, then other frames, last those taken mid-turn or behind a hand.
 */
function frameRank(reason: string): number {
  if (/^challenge:[a-z_]+:before$/.test(reason)) return 0;
  if (/^challenge:(profile_|look_|hand_occlusion)/.test(reason)) return 2;
  return 1;
}

/** The frame to show for each matched session that may show one (best rank, then earliest). */
export async function matchedSessionFrames(
  organizationId: string,
  sessionIds: readonly string[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (sessionIds.length === 0) return out;
  const rows = await db.evidence.findMany({
    where: {
      sessionId: { in: [...new Set(sessionIds)] },
      thumbnail: { not: null },
      session: {
        biometricsDeletedAt: null,
        identityTemplate: { is: { organizationId } },
        interview: { organizationId },
      },
    },
    select: { id: true, sessionId: true, reason: true },
    orderBy: [{ at: 'asc' }, { id: 'asc' }],
    take: CANDIDATE_FRAMES * Math.min(sessionIds.length, 20),
  });
  const bySession = new Map<string, typeof rows>();
  for (const r of rows) bySession.set(r.sessionId, [...(bySession.get(r.sessionId) ?? []), r]);
  for (const [sessionId, frames] of bySession) {
    const best = Math.min(...frames.map((f) => frameRank(f.reason)));
    const pick = frames.find((f) => frameRank(f.reason) === best);
    if (pick) out.set(sessionId, pick.id);
  }
  return out;
}

/** The thumbnail of an alert's matched session, or 404 (other organization, deleted, none). */
export async function getMatchThumbnail(
  member: TMember,
  alertId: string,
): Promise<{ bytes: Uint8Array; mimeType: string }> {
  const alert = await db.sessionAlert.findFirst({
    where: {
      id: alertId,
      organizationId: member.organizationId,
      kind: { in: [...FACE_MATCH_KINDS] },
      relatedSessionId: { not: null },
    },
    select: { relatedSessionId: true },
  });
  if (!alert?.relatedSessionId) throw notFound('Thumbnail not found');
  const frameId = (await matchedSessionFrames(member.organizationId, [alert.relatedSessionId])).get(
    alert.relatedSessionId,
  );
  const frame = frameId
    ? await db.evidence.findFirst({
        where: { id: frameId, thumbnail: { not: null } },
        select: { thumbnail: true, mimeType: true },
      })
    : null;
  if (!frame?.thumbnail) throw notFound('Thumbnail not found');
  return { bytes: frame.thumbnail, mimeType: frame.mimeType };
}
