import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { TopBar } from '@/components/topbar';
import { Alert } from '@/components/ui';
import { ZId } from '@/lib/schemas/api';
import { HttpError } from '@/lib/server/http';
import { getInterviewForMember } from '@/lib/server/interviews';
import { CAN_MANAGE_INTERVIEWS, requirePageMember } from '@/lib/server/members';
import { InterviewerRoom } from './_client/interviewer-room';

export const metadata: Metadata = { title: 'Interview room' };
export const dynamic = 'force-dynamic';

export default async function InterviewRoomPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const member = await requirePageMember(`/interviews/${id}/room`);
  if (!ZId.safeParse(id).success) notFound();
  const interview = await getInterviewForMember(member, id).catch((err: unknown) => {
    if (err instanceof HttpError && err.status === 404) notFound();
    throw err;
  });
  const refusal = !CAN_MANAGE_INTERVIEWS.includes(member.role)
    ? 'Only owners and interviewers can join the live room.'
    : interview.kind !== 'LIVE'
      ? 'This is a recorded interview: there is no live room.'
      : interview.status === 'CANCELLED'
        ? 'This interview was cancelled.'
        : null;
  return (
    <>
      <TopBar user={member} />
      {refusal ? (
        <main className="narrow">
          <h1>{interview.title}</h1>
          <Alert>{refusal}</Alert>
        </main>
      ) : (
        <InterviewerRoom
          interviewId={interview.id}
          title={interview.title}
          candidateName={interview.candidate.name}
        />
      )}
    </>
  );
}
