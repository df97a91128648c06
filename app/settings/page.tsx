import type { Metadata } from 'next';
import { TopBar } from '@/components/topbar';
import { Card } from '@/components/ui';
import { requirePageMember } from '@/lib/server/members';
import { getRetentionDays } from '@/lib/server/retention';
import { RetentionForm } from './_client/retention-form';

export const metadata: Metadata = { title: 'Settings' };
export const dynamic = 'force-dynamic';

export default async function SettingsPage() {
  const member = await requirePageMember('/settings');
  const retentionDays = await getRetentionDays(member);
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
      </main>
    </>
  );
}
