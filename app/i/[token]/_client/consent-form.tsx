'use client';
import { useState, type FormEvent } from 'react';
import { z } from 'zod';
import { Alert, Card } from '@/components/ui';
import { ApiError, postJson } from '@/lib/client/api';

export function ConsentForm({
  token,
  noticeVersion,
  alreadyConsented,
}: {
  token: string;
  noticeVersion: string;
  alreadyConsented: boolean;
}) {
  const [done, setDone] = useState(alreadyConsented);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await postJson(
        '/api/consent',
        { token: decodeURIComponent(token), noticeVersion, agreed: true },
        z.unknown(),
      );
      setDone(true);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Could not record your consent');
    } finally {
      setBusy(false);
    }
  }

  if (done) {
    return (
      <Card title="Thank you">
        <Alert kind="ok">Your consent is recorded.</Alert>
        <p>
          <a className="button" href={`/i/${token}/join`}>
            Continue to camera check
          </a>
        </p>
      </Card>
    );
  }
  return (
    <Card title="Your consent">
      {error && <Alert>{error}</Alert>}
      <form className="stack" onSubmit={(e) => void onSubmit(e)}>
        <label>
          <input type="checkbox" name="agree" required /> I have read this notice and agree to the
          capture described above.
        </label>
        <button type="submit" disabled={busy}>
          {busy ? 'Recording…' : 'I agree — continue'}
        </button>
      </form>
      <p className="muted">
        If you do not agree, close this page and contact the hiring team: you will be offered
        another way to interview.
      </p>
    </Card>
  );
}
