'use client';

/**
 * Shown instead of Next's generic error page when a page cannot be rendered — in practice when
 * PostgreSQL or the video server is restarting (the supervisor brings them back within seconds).
 */
export default function ErrorPage({
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <main className="page narrow" role="alert">
      <h1>Temporarily unavailable</h1>
      <p>
        Candor could not load this page just now. If the database or the video server is restarting,
        this clears in a few seconds; nothing you entered was lost.
      </p>
      <p>
        <button type="button" onClick={() => reset()}>
          Try again
        </button>{' '}
        <a href="/">Home</a>
      </p>
    </main>
  );
}
