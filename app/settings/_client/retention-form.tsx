'use client';
import { useState } from 'react';
import { Alert } from '@/components/ui';
import { useAction } from '@/lib/client/use-action';
import { z } from 'zod';

export function RetentionForm({ current }: { current: number }) {
  const [days, setDays] = useState(String(current));
  const [saved, setSaved] = useState(false);
  const { busy, error, run } = useAction(z.object({ retentionDays: z.number() }));
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setSaved(Boolean(await run('/api/organization/retention', { retentionDays: Number(days) })));
  }
  return (
    <form className="stack" onSubmit={(e) => void submit(e)}>
      {error && <Alert>{error}</Alert>}
      {saved && <Alert kind="ok">Saved.</Alert>}
      <label className="field">
        <span>Keep biometric data for (days)</span>
        <input
          name="retentionDays"
          type="number"
          min={1}
          max={730}
          required
          value={days}
          onChange={(e) => setDays(e.target.value)}
        />
        <small className="hint">
          1–730. Older sessions lose their face images and signal data; verdicts and the audit trail
          stay.
        </small>
      </label>
      <div>
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Save'}
        </button>
      </div>
    </form>
  );
}
