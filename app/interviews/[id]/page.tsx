import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import '../../reports.css';
import { TopBar } from '@/components/topbar';
import { Badge, Card } from '@/components/ui';
import { ZId } from '@/lib/schemas/api';
import { HttpError } from '@/lib/server/http';
import { getInterviewForMember, inviteTokenFor, inviteUrl } from '@/lib/server/interviews';
import { CAN_MANAGE_INTERVIEWS, requirePageMember } from '@/lib/server/members';
import { DeleteBiometrics } from './_client/delete-biometrics';
import { InviteActions } from './_client/invite-actions';

export const metadata: Metadata = { title: 'Interview' };
export const dynamic = 'force-dynamic';

const fmt = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';

async function load(id: string, next: string) {
  const member = await requirePageMember(next);
  if (!ZId.safeParse(id).success) notFound();
  try {
    return { member, interview: await getInterviewForMember(member, id) };
  } catch (err) {
    if (err instanceof HttpError && err.status === 404) notFound();
    throw err;
  }
}

export default async function InterviewPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { member, interview } = await load(id, `/interviews/${id}`);
  const canManage = CAN_MANAGE_INTERVIEWS.includes(member.role);
  const now = Date.now();
  const invites = interview.invites.map((v) => ({
    id: v.id,
    // A live link lets its holder act as the candidate: only those who may invite see it.
    url: canManage ? inviteUrl(inviteTokenFor(v)) : null,
    expiresAt: fmt(v.expiresAt),
    state: v.revokedAt ? 'revoked' : v.expiresAt.getTime() <= now ? 'expired' : 'active',
  }));
  return (
    <>
      <TopBar user={member} />
      <main>
        <h1>
          {interview.title} <Badge value={interview.status} />
        </h1>
        {canManage && interview.kind === 'LIVE' && interview.status !== 'CANCELLED' && (
          <p>
            <a className="button" href={`/interviews/${interview.id}/room`}>
              {interview.status === 'IN_PROGRESS' ? 'Join room' : 'Start / join room'}
            </a>
          </p>
        )}
        <Card title="Candidate">
          <dl className="facts">
            <dt>Name</dt>
            <dd>{interview.candidate.name}</dd>
            <dt>Email</dt>
            <dd>{interview.candidate.email}</dd>
            <dt>Claimed location</dt>
            <dd>{interview.candidate.claimedLocation ?? '—'}</dd>
            <dt>Claimed time zone</dt>
            <dd>{interview.candidate.claimedTimeZone ?? '—'}</dd>
            <dt>Claimed country</dt>
            <dd>{interview.candidate.claimedCountry ?? '—'}</dd>
            <dt>Kind</dt>
            <dd>
              {interview.kind === 'LIVE' ? 'Live video interview' : 'Recorded (async) interview'}
            </dd>
            <dt>Scheduled</dt>
            <dd>{interview.scheduledAt ? fmt(interview.scheduledAt) : 'not scheduled'}</dd>
            <dt>Consent</dt>
            <dd>
              {interview.consents[0]
                ? `given ${fmt(interview.consents[0].consentedAt)}`
                : 'not yet given'}
            </dd>
          </dl>
        </Card>
        <Card title="Candidate invite links">
          <p className="muted">
            Send one link to the candidate. It opens this interview only, expires, and can be
            withdrawn.
          </p>
          <InviteActions interviewId={interview.id} invites={invites} canManage={canManage} />
        </Card>
        <Card title="Sessions">
          {interview.sessions.length === 0 ? (
            <p className="muted">No session yet.</p>
          ) : (
            <ul className="plain">
              {interview.sessions.map((s) => (
                <li key={s.id}>
                  <Link href={`/sessions/${s.id}`}>
                    {fmt(s.startedAt)} – {s.endedAt ? fmt(s.endedAt) : 'ongoing'}
                  </Link>{' '}
                  <Badge value={s.status} />
                  {s.biometricsDeletedAt && (
                    <span className="muted small"> · biometric data deleted</span>
                  )}
                </li>
              ))}
            </ul>
          )}
        </Card>
        {member.role === 'OWNER' && (
          <Card title="Candidate data">
            <p className="muted">
              On the candidate&apos;s request, delete their face images and signal data from every
              interview.
            </p>
            <DeleteBiometrics
              candidateId={interview.candidate.id}
              candidateName={interview.candidate.name}
            />
          </Card>
        )}
      </main>
    </>
  );
}
