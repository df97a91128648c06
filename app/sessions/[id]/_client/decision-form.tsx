'use client';
import { useState } from 'react';
import { Alert } from '@/components/ui';
import { useAction } from '@/lib/client/use-action';
import { ZCreated, type TReviewDecisionKind } from '@/lib/schemas/report';

const CHOICES: Array<{ value: TReviewDecisionKind; label: string; hint: string }> = [
  { value: 'ACCEPT', label: 'Accept', hint: 'a live, present candidate' },
  { value: 'ESCALATE', label: 'Escalate', hint: 'needs another look or a follow-up call' },
  { value: 'REJECT', label: 'Reject', hint: 'not the live candidate' },
];

export function DecisionForm({ sessionId }: { sessionId: string }) {
  const [decision, setDecision] = useState<TReviewDecisionKind | null>(null);
  const [comment, setComment] = useState('');
  const { busy, error, run } = useAction(ZCreated);
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!decision) return;
    const body = comment.trim() ? { decision, comment } : { decision };
    if (await run(`/api/sessions/${sessionId}/decision`, body)) setComment('');
  }
  return (
    <form className="stack" onSubmit={(e) => void submit(e)}>
      {error && <Alert>{error}</Alert>}
      <fieldset className="choices">
        <legend>Decision (recorded with your name and the time, and in the audit log)</legend>
        {CHOICES.map((c) => (
          <label key={c.value} className="choice">
            <input
              type="radio"
              name="decision"
              value={c.value}
              checked={decision === c.value}
              onChange={() => setDecision(c.value)}
            />
            <span>
              <strong>{c.label}</strong> <span className="muted">— {c.hint}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <label className="field">
        <span>Comment (optional)</span>
        <input
          name="comment"
          maxLength={2000}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
        />
      </label>
      <div>
        <button type="submit" disabled={busy || !decision}>
          {busy ? 'Saving…' : 'Record decision'}
        </button>
      </div>
    </form>
  );
}
