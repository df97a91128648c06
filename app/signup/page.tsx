import type { Metadata } from 'next';
import { TopBar } from '@/components/topbar';
import { SignupForm } from './_client/signup-form';

export const metadata: Metadata = { title: 'Sign up' };

export default function SignupPage() {
  return (
    <>
      <TopBar />
      <main className="narrow">
        <h1>Create your hiring team</h1>
        <SignupForm />
      </main>
    </>
  );
}
