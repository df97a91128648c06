'use client';

/** The root layout itself failed (e.g. the database is down while it reads the signed-in member). */
export default function GlobalError({
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <html lang="en">
      <body>
        <main role="alert">
          <h1>Temporarily unavailable</h1>
          <p>Candor could not load this page just now. Please try again in a few seconds.</p>
          <button type="button" onClick={() => reset()}>
            Try again
          </button>
        </main>
      </body>
    </html>
  );
}
