'use client';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { z } from 'zod';
import { Alert, Card, Field } from '@/components/ui';
import { ApiError, postJson } from '@/lib/client/api';

export function SignupForm() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await postJson(
        '/api/account/signup',
        {
          name: form.get('name'),
          email: form.get('email'),
          password: form.get('password'),
          organizationName: form.get('organizationName'),
        },
        z.unknown(),
      );
      router.push('/dashboard');
      router.refresh();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Sign-up failed');
      setBusy(false);
    }
  }

  return (
    <Card>
      {error && <Alert>{error}</Alert>}
      <form className="stack" onSubmit={(e) => void onSubmit(e)}>
        <Field label="Your name" name="name" required autoComplete="name" />
        <Field label="Work email" name="email" type="email" required autoComplete="email" />
        <Field
          label="Password"
          name="password"
          type="password"
          required
          autoComplete="new-password"
          hint="At least 10 characters."
        />
        <Field label="Organization" name="organizationName" required autoComplete="organization" />
        <button type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create account'}
        </button>
      </form>
      <p className="muted">
        Already have an account? <a href="/signin">Sign in</a>
      </p>
    </Card>
  );
}
