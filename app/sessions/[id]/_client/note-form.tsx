'use client';
import { useState } from 'react';
import { Alert } from '@/components/ui';
import { useAction } from '@/lib/client/use-action';
import { ZCreated } from '@/lib/schemas/report';

export function NoteForm({ sessionId }: { sessionId: string }) {
  const [body, setBody] = useState('');
  const { busy, error, run } = useAction(ZCreated);
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (await run(`/api/sessions/${sessionId}/notes`, { body })) setBody('');
  }
  return (
    <form className="stack" onSubmit={(e) => void submit(e)}>
      {error && <Alert>{error}</Alert>}
      <label className="field">
        <span>Add a note</span>
        <textarea
          name="body"
          rows={3}
          maxLength={4000}
          required
          value={body}
          onChange={(e) => setBody(e.target.value)}
        />
      </label>
      <div>
        <button type="submit" disabled={busy || !body.trim()}>
          {busy ? 'Saving…' : 'Add note'}
        </button>
      </div>
    </form>
  );
}
