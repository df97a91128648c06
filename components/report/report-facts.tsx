/** Device and network facts (candidate-reported vs trusted) and the model versions. */

export interface TFactView {
  label: string;
  candidate: string | null;
  trusted: string | null;
  flag: string | null;
}

export function FactsTable({ facts }: { facts: TFactView[] }) {
  if (facts.length === 0)
    return <p className="muted">No device or network facts were recorded for this session.</p>;
  return (
    <div className="table-scroll">
      <table className="facts-table">
        <thead>
          <tr>
            <th scope="col">Fact</th>
            <th scope="col">
              Candidate-reported <span className="untrusted">untrusted</span>
            </th>
            <th scope="col">Measured by Candor (trusted)</th>
          </tr>
        </thead>
        <tbody>
          {facts.map((f) => (
            <tr key={f.label} className={f.flag ? 'mismatch' : undefined}>
              <th scope="row">{f.label}</th>
              <td className="untrusted-cell">{f.candidate ?? '—'}</td>
              <td>
                {f.trusted ?? '—'}
                {f.flag && (
                  <div className="flag" role="note">
                    ⚠ {f.flag}
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ModelsTable({
  models,
  configVersion,
}: {
  models: Array<{ name: string; version: string; sha256: string }>;
  configVersion: string | null;
}) {
  return (
    <>
      <p className="small">
        Fusion config: <span className="mono">{configVersion ?? '—'}</span>
      </p>
      <table className="compact models-table">
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col">Version</th>
            <th scope="col">sha256</th>
          </tr>
        </thead>
        <tbody>
          {models.map((m) => (
            <tr key={m.name}>
              <td>{m.name}</td>
              <td>{m.version}</td>
              <td className="mono">{m.sha256.slice(0, 16)}…</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
