import 'server-only';
import type { TDeviceFacts, TNetworkStatsWindow } from '@/lib/schemas/rooms';
import { median } from '@/lib/analysis/math/stats';
import { loadEngineAggregates, type TEngineAggregate } from '../evidence/engine-projections';
import { loadDeviceEvidence } from '../evidence/load-session-evidence';

/**
 * Device and network facts side by side: what the candidate's browser reported (untrusted: the
 * candidate controls it) and what the trusted side measured. A disagreement is itself a signal, so
 * each row says whether the two sides disagree.
 */

export interface TFactRow {
  label: string;
  candidate: string | null;
  trusted: string | null;
  /** why this row deserves a look; null when nothing is off */
  flag: string | null;
}

const VIRTUAL_CAMERA =
  /obs|manycam|xsplit|snap camera|vcam|unity video|virtual|droidcam|camtwist|mmhmm/i;

async function loadRows(sessionId: string) {
  const [{ device, network }, engine] = await Promise.all([
    loadDeviceEvidence(sessionId),
    loadEngineAggregates(sessionId),
  ]);
  return { device, network, engine };
}

const med = (xs: Array<number | null>): number | null => {
  const v = xs.filter((x): x is number => x !== null);
  return v.length ? median(v) : null;
};
const res = (w: number | null, h: number | null) => (w && h ? `${w}×${h}` : null);
const pct = (x: number) => `${Math.round(x * 100)}%`;

function offsetMinutes(tz: string, at: Date): number | null {
  try {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      timeZoneName: 'longOffset',
    }).formatToParts(at);
    const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? '';
    const m = /GMT([+-])(\d\d):(\d\d)/.exec(name);
    return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  } catch {
    return null;
  }
}

function deviceRows(
  d: TDeviceFacts | null,
  net: TNetworkStatsWindow[],
  claimedTz: string | null,
  at: Date,
): TFactRow[] {
  const rxW = med(net.map((n) => n.frameWidth));
  const rxH = med(net.map((n) => n.frameHeight));
  const rxFps = med(net.map((n) => n.framesPerSecond));
  const delivered = d ? d.delivered : null;
  const tooSharp =
    delivered?.width && rxW
      ? rxW * (rxH ?? 0) > delivered.width * (delivered.height ?? 0) * 1.1
      : false;
  const tooFast = delivered?.frameRate && rxFps ? rxFps > delivered.frameRate + 3 : false;
  const tzOff = d ? offsetMinutes(d.timeZone, at) : null;
  const claimedOff = claimedTz ? offsetMinutes(claimedTz, at) : null;
  return [
    {
      label: 'Camera',
      candidate: d
        ? `${d.cameraLabel || '(no label)'} (${d.cameraCount} camera${d.cameraCount === 1 ? '' : 's'})`
        : null,
      trusted: null,
      flag: d && VIRTUAL_CAMERA.test(d.cameraLabel) ? 'name of a virtual-camera program' : null,
    },
    {
      label: 'Video resolution',
      candidate: d
        ? `requested ${res(d.requested.width, d.requested.height) ?? '—'}, delivered ${res(d.delivered.width, d.delivered.height) ?? '—'}`
        : null,
      trusted: res(rxW, rxH) && `received ${res(rxW, rxH)}`,
      flag: tooSharp ? 'received more pixels than the camera reportedly delivered' : null,
    },
    {
      label: 'Frame rate',
      candidate: d?.delivered.frameRate ? `${d.delivered.frameRate} fps delivered` : null,
      trusted: rxFps !== null ? `${rxFps.toFixed(0)} fps received` : null,
      flag: tooFast ? 'received faster than the camera reportedly delivered' : null,
    },
    {
      label: 'Time zone',
      candidate: d?.timeZone ?? null,
      trusted: claimedTz ? `claimed: ${claimedTz}` : null,
      flag:
        tzOff !== null && claimedOff !== null && tzOff !== claimedOff
          ? 'browser time zone differs from the claimed one'
          : null,
    },
    {
      label: 'Languages',
      candidate: d ? d.languages.join(', ') || '—' : null,
      trusted: null,
      flag: null,
    },
    { label: 'Browser', candidate: d?.userAgent ?? null, trusted: null, flag: null },
  ];
}

function networkRows(net: TNetworkStatsWindow[]): TFactRow[] {
  if (net.length === 0) return [];
  const rtt = med(net.map((n) => n.rttMs));
  const jitter = med(net.map((n) => n.jitterMs));
  const loss = med(net.map((n) => n.lossRate));
  const relay = net.some((n) => n.remoteCandidateType === 'relay');
  return [
    {
      label: 'Round trip',
      candidate: null,
      trusted: rtt !== null ? `${Math.round(rtt)} ms median` : null,
      flag: rtt !== null && rtt > 400 ? 'unusually high round trip' : null,
    },
    {
      label: 'Jitter / loss',
      candidate: null,
      trusted: `${jitter !== null ? Math.round(jitter) : '—'} ms / ${loss !== null ? pct(loss) : '—'}`,
      flag: null,
    },
    {
      label: 'Candidate connection',
      candidate: null,
      trusted: relay ? 'through a relay (TURN)' : 'direct',
      flag: relay ? 'relay-only connectivity' : null,
    },
  ];
}

function engineRows(engine: TEngineAggregate[]): TFactRow[] {
  const t = engine.find((e) => e.source === 'TRUSTED');
  const c = engine.find((e) => e.source === 'CANDIDATE');
  if (!c) return [];
  const face = (e: TEngineAggregate | undefined) =>
    e && e.frames ? 1 - e.noFace / e.frames : null;
  const [tf, cf] = [face(t), face(c)];
  const [ta, ca] = [t?.antiSpoof ?? null, c.antiSpoof];
  return [
    {
      label: 'Face visible',
      candidate: cf !== null ? pct(cf) : null,
      trusted: tf !== null ? pct(tf) : null,
      flag:
        tf !== null && cf !== null && Math.abs(tf - cf) > 0.25
          ? 'the two sides saw different amounts of face'
          : null,
    },
    {
      label: 'Anti-spoof (mean P(real))',
      candidate: ca !== null ? ca.toFixed(2) : null,
      trusted: ta !== null ? ta.toFixed(2) : null,
      flag:
        ta !== null && ca !== null && ca - ta > 0.4
          ? 'candidate-side figures look better than what was received'
          : null,
    },
  ];
}

export async function loadFacts(
  sessionId: string,
  claimedTz: string | null,
  at: Date,
): Promise<TFactRow[]> {
  const { device, network, engine } = await loadRows(sessionId);
  if (!device && network.length === 0 && engine.every((e) => e.source === 'TRUSTED')) return [];
  return [
    ...deviceRows(device, network, claimedTz, at),
    ...networkRows(network),
    ...engineRows(engine),
  ];
}
