import type { Metadata } from 'next';
import { TopBar } from '@/components/topbar';
import { safeRedirectPath } from '@/lib/schemas/safe-redirect';
import { SigninForm } from './_client/signin-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SigninPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string }>;
}) {
  const { next } = await searchParams;
  // Only paths on this app, so the sign-in page cannot be used as an open redirect.
  const target = safeRedirectPath(next);
  return (
    <>
      <TopBar />
      <main className="narrow">
        <h1>Sign in</h1>
        <SigninForm next={target} />
      </main>
    </>
  );
}
