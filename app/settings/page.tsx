import type { Metadata } from 'next';
import { TopBar } from '@/components/topbar';
import { Card } from '@/components/ui';
import { auditHead } from '@/lib/server/audit';
import { requirePageMember } from '@/lib/server/members';
import { getRetentionDays } from '@/lib/server/retention';
import { listTeam } from '@/lib/server/team';
import { RetentionForm } from './_client/retention-form';
import { TeamManager } from './_client/team-manager';

const fmt = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
const roleLabel = (r: string) => r.charAt(0) + r.slice(1).toLowerCase();

export const metadata: Metadata = { title: 'Settings' };
export const dynamic = 'force-dynamic';

export default async function SettingsPage() {
  const member = await requirePageMember('/settings');
  const retentionDays = await getRetentionDays(member);
  const head = await auditHead(member.organizationId);
  const team = await listTeam(member);
  const members = team.members.map((m) => ({
    id: m.id,
    name: m.user.name,
    email: m.user.email,
    role: m.role,
    joined: fmt(m.createdAt),
    isYou: m.userId === member.userId,
  }));
  return (
    <>
      <TopBar user={member} />
      <main>
        <h1>Settings</h1>
        <Card title="Team">
          {member.role === 'OWNER' ? (
            <TeamManager
              members={members}
              invites={team.invites.map((v) => ({
                id: v.id,
                email: v.email,
                role: v.role,
                expiresAt: fmt(v.expiresAt),
              }))}
            />
          ) : (
            <>
              <p className="muted">Only an owner can invite teammates or change roles.</p>
              <table aria-label="Team members">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Email</th>
                    <th scope="col">Role</th>
                  </tr>
                </thead>
                <tbody>
                  {members.map((m) => (
                    <tr key={m.id} data-testid="team-member">
                      <td>{m.name}</td>
                      <td>{m.email}</td>
                      <td>{roleLabel(m.role)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </Card>
        <Card title="Data retention">
          {member.role === 'OWNER' ? (
            <RetentionForm current={retentionDays} />
          ) : (
            <p>Biometric data is kept for {retentionDays} days. Only an owner can change this.</p>
          )}
        </Card>
        <Card title="Audit log anchor">
          <p className="muted">
            The newest entry of this organization&apos;s hash-chained audit log. Every export
            carries it too; note it down now and then: a log rebuilt behind the database&apos;s back
            no longer reaches the anchor you kept.
          </p>
          {head ? (
            <p>
              Entry #{head.seq} at {head.createdAt}:{' '}
              <code data-testid="audit-head">{head.hash}</code>
            </p>
          ) : (
            <p>No audit entries yet.</p>
          )}
        </Card>
      </main>
    </>
  );
}
