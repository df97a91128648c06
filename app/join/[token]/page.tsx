import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { TopBar } from '@/components/topbar';
import { Alert, Card } from '@/components/ui';
import { ZTeamToken } from '@/lib/schemas/team';
import { TEAM_INVITE_MESSAGES } from '@/lib/server/team-token';
import { getSignedInUser, resolveTeamInvite } from '@/lib/server/team-join';
import { JoinForm } from './_client/join-form';

export const metadata: Metadata = { title: 'Join a team', referrer: 'no-referrer' };
export const dynamic = 'force-dynamic';

const ROLE_TEXT: Record<string, string> = {
  OWNER: 'an owner (team, retention, deletion, and everything interviewers and reviewers do)',
  INTERVIEWER: 'an interviewer (create interviews, invite candidates, run rooms and challenges)',
  REVIEWER: 'a reviewer (read reports, add notes and decisions; no changes to interviews)',
};

export default async function JoinTeamPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const resolved = ZTeamToken.safeParse(token).success
    ? await resolveTeamInvite(token)
    : { ok: false as const, message: TEAM_INVITE_MESSAGES.malformed };
  const user = await getSignedInUser(await headers());
  return (
    <>
      <TopBar />
      <main className="narrow">
        <h1>
          {resolved.ok ? `Join ${resolved.invite.organizationName} on Candor` : 'Join a team'}
        </h1>
        {!resolved.ok ? (
          <Alert>{resolved.message}</Alert>
        ) : (
          <Card>
            <p>
              You are invited as {ROLE_TEXT[resolved.invite.role]}, with the email{' '}
              <strong>{resolved.invite.email}</strong>.
            </p>
            <JoinForm
              token={token}
              email={resolved.invite.email}
              signedInAs={user?.email ?? null}
            />
          </Card>
        )}
      </main>
    </>
  );
}
