'use client';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { z } from 'zod';
import { Alert, Field } from '@/components/ui';
import { ApiError, postJson } from '@/lib/client/api';

/** Joins through a teammate link: a new account, or the signed-in account the link names. */
export function JoinForm({
  token,
  email,
  signedInAs,
}: {
  token: string;
  email: string;
  signedInAs: string | null;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function join(body: Record<string, unknown>) {
    setBusy(true);
    setError(null);
    try {
      await postJson('/api/team/join', { token, ...body }, z.unknown());
      router.push('/dashboard');
      router.refresh();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Joining failed');
      setBusy(false);
    }
  }

  function onSignup(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    void join({ mode: 'signup', name: form.get('name'), password: form.get('password') });
  }

  const here = `/join/${token}`;
  if (signedInAs) {
    return (
      <>
        {error && <Alert>{error}</Alert>}
        <p>
          You are signed in as <strong>{signedInAs}</strong>.
        </p>
        <button type="button" disabled={busy} onClick={() => void join({ mode: 'signed-in' })}>
          {busy ? 'Joining…' : 'Join the team'}
        </button>
      </>
    );
  }
  return (
    <>
      {error && <Alert>{error}</Alert>}
      <form className="stack" onSubmit={onSignup}>
        <label className="field">
          <span>Email</span>
          <input name="email" type="email" value={email} readOnly autoComplete="username" />
        </label>
        <Field label="Your name" name="name" required autoComplete="name" />
        <Field
          label="Password"
          name="password"
          type="password"
          required
          autoComplete="new-password"
          hint="At least 10 characters."
        />
        <button type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create account and join'}
        </button>
      </form>
      <p className="muted">
        Already have an account for {email}?{' '}
        <a href={`/signin?next=${encodeURIComponent(here)}`}>Sign in, then come back here</a>
      </p>
    </>
  );
}
