import Link from 'next/link';
import type { TOriginAlertView, TOriginFacts, TOriginNetwork } from '@/lib/schemas/origin';

/**
 * "Network origin": what the server saw (trusted), what the browser said (untrusted), reuse of one
 * network or device by other candidates of the organization, and answer latency against the
 * measured round trip. Evidence for a reviewer, never a rejection (docs/origin.md).
 */

const KIND_LABEL: Record<TOriginAlertView['kind'], string> = {
  NETWORK_REUSE: 'Network reuse',
  DEVICE_REUSE: 'Device reuse (candidate-reported)',
  ORIGIN_MISMATCH: 'Origin mismatch',
  ANONYMISED_NETWORK: 'Hosting / VPN network',
  LATENCY_OUTLIER: 'Latency outlier',
};

const ms = (x: number | null) => (x === null ? '—' : `${Math.round(x)} ms`);

function NetworkRow({ n }: { n: TOriginNetwork }) {
  const owner = n.asn ? `AS${n.asn} ${n.asOrganization ?? ''}` : n.ipClass;
  return (
    <tr className={n.flags.length > 0 ? 'mismatch' : undefined}>
      <th scope="row">
        <code>{n.ip}</code>
        <div className="muted">{n.networkPrefix}</div>
      </th>
      <td>{owner}</td>
      <td>{n.country ?? '—'}</td>
      <td>{n.flags.length > 0 ? n.flags.join(', ') : '—'}</td>
      <td>
        {n.requests} ({n.routes.join(', ')})
      </td>
    </tr>
  );
}

function Networks({ origin }: { origin: TOriginFacts }) {
  if (origin.networks.length === 0) {
    return (
      <p className="muted">
        No candidate request address was recorded (the server records one only when it can see the
        client address: directly, or through a proxy it trusts with TRUST_PROXY=1).
      </p>
    );
  }
  return (
    <div className="table-scroll">
      <table className="facts-table" aria-label="Candidate network addresses (trusted)">
        <thead>
          <tr>
            <th scope="col">Address (trusted: seen by the server)</th>
            <th scope="col">Network (AS)</th>
            <th scope="col">Country</th>
            <th scope="col">Flags</th>
            <th scope="col">Requests</th>
          </tr>
        </thead>
        <tbody>
          {origin.networks.map((n) => (
            <NetworkRow key={n.ip} n={n} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Claims({ origin }: { origin: TOriginFacts }) {
  return (
    <dl className="facts">
      <dt>Claimed country / time zone (hiring manager)</dt>
      <dd>
        {origin.claimed.country ?? '—'} / {origin.claimed.timeZone ?? '—'}
      </dd>
      <dt>
        Browser time zone and languages <span className="untrusted">untrusted</span>
      </dt>
      <dd className="untrusted-cell">
        {origin.reported.timeZone ?? '—'}
        {origin.reported.languages.length > 0 && ` · ${origin.reported.languages.join(', ')}`}
      </dd>
    </dl>
  );
}

function Reuse({ origin }: { origin: TOriginFacts }) {
  if (origin.reuse.length === 0)
    return <p className="muted">No other candidate of the organization used this network.</p>;
  return (
    <ul className="plain" aria-label="Other candidates on this network">
      {origin.reuse.map((r) => (
        <li key={`${r.match}-${r.network}-${r.interviewId}`}>
          {r.match === 'device'
            ? 'same device (untrusted)'
            : `same ${r.match === 'ip' ? 'address' : 'network'} ${r.network}`}
          {': '}
          <Link href={r.sessionId ? `/sessions/${r.sessionId}` : `/interviews/${r.interviewId}`}>
            {r.candidateName}
          </Link>{' '}
          <span className="muted">last seen {r.lastSeenAt.slice(0, 10)}</span>
        </li>
      ))}
    </ul>
  );
}

function Latency({ origin }: { origin: TOriginFacts }) {
  const l = origin.latency;
  return (
    <dl className="facts" aria-label="Response latency">
      <dt>Challenge answer latency (each, sorted)</dt>
      <dd>{l.challengeLatencyMs.length > 0 ? l.challengeLatencyMs.map(ms).join(' · ') : '—'}</dd>
      <dt>Colour-flash reflection lag</dt>
      <dd>{l.flashLagMs && l.flashLagMs.length > 0 ? l.flashLagMs.map(ms).join(' · ') : '—'}</dd>
      <dt>Network round trip (measured, {l.rttMs.count} windows)</dt>
      <dd>
        median {ms(l.rttMs.p50)}, p95 {ms(l.rttMs.p95)}
      </dd>
      <dt>Outlier threshold</dt>
      <dd>{l.outlierThresholdMs === null ? 'too few timed answers' : ms(l.outlierThresholdMs)}</dd>
    </dl>
  );
}

export function OriginFacts({
  origin,
  alerts,
}: {
  origin: TOriginFacts;
  alerts: TOriginAlertView[];
}) {
  return (
    <section aria-label="Network origin" className="stack">
      {alerts.length > 0 && (
        <ul className="plain" aria-label="Origin alerts">
          {alerts.map((a) => (
            <li key={a.id} className="flag" role="note">
              ⚠ <strong>{KIND_LABEL[a.kind]}</strong> ({a.status.toLowerCase()}): {a.summary}
            </li>
          ))}
        </ul>
      )}
      <Networks origin={origin} />
      <Claims origin={origin} />
      <h3>Other candidates on the same network or device</h3>
      <Reuse origin={origin} />
      <h3>Response latency</h3>
      <Latency origin={origin} />
      <p className="muted">
        Evidence for a reviewer, never a rejection. ASN and country: {origin.dataset.asn}{' '}
        (RouteViews, NRO and <a href="https://db-ip.com">IP Geolocation by DB-IP</a>; CC BY 4.0) and{' '}
        {origin.dataset.country} (NRO; CC BY 4.0); flag list {origin.dataset.flagList}. A laptop
        farm routing through a residential line shows a local address; reuse and latency are what
        remain.
      </p>
    </section>
  );
}
