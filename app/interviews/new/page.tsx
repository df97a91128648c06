import type { Metadata } from 'next';
import { TopBar } from '@/components/topbar';
import { CAN_MANAGE_INTERVIEWS, requirePageMember } from '@/lib/server/members';
import { Alert } from '@/components/ui';
import { NewInterviewForm } from './_client/new-interview-form';

export const metadata: Metadata = { title: 'New interview' };
export const dynamic = 'force-dynamic';

export default async function NewInterviewPage() {
  const member = await requirePageMember('/interviews/new');
  return (
    <>
      <TopBar user={member} />
      <main>
        <h1>New interview</h1>
        {CAN_MANAGE_INTERVIEWS.includes(member.role) ? (
          <NewInterviewForm />
        ) : (
          <Alert>Reviewers cannot create interviews. Ask an owner or interviewer.</Alert>
        )}
      </main>
    </>
  );
}
