import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { InviteRefused } from '@/components/invite-refused';
import { hasConsented, resolveInvite } from '@/lib/server/invites';
import { AsyncInterview } from './_client/async-interview';
import { CandidateJoin } from './_client/candidate-join';

export const metadata: Metadata = { title: 'Join your interview', referrer: 'no-referrer' };
export const dynamic = 'force-dynamic';

/** Camera check, then the live room (or the recorded questions of an ASYNC interview), for the candidate. Only after consent to the current notice. */
export default async function JoinPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const res = await resolveInvite(decodeURIComponent(token));
  if (!res.ok) return <InviteRefused message={res.message} />;
  if (!(await hasConsented(res.invite.id))) redirect(`/i/${token}`);
  const { interview } = res.invite;
  if (interview.kind === 'ASYNC') {
    return (
      <AsyncInterview
        token={decodeURIComponent(token)}
        title={`${interview.title} with ${interview.organization.name}`}
        candidateName={interview.candidate.name}
      />
    );
  }
  return (
    <CandidateJoin
      token={decodeURIComponent(token)}
      title={`${interview.title} with ${interview.organization.name}`}
      candidateName={interview.candidate.name}
    />
  );
}
