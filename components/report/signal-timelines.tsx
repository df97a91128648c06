import {
  mmss,
  TimelineChart,
  type TChartBand,
  type TChartMark,
  type TChartPoint,
} from '@/components/charts/timeline-chart';
import { fallSpan } from '@/lib/analysis/score-track';
import { evidenceCaption } from './report-evidence';

/** The six signal timelines of a report, sharing one time axis, challenge bands and flagged moments. */

export interface TTimelinesProps {
  xDomain: [number, number];
  scoreTrack: Array<[number, number]>;
  faces: TChartPoint[];
  yaw: TChartPoint[];
  yawRange: Array<[number, number, number]>;
  blinkRate: TChartPoint[];
  blinkEvents: number[];
  planar: TChartPoint[];
  antiSpoof: TChartPoint[];
  challenges: Array<{
    kind: string;
    outcome: string;
    startMs: number | null;
    endMs: number | null;
  }>;
  flagged: Array<{ atMs: number | null; reason: string }>;
  reasons: Array<{
    text: string;
    startMs: number;
    endMs: number;
    impact: number;
    cap?: number | null;
  }>;
  /** the PASS threshold: the score plot shades where the score fell below it */
  passAt: number;
  thresholds: { planarShare: number; antiSpoofLive: number; profileYaw: number };
  configVersion: string;
}

const TONE: Record<string, TChartBand['tone']> = {
  PASSED: 'pass',
  FAILED: 'fail',
  NOT_PERFORMED: 'review',
};
const pct = (v: number) => `${Math.round(v * 100)}%`;

/** The blink plot's top: 40 per minute, or the next multiple of 20 above the highest rate shown. */
function blinkTop(points: readonly TChartPoint[]): number {
  const max = Math.max(0, ...points.map(([, v]) => v ?? 0));
  return Math.max(40, Math.ceil(max / 20) * 20);
}

export function SignalTimelines(p: TTimelinesProps) {
  const bands: TChartBand[] = p.challenges.flatMap((c) =>
    c.startMs === null
      ? []
      : [
          {
            from: c.startMs,
            to: Math.max(c.endMs ?? c.startMs, c.startMs + 1500),
            label: `${c.kind}: ${c.outcome}`,
            tone: TONE[c.outcome] ?? 'muted',
          },
        ],
  );
  const marks: TChartMark[] = p.flagged.flatMap((f) =>
    f.atMs === null ? [] : [{ at: f.atMs, label: `${mmss(f.atMs)} ${evidenceCaption(f.reason)}` }],
  );
  // Only reasons that point at part of the session (not the whole of it) get a band on the score plot.
  const span = p.xDomain[1] - p.xDomain[0];
  const reasonBands: TChartBand[] = p.reasons
    .filter((r) => (r.impact < 0 || r.cap != null) && r.endMs - r.startMs < span * 0.9)
    .map((r) => ({ from: r.startMs, to: r.endMs, label: r.text, tone: 'fail' }));
  const fall = fallSpan(p.scoreTrack, p.passAt);
  if (fall) reasonBands.push({ from: fall[0], to: fall[1], label: 'score fell', tone: 'fail' });
  const top = blinkTop(p.blinkRate);
  const common = { xDomain: p.xDomain, bands, marks };
  return (
    <div className="timelines">
      <TimelineChart
        {...common}
        bands={[...bands, ...reasonBands]}
        title="Authenticity score"
        description={`running score as the session went on (engine ${p.configVersion}); shaded: challenges, flagged stretches and where the score fell`}
        yDomain={[0, 100]}
        yTicks={[0, 50, 100]}
        series={[{ points: p.scoreTrack, label: 'score (0–100)', tone: 'a' }]}
      />
      <TimelineChart
        {...common}
        title="Faces in view"
        description="number of faces the trusted side saw per second"
        yDomain={[0, 3]}
        yTicks={[0, 1, 2, 3]}
        series={[{ points: p.faces, label: 'faces', tone: 'a', step: true }]}
      />
      <TimelineChart
        {...common}
        title="Head yaw (left–right turn)"
        description="yaw in degrees from facing the camera: + = the candidate turns to their left, − = to their right; band: min–max within each second"
        yDomain={[-90, 90]}
        yTicks={[-60, 0, 60]}
        yFormat={(v) => (v > 0 ? `+${v}°` : v < 0 ? `−${-v}°` : '0°')}
        range={p.yawRange}
        thresholds={[
          { y: p.thresholds.profileYaw, label: 'profile challenge target' },
          { y: -p.thresholds.profileYaw, label: 'profile challenge target' },
        ]}
        series={[{ points: p.yaw, label: 'yaw (mean)', tone: 'a' }]}
      />
      <TimelineChart
        {...common}
        title="Blinks"
        description="blinks per minute over the last 30 s; ticks: each blink"
        yDomain={[0, top]}
        yTicks={[0, top / 2, top]}
        events={p.blinkEvents}
        series={[{ points: p.blinkRate, label: 'blinks / min', tone: 'a' }]}
      />
      <TimelineChart
        {...common}
        title="Planar motion"
        description="share of moving frame pairs that fit a flat plane (photo or screen); dashed: hard-rule level"
        yDomain={[0, 1]}
        yTicks={[0, 0.5, 1]}
        yFormat={pct}
        thresholds={[{ y: p.thresholds.planarShare, label: 'planar share of the hard rule' }]}
        series={[{ points: p.planar, label: 'planar share', tone: 'b' }]}
      />
      <TimelineChart
        {...common}
        title="Anti-spoof"
        description="anti-spoof model P(real) per second; dashed: live level"
        yDomain={[0, 1]}
        yTicks={[0, 0.5, 1]}
        yFormat={(v) => v.toFixed(1)}
        thresholds={[{ y: p.thresholds.antiSpoofLive, label: 'live above this' }]}
        series={[{ points: p.antiSpoof, label: 'P(real)', tone: 'b' }]}
      />
    </div>
  );
}
