import type { TDashboardQuery } from '@/lib/schemas/report';

/** A plain GET form: filters live in the URL, work without JavaScript and survive a reload. */

function Select({
  name,
  label,
  value,
  options,
}: {
  name: string;
  label: string;
  value: string | undefined;
  options: Array<[string, string]>;
}) {
  return (
    <label className="field">
      <span>{label}</span>
      <select name={name} defaultValue={value ?? ''}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

export function DashboardFilters({ query }: { query: TDashboardQuery }) {
  return (
    <form
      className="filters"
      method="get"
      action="/dashboard"
      role="search"
      aria-label="Filter interviews"
    >
      <label className="field grow">
        <span>Candidate</span>
        <input
          type="search"
          name="q"
          defaultValue={query.q ?? ''}
          placeholder="name or email"
          maxLength={100}
        />
      </label>
      <Select
        name="verdict"
        label="Verdict"
        value={query.verdict}
        options={[
          ['', 'Any'],
          ['PASS', 'Pass'],
          ['REVIEW', 'Review'],
          ['FAIL', 'Fail'],
          ['INCONCLUSIVE', 'Inconclusive'],
          ['NONE', 'No verdict'],
        ]}
      />
      <Select
        name="status"
        label="Status"
        value={query.status}
        options={[
          ['', 'Any'],
          ['SCHEDULED', 'Scheduled'],
          ['IN_PROGRESS', 'In progress'],
          ['COMPLETED', 'Completed'],
          ['CANCELLED', 'Cancelled'],
        ]}
      />
      <Select
        name="kind"
        label="Kind"
        value={query.kind}
        options={[
          ['', 'Any'],
          ['LIVE', 'Live'],
          ['ASYNC', 'Recorded'],
        ]}
      />
      <Select
        name="alerts"
        label="Alerts"
        value={query.alerts}
        options={[
          ['', 'Any'],
          ['OPEN', 'Open identity/origin alerts'],
        ]}
      />
      <Select
        name="sort"
        label="Sort"
        value={query.sort}
        options={[
          ['newest', 'Newest first'],
          ['oldest', 'Oldest first'],
          ['candidate', 'Candidate A–Z'],
        ]}
      />
      <button type="submit">Apply</button>
    </form>
  );
}
