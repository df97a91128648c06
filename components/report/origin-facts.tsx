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

const CW = 600;
const CH = 96;
const LANES = [
  { key: 'answers', label: 'answers', y: 30 },
  { key: 'flash', label: 'flash lag', y: 58 },
] as const;

/**
 * The distribution on one time axis: each challenge answer's latency and each colour-flash lag as a
 * dot, the measured round trip (median, solid) and the outlier threshold (dashed) as lines.
 */
function LatencyChart({ l }: { l: TOriginFacts['latency'] }) {
  const all = [
    ...l.challengeLatencyMs,
    ...l.flashLagMs,
    l.rttMs.p95 ?? 0,
    l.outlierThresholdMs ?? 0,
  ];
  const step = niceStep(Math.max(1000, ...all));
  const maxMs = Math.ceil(Math.max(1000, ...all) / step) * step;
  const left = 70;
  const x = (v: number) => left + (v / maxMs) * (CW - left - 10);
  const ticks = Array.from({ length: Math.floor(maxMs / step) + 1 }, (_, i) => i * step);
  const lanes = { answers: l.challengeLatencyMs, flash: l.flashLagMs };
  const over = (v: number) => l.outlierThresholdMs !== null && v > l.outlierThresholdMs;
  return (
    <svg
      viewBox={`0 0 ${CW} ${CH}`}
      width="100%"
      style={{ maxWidth: CW }}
      role="img"
      aria-label={`Response latency: ${l.challengeLatencyMs.length} challenge answers (median ${ms(l.challengeP50Ms)}), ${l.flashLagMs.length} colour-flash lags, network round trip median ${ms(l.rttMs.p50)}`}
      data-testid="latency-chart"
      className="latency-chart"
    >
      {LANES.map((lane) => (
        <g key={lane.key}>
          <text x={0} y={lane.y + 4} fontSize={11} fill="currentColor">
            {lane.label}
          </text>
          <line x1={left} x2={CW - 10} y1={lane.y} y2={lane.y} stroke="#ccc" />
          {lanes[lane.key].map((v, i, all) => (
            <circle
              key={`${lane.key}-${i}`}
              cx={x(v)}
              // equal values (within 1 % of the axis) stack upwards instead of hiding each other
              cy={lane.y - 7 * all.slice(0, i).filter((u) => Math.abs(u - v) < maxMs / 100).length}
              r={4}
              fill={lane.key === 'answers' && over(v) ? '#c0392b' : '#1f5fa8'}
              opacity={0.8}
            >
              <title>{`${lane.label}: ${Math.round(v)} ms`}</title>
            </circle>
          ))}
        </g>
      ))}
      {l.rttMs.p50 !== null && (
        <line x1={x(l.rttMs.p50)} x2={x(l.rttMs.p50)} y1={14} y2={70} stroke="#2e7d32">
          <title>{`network round trip, median ${Math.round(l.rttMs.p50)} ms`}</title>
        </line>
      )}
      {l.outlierThresholdMs !== null && (
        <line
          x1={x(l.outlierThresholdMs)}
          x2={x(l.outlierThresholdMs)}
          y1={14}
          y2={44}
          stroke="#c0392b"
          strokeDasharray="4 3"
        >
          <title>{`outlier threshold ${Math.round(l.outlierThresholdMs)} ms`}</title>
        </line>
      )}
      {ticks.map((t) => (
        <text key={t} x={x(t)} y={88} fontSize={10} textAnchor="middle" fill="currentColor">
          {t >= 1000 ? `${t / 1000} s` : `${t} ms`}
        </text>
      ))}
    </svg>
  );
}

function niceStep(maxMs: number): number {
  for (const s of [250, 500, 1000, 2000, 5000, 10_000]) if (maxMs / s <= 8) return s;
  return 20_000;
}

function Latency({ origin }: { origin: TOriginFacts }) {
  const l = origin.latency;
  const excess = l.flashExcessMs;
  return (
    <>
      {(l.challengeLatencyMs.length > 0 || l.flashLagMs.length > 0) && <LatencyChart l={l} />}
      <p className="small muted">
        Dots: challenge answers (prompt → first visible response) and colour-flash reflection lags,
        both on the received video&apos;s clock, so each holds one network round trip (green line,
        measured). Red dashed line: outlier threshold; answers past it are red (REVIEW evidence
        only).
      </p>
      <dl className="facts" aria-label="Response latency">
        <dt>Challenge answer latency (each, sorted)</dt>
        <dd>
          {l.challengeLatencyMs.length > 0
            ? `${l.challengeLatencyMs.map(ms).join(' · ')} (median ${ms(l.challengeP50Ms)}, p95 ${ms(l.challengeP95Ms)})`
            : '—'}
        </dd>
        <dt>Colour-flash reflection lag</dt>
        <dd>
          {l.flashLagMs.length > 0 ? l.flashLagMs.map(ms).join(' · ') : '—'}
          {excess.length > 0 && ` (minus the round trip: ${excess.map(ms).join(' · ')})`}
        </dd>
        <dt>Network round trip (measured, {l.rttMs.count} windows)</dt>
        <dd>
          median {ms(l.rttMs.p50)}, p95 {ms(l.rttMs.p95)}
        </dd>
        <dt>Outlier threshold</dt>
        <dd>
          {l.outlierThresholdMs === null ? 'too few timed answers' : ms(l.outlierThresholdMs)}
        </dd>
      </dl>
    </>
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
