import type { Metadata } from 'next';
import { TopBar } from '@/components/topbar';
import { Card } from '@/components/ui';
import { auditHead } from '@/lib/server/audit';
import { requirePageMember } from '@/lib/server/members';
import { getRetentionDays } from '@/lib/server/retention';
import { RetentionForm } from './_client/retention-form';

export const metadata: Metadata = { title: 'Settings' };
export const dynamic = 'force-dynamic';

export default async function SettingsPage() {
  const member = await requirePageMember('/settings');
  const retentionDays = await getRetentionDays(member);
  const head = await auditHead(member.organizationId);
  return (
    <>
      <TopBar user={member} />
      <main>
        <h1>Settings</h1>
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
