'use client';
import { useState } from 'react';
import { Alert } from '@/components/ui';
import { useAction } from '@/lib/client/use-action';
import { ZBiometricsDeleted, type TBiometricsDeleted } from '@/lib/schemas/report';

/** Owner-only: honours a candidate's request to delete their biometric data (asks once to confirm). */
export function DeleteBiometrics({
  candidateId,
  candidateName,
}: {
  candidateId: string;
  candidateName: string;
}) {
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState<TBiometricsDeleted | null>(null);
  const { busy, error, run } = useAction(ZBiometricsDeleted);
  async function confirm() {
    const out = await run(`/api/candidates/${candidateId}/delete-biometrics`, {});
    if (out) setDone(out);
    setConfirming(false);
  }
  return (
    <div className="stack">
      {error && <Alert>{error}</Alert>}
      {done && (
        <Alert kind="ok">
          Deleted: {done.windows} signal windows and {done.thumbnails} images from {done.sessions}{' '}
          session(s). Verdicts and the audit trail remain.
        </Alert>
      )}
      {confirming ? (
        <p>
          Delete all face images and signal data of {candidateName} in every interview? This cannot
          be undone.{' '}
          <button type="button" className="danger" disabled={busy} onClick={() => void confirm()}>
            {busy ? 'Deleting…' : 'Yes, delete'}
          </button>{' '}
          <button type="button" className="secondary" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </p>
      ) : (
        <div>
          <button type="button" className="danger" onClick={() => setConfirming(true)}>
            Delete candidate&apos;s biometric data
          </button>
        </div>
      )}
    </div>
  );
}
