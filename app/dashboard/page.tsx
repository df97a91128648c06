import type { Metadata } from 'next';
import Link from 'next/link';
import '../reports.css';
import { TopBar } from '@/components/topbar';
import { Badge, Card } from '@/components/ui';
import { DashboardFilters } from '@/components/dashboard-filters';
import { ZDashboardQuery, type TDashboardQuery } from '@/lib/schemas/report';
import { asyncStatusOf, listDashboard } from '@/lib/server/dashboard';
import { CAN_MANAGE_INTERVIEWS, requirePageMember } from '@/lib/server/members';

export const metadata: Metadata = { title: 'Interviews' };
export const dynamic = 'force-dynamic';

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const day = (d: Date) =>
  d.toLocaleDateString('en-GB', {
    timeZone: 'UTC',
    day: '2-digit',
    month: 'short',
    year: 'numeric',
  });

/** Same filters, another cursor: the URL is the state, so every page can be linked and reloaded. */
function pageHref(q: TDashboardQuery, after: string | null): string {
  const params = new URLSearchParams();
  for (const key of ['status', 'verdict', 'kind', 'alerts', 'q'] as const) {
    const v = q[key];
    if (v) params.set(key, v);
  }
  if (q.sort !== 'newest') params.set('sort', q.sort);
  if (after) params.set('after', after);
  const s = params.toString();
  return s ? `/dashboard?${s}` : '/dashboard';
}

export default async function DashboardPage({ searchParams }: Props) {
  const member = await requirePageMember('/dashboard');
  const raw = await searchParams;
  const q = ZDashboardQuery.parse(
    Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])),
  );
  const { rows, next } = await listDashboard(member, q);
  const filtered = Boolean(q.status || q.verdict || q.kind || q.alerts || q.q);
  return (
    <>
      <TopBar user={member} />
      <main>
        <div className="page-head">
          <h1>Interviews</h1>
          <span>
            <Link href="/settings">Settings</Link>{' '}
            {CAN_MANAGE_INTERVIEWS.includes(member.role) && (
              <Link className="button" href="/interviews/new">
                New interview
              </Link>
            )}
          </span>
        </div>
        <Card>
          <DashboardFilters query={q} />
          {rows.length === 0 ? (
            <p className="muted">
              {filtered
                ? 'No interviews match these filters.'
                : 'No interviews yet. Create one to get a candidate invite link.'}
            </p>
          ) : (
            <div className="table-scroll">
              <table className="dashboard">
                <thead>
                  <tr>
                    <th scope="col">Candidate</th>
                    <th scope="col">Verdict</th>
                    <th scope="col">Status</th>
                    <th scope="col">Kind</th>
                    <th scope="col">Date</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => {
                    const recorded = asyncStatusOf(r.answers);
                    return (
                      <tr key={r.id}>
                        <td>
                          <Link href={`/interviews/${r.id}`}>{r.candidateName}</Link>
                          <div className="muted small">
                            {r.candidateEmail} · {r.title}
                          </div>
                        </td>
                        <td>
                          {r.verdict && r.sessionId ? (
                            <Link
                              className="verdict-link"
                              href={`/sessions/${r.sessionId}`}
                              aria-label={`${r.verdict} ${r.score ?? ''}: open the report`}
                            >
                              <Badge value={r.verdict} />{' '}
                              <span className="muted small">{r.score}</span>
                            </Link>
                          ) : r.sessionId ? (
                            <Link href={`/sessions/${r.sessionId}`}>report</Link>
                          ) : (
                            <span className="muted">—</span>
                          )}
                        </td>
                        <td>
                          <Badge value={r.status} />
                          {recorded && (
                            <div
                              className="muted small"
                              data-testid="async-status"
                              data-status={recorded.code}
                            >
                              {recorded.text}
                            </div>
                          )}
                        </td>
                        <td>{r.kind === 'LIVE' ? 'Live' : 'Recorded'}</td>
                        <td>{day(r.sessionAt ?? r.scheduledAt ?? r.createdAt)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          <nav className="pager" aria-label="Pages">
            {q.after && <Link href={pageHref(q, null)}>« First page</Link>}
            {next && (
              <Link href={pageHref(q, next)} rel="next">
                Next page »
              </Link>
            )}
          </nav>
        </Card>
      </main>
    </>
  );
}
