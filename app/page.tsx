import Link from 'next/link';
import { redirect } from 'next/navigation';
import { TopBar } from '@/components/topbar';
import { getMember } from '@/lib/server/members';

export const dynamic = 'force-dynamic';

export default async function Home() {
  if (await getMember()) redirect('/dashboard');
  return (
    <>
      <TopBar />
      <main>
        <h1>Know who you are interviewing.</h1>
        <p>
          Candor hosts your video interviews and tells you whether the candidate is a live, present,
          consistent person — or a photo, a replayed recording, a real-time face swap, a stand-in,
          or an operator working through someone else&apos;s laptop. Every flag comes with the
          evidence behind it, and a person always makes the call.
        </p>
        <p>
          <Link className="button" href="/signup">
            Create your team
          </Link>{' '}
          <Link className="button secondary" href="/signin">
            Sign in
          </Link>
        </p>
      </main>
    </>
  );
}
