import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { InviteRefused } from '@/components/invite-refused';
import { Card } from '@/components/ui';
import { CONSENT_NOTICE, CONSENT_NOTICE_VERSION } from '@/lib/server/consent';
import { hasConsented, resolveInvite } from '@/lib/server/invites';
import { observeCandidateRequest } from '@/lib/server/origin/record-origin';
import { ConsentForm } from './_client/consent-form';

export const metadata: Metadata = { title: 'Your interview', referrer: 'no-referrer' };
export const dynamic = 'force-dynamic';

export default async function InviteLanding({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const res = await resolveInvite(decodeURIComponent(token));
  if (!res.ok) return <InviteRefused message={res.message} />;
  await observeCandidateRequest({ headers: await headers() }, decodeURIComponent(token), 'invite');
  const { interview } = res.invite;
  const consented = await hasConsented(res.invite.id);
  return (
    <main>
      <h1>
        {interview.title} with {interview.organization.name}
      </h1>
      <p>
        Hello {interview.candidate.name}. Before your camera or microphone is used, please read how
        this interview works.
      </p>
      <Card title="What is captured, and why">
        <p>
          {interview.organization.name} uses Candor to check that interviews are taken by the
          candidate in person. During the interview we capture:
        </p>
        <ul className="plain">
          {CONSENT_NOTICE.captured.map((c) => (
            <li key={c}>{c}</li>
          ))}
          {interview.kind === 'ASYNC' && <li>{CONSENT_NOTICE.recorded}</li>}
        </ul>
        <p>
          <strong>Why:</strong> {CONSENT_NOTICE.why}.
        </p>
        <p>
          <strong>How long it is kept:</strong>{' '}
          {CONSENT_NOTICE.retention(interview.organization.retentionDays)}.
        </p>
        <p>
          <strong>Deletion:</strong> {CONSENT_NOTICE.deletion}.
        </p>
        <p>
          <strong>Decisions:</strong> {CONSENT_NOTICE.decisions}.
        </p>
        <p className="muted">Notice version {CONSENT_NOTICE_VERSION}.</p>
      </Card>
      <ConsentForm
        token={token}
        noticeVersion={CONSENT_NOTICE_VERSION}
        alreadyConsented={consented}
      />
    </main>
  );
}
