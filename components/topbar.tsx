import Link from 'next/link';

export function TopBar({
  user,
}: {
  user?: { name: string; organizationName: string; role: string };
}) {
  return (
    <header className="topbar">
      <Link className="brand" href={user ? '/dashboard' : '/'}>
        Candor
      </Link>
      <nav aria-label="Main">
        {user && (
          <>
            <Link href="/dashboard">Interviews</Link>
            {user.role !== 'REVIEWER' && <Link href="/interviews/new">New interview</Link>}
            <Link href="/settings">{user.role === 'OWNER' ? 'Settings' : 'Team and settings'}</Link>
          </>
        )}
      </nav>
      {user ? (
        <span className="who">
          {user.name} · {user.organizationName} ({user.role.toLowerCase()}) ·{' '}
          <form method="post" action="/signout" className="inline-form">
            <button type="submit" className="link-button">
              Sign out
            </button>
          </form>
        </span>
      ) : (
        <span className="who">
          <Link href="/signin">Sign in</Link> · <Link href="/signup">Sign up</Link>
        </span>
      )}
    </header>
  );
}
