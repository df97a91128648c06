import type { ReactNode } from 'react';

/** Small presentational building blocks shared by pages. No data fetching here. */

export function Card({
  title,
  children,
  actions,
}: {
  title?: string;
  children: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <section className="card">
      {(title || actions) && (
        <header className="card-head">
          {title && <h2>{title}</h2>}
          {actions}
        </header>
      )}
      {children}
    </section>
  );
}

export function Field({
  label,
  name,
  type = 'text',
  required,
  autoComplete,
  hint,
  defaultValue,
}: {
  label: string;
  name: string;
  type?: string;
  required?: boolean;
  autoComplete?: string;
  hint?: string;
  defaultValue?: string;
}) {
  const hintId = hint ? `${name}-hint` : undefined;
  return (
    <label className="field">
      <span>{label}</span>
      <input
        name={name}
        type={type}
        required={required}
        autoComplete={autoComplete}
        aria-describedby={hintId}
        defaultValue={defaultValue}
      />
      {hint && (
        <small id={hintId} className="hint">
          {hint}
        </small>
      )}
    </label>
  );
}

export function Alert({
  kind = 'error',
  children,
}: {
  kind?: 'error' | 'info' | 'ok';
  children: ReactNode;
}) {
  return (
    <div role={kind === 'error' ? 'alert' : 'status'} className={`alert alert-${kind}`}>
      {children}
    </div>
  );
}

const BADGE_CLASS: Record<string, string> = {
  PASS: 'badge-pass',
  REVIEW: 'badge-review',
  FAIL: 'badge-fail',
  INCONCLUSIVE: 'badge-muted',
  SCHEDULED: 'badge-muted',
  IN_PROGRESS: 'badge-live',
  COMPLETED: 'badge-pass',
  CANCELLED: 'badge-muted',
};

export function Badge({ value }: { value: string }) {
  return (
    <span className={`badge ${BADGE_CLASS[value] ?? 'badge-muted'}`}>
      {value.replace('_', ' ')}
    </span>
  );
}
