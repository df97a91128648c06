'use client';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { z } from 'zod';
import { Alert, Card, Field } from '@/components/ui';
import { ApiError, postJson } from '@/lib/client/api';
import { AsyncQuestionsEditor, readQuestions } from './async-questions';

const ZCreated = z.object({ interview: z.object({ id: z.string() }), inviteUrl: z.string() });

const optional = (v: FormDataEntryValue | null) =>
  typeof v === 'string' && v.trim() ? v.trim() : undefined;

export function NewInterviewForm() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [kind, setKind] = useState<'LIVE' | 'ASYNC'>('LIVE');

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const scheduled = optional(f.get('scheduledAt'));
    setBusy(true);
    setError(null);
    try {
      const created = await postJson(
        '/api/interviews',
        {
          title: f.get('title'),
          kind,
          questions: kind === 'ASYNC' ? readQuestions(f) : undefined,
          scheduledAt: scheduled ? new Date(scheduled).toISOString() : undefined,
          candidate: {
            name: f.get('candidateName'),
            email: f.get('candidateEmail'),
            claimedLocation: optional(f.get('claimedLocation')),
            claimedTimeZone: optional(f.get('claimedTimeZone')),
            claimedCountry: optional(f.get('claimedCountry')),
          },
        },
        ZCreated,
      );
      router.push(`/interviews/${created.interview.id}`);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Could not create the interview');
      setBusy(false);
    }
  }

  return (
    <Card>
      {error && <Alert>{error}</Alert>}
      <form className="stack" onSubmit={(e) => void onSubmit(e)}>
        <Field label="Interview title" name="title" required defaultValue="Technical interview" />
        <div className="row">
          <label className="field">
            <span>Kind</span>
            <select
              name="kind"
              value={kind}
              onChange={(e) => setKind(e.target.value === 'ASYNC' ? 'ASYNC' : 'LIVE')}
            >
              <option value="LIVE">Live (video call)</option>
              <option value="ASYNC">Recorded (async answers)</option>
            </select>
          </label>
          <Field label="Scheduled for (optional)" name="scheduledAt" type="datetime-local" />
        </div>
        {kind === 'ASYNC' && <AsyncQuestionsEditor />}
        <h2>Candidate</h2>
        <div className="row">
          <Field label="Name" name="candidateName" required />
          <Field label="Email" name="candidateEmail" type="email" required />
        </div>
        <div className="row">
          <Field
            label="Claimed location (optional)"
            name="claimedLocation"
            hint="Where the candidate says they work from, e.g. Austin, TX"
          />
          <Field
            label="Claimed time zone (optional)"
            name="claimedTimeZone"
            hint="IANA name, e.g. America/Chicago"
          />
          <Field
            label="Claimed country (optional)"
            name="claimedCountry"
            hint="Two-letter ISO code, e.g. US: compared with the country of their network address"
          />
        </div>
        <button type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create interview and invite link'}
        </button>
      </form>
    </Card>
  );
}
