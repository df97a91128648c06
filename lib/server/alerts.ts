import 'server-only';
import type { Prisma } from '@prisma/client';
import { ZAlertDetails, type TAlertReview } from '@/lib/schemas/alerts';
import { appendAudit } from './audit';
import { db } from './db';
import { HttpError, notFound } from './http';
import { FACE_MATCH_KINDS, matchedSessionFrames } from './identity-thumbnails';
import type { TMember } from './members';

/**
 * Identity and origin alerts (SessionAlert): listed per session, reviewed (confirm / dismiss,
 * audited), filtered on the dashboard. Every read and write is scoped to the member's organization;
 * an alert of another organization is "not found".
 */

export interface TAlertView {
  id: string;
  kind: string;
  status: 'OPEN' | 'CONFIRMED' | 'DISMISSED';
  summary: string;
  details: Record<string, unknown>;
  createdAt: string;
  related: { sessionId: string; interviewId: string; title: string; startedAt: string } | null;
  review: { by: string | null; at: string; comment: string | null } | null;
  /** a trusted frame of the matched interview (face matches only, while its template exists) */
  thumbnailUrl: string | null;
}

const include = {
  relatedSession: { include: { interview: { select: { id: true, title: true } } } },
} satisfies Prisma.SessionAlertInclude;
type TRow = Prisma.SessionAlertGetPayload<{ include: typeof include }>;

function view(
  r: TRow,
  reviewerNames: Map<string, string>,
  frames: Map<string, string>,
): TAlertView {
  // JSON columns are a boundary: details that no longer parse are shown as such, not trusted
  const d = ZAlertDetails.safeParse(r.details);
  const rel = r.relatedSession;
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    summary: d.success ? d.data.summary : 'This alert has unreadable details.',
    details: d.success ? d.data : {},
    createdAt: r.createdAt.toISOString(),
    related: rel
      ? {
          sessionId: rel.id,
          interviewId: rel.interview.id,
          title: rel.interview.title,
          startedAt: rel.startedAt.toISOString(),
        }
      : null,
    review: r.reviewedAt
      ? {
          by: r.reviewedById ? (reviewerNames.get(r.reviewedById) ?? null) : null,
          at: r.reviewedAt.toISOString(),
          comment: r.reviewComment,
        }
      : null,
    thumbnailUrl:
      rel && (FACE_MATCH_KINDS as readonly string[]).includes(r.kind) && frames.has(rel.id)
        ? `/api/alerts/${r.id}/thumbnail`
        : null,
  };
}

export async function listSessionAlerts(member: TMember, sessionId: string): Promise<TAlertView[]> {
  const rows = await db.sessionAlert.findMany({
    where: { sessionId, organizationId: member.organizationId },
    include,
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: 200,
  });
  const ids = [...new Set(rows.flatMap((r) => (r.reviewedById ? [r.reviewedById] : [])))];
  const matched = rows.flatMap((r) =>
    r.relatedSessionId && (FACE_MATCH_KINDS as readonly string[]).includes(r.kind)
      ? [r.relatedSessionId]
      : [],
  );
  const [users, frames] = await Promise.all([
    ids.length
      ? db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })
      : [],
    matchedSessionFrames(member.organizationId, matched),
  ]);
  return rows.map((r) => view(r, new Map(users.map((u) => [u.id, u.name])), frames));
}

/** Confirms or dismisses an alert (a later review replaces an earlier one); audited. */
export async function reviewAlert(
  member: TMember,
  alertId: string,
  input: TAlertReview,
): Promise<{ id: string; status: string }> {
  return db.$transaction(async (tx) => {
    const alert = await tx.sessionAlert.findFirst({
      where: { id: alertId, organizationId: member.organizationId },
    });
    if (!alert) throw notFound('Alert not found');
    if (alert.status === input.decision && (alert.reviewComment ?? '') === (input.comment ?? ''))
      throw new HttpError(409, 'unchanged', `The alert is already ${input.decision.toLowerCase()}`);
    const updated = await tx.sessionAlert.update({
      where: { id: alert.id },
      data: {
        status: input.decision,
        reviewedById: member.userId,
        reviewedAt: new Date(),
        reviewComment: input.comment || null,
      },
    });
    await appendAudit(tx, {
      organizationId: member.organizationId,
      actorId: member.userId,
      action: input.decision === 'CONFIRMED' ? 'alert.confirm' : 'alert.dismiss',
      target: `alert:${alert.id}`,
      data: {
        sessionId: alert.sessionId,
        kind: alert.kind,
        from: alert.status,
        comment: input.comment ?? null,
      },
    });
    return { id: updated.id, status: updated.status };
  });
}
