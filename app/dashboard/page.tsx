import type { Metadata } from 'next';
import Link from 'next/link';
import { TopBar } from '@/components/topbar';
import { Badge, Card } from '@/components/ui';
import { listInterviews } from '@/lib/server/interviews';
import { requirePageMember } from '@/lib/server/members';

export const metadata: Metadata = { title: 'Interviews' };
export const dynamic = 'force-dynamic';

export default async function DashboardPage() {
  const member = await requirePageMember('/dashboard');
  const interviews = await listInterviews(member);
  return (
    <>
      <TopBar user={member} />
      <main>
        <h1>Interviews</h1>
        <Card
          actions={
            <Link className="button" href="/interviews/new">
              New interview
            </Link>
          }
          title={`${interviews.length} interview${interviews.length === 1 ? '' : 's'}`}
        >
          {interviews.length === 0 ? (
            <p className="muted">No interviews yet. Create one to get a candidate invite link.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">Candidate</th>
                  <th scope="col">Interview</th>
                  <th scope="col">Status</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Created</th>
                </tr>
              </thead>
              <tbody>
                {interviews.map((i) => (
                  <tr key={i.id}>
                    <td>
                      <Link href={`/interviews/${i.id}`}>{i.candidate.name}</Link>
                      <div className="muted">{i.candidate.email}</div>
                    </td>
                    <td>{i.title}</td>
                    <td>
                      <Badge value={i.status} />
                    </td>
                    <td>{i.kind === 'LIVE' ? 'Live' : 'Recorded'}</td>
                    <td>{new Date(i.createdAt).toLocaleDateString('en-GB', { timeZone: 'UTC' })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      </main>
    </>
  );
}
