'use client';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { z } from 'zod';
import { Alert, Card, Field } from '@/components/ui';
import { ApiError, postJson } from '@/lib/client/api';
import { safeRedirectPath } from '@/lib/schemas/safe-redirect';

export function SigninForm({ next }: { next: string }) {
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
        '/api/auth/sign-in/email',
        { email: form.get('email'), password: form.get('password') },
        z.unknown(),
      );
      router.push(safeRedirectPath(next));
      router.refresh();
    } catch (err) {
      setError(
        err instanceof ApiError && err.status === 401
          ? 'Wrong email or password.'
          : err instanceof ApiError && err.status === 429
            ? 'Too many attempts: wait a minute and try again.'
            : err instanceof Error
              ? err.message
              : 'Sign-in failed',
      );
      setBusy(false);
    }
  }

  return (
    <Card>
      {error && <Alert>{error}</Alert>}
      <form className="stack" onSubmit={(e) => void onSubmit(e)}>
        <Field label="Email" name="email" type="email" required autoComplete="email" />
        <Field
          label="Password"
          name="password"
          type="password"
          required
          autoComplete="current-password"
        />
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p className="muted">
        New to Candor? <a href="/signup">Create your team</a>
      </p>
    </Card>
  );
}
