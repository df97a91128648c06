import { scaleLinear } from 'd3-scale';
import { area, curveMonotoneX, curveStepAfter, line } from 'd3-shape';

/**
 * One signal over the session as a server-rendered SVG (d3-scale/d3-shape compute the geometry;
 * React renders it). No client JavaScript: it renders the same in the page, in print and in the PDF.
 */

export type TChartPoint = [number, number | null];
export type TTone = 'pass' | 'fail' | 'review' | 'muted';

export interface TChartSeries {
  points: TChartPoint[];
  label: string;
  tone: 'a' | 'b';
  step?: boolean;
}

export interface TChartBand {
  from: number;
  to: number;
  label: string;
  tone: TTone;
}

export interface TChartMark {
  at: number;
  label: string;
}

export interface TTimelineChartProps {
  title: string;
  description: string;
  xDomain: [number, number];
  yDomain: [number, number];
  yTicks: number[];
  yFormat?: (v: number) => string;
  series: TChartSeries[];
  range?: Array<[number, number, number]>;
  bands?: TChartBand[];
  marks?: TChartMark[];
  events?: number[];
  thresholds?: Array<{ y: number; label: string }>;
}

const W = 960;
const H = 150;
const M = { top: 10, right: 24, bottom: 22, left: 44 };

export const mmss = (ms: number) => {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

function xTicks(domain: [number, number]): number[] {
  const span = domain[1] - domain[0];
  const steps = [
    5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000,
  ];
  const step = steps.find((s) => span / s <= 10) ?? 3_600_000;
  const out: number[] = [];
  for (let t = Math.ceil(domain[0] / step) * step; t <= domain[1]; t += step) out.push(t);
  return out;
}

export function TimelineChart(p: TTimelineChartProps) {
  const x = scaleLinear()
    .domain(p.xDomain)
    .range([M.left, W - M.right]);
  const y = scaleLinear()
    .domain(p.yDomain)
    .range([H - M.bottom, M.top])
    .clamp(true);
  const fmt = p.yFormat ?? ((v: number) => String(v));
  const rangePath = p.range?.length
    ? area<[number, number, number]>()
        .x((d) => x(d[0]))
        .y0((d) => y(d[1]))
        .y1((d) => y(d[2]))
        .curve(curveMonotoneX)(p.range)
    : null;
  return (
    <figure className="chart">
      <figcaption>
        <strong>{p.title}</strong>
        <span className="chart-legend">
          {p.series.map((s) => (
            <span key={s.label} className={`key key-${s.tone}`}>
              {s.label}
            </span>
          ))}
        </span>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${p.title}: ${p.description}`}>
        <title>{`${p.title}: ${p.description}`}</title>
        {p.bands?.map((b, i) => (
          <rect
            key={`b${i}`}
            className={`band band-${b.tone}`}
            x={x(b.from)}
            width={Math.max(3, x(b.to) - x(b.from))}
            y={M.top}
            height={H - M.top - M.bottom}
          >
            <title>{b.label}</title>
          </rect>
        ))}
        {p.yTicks.map((t) => (
          <g key={`y${t}`}>
            <line className="grid" x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} />
            <text className="tick" x={M.left - 6} y={y(t) + 4} textAnchor="end">
              {fmt(t)}
            </text>
          </g>
        ))}
        {xTicks(p.xDomain).map((t) => (
          <text key={`x${t}`} className="tick" x={x(t)} y={H - 6} textAnchor="middle">
            {mmss(t)}
          </text>
        ))}
        {p.thresholds?.map((t) => (
          <line
            key={`t${t.y}`}
            className="threshold"
            x1={M.left}
            x2={W - M.right}
            y1={y(t.y)}
            y2={y(t.y)}
          >
            <title>{t.label}</title>
          </line>
        ))}
        {rangePath && <path className="range" d={rangePath} />}
        {p.series.map((s) => (
          <path
            key={s.label}
            className={`line line-${s.tone}`}
            d={
              line<TChartPoint>()
                .defined((d) => d[1] !== null)
                .x((d) => x(d[0]))
                .y((d) => y(d[1] ?? 0))
                .curve(s.step ? curveStepAfter : curveMonotoneX)(s.points) ?? ''
            }
          />
        ))}
        {p.events?.map((t, i) => (
          <line
            key={`e${i}`}
            className="event"
            x1={x(t)}
            x2={x(t)}
            y1={H - M.bottom}
            y2={H - M.bottom - 8}
          />
        ))}
        {p.marks?.map((m, i) => (
          <g key={`m${i}`} className="mark">
            <line x1={x(m.at)} x2={x(m.at)} y1={M.top} y2={H - M.bottom} />
            <circle cx={x(m.at)} cy={M.top + 4} r={4} />
            <title>{m.label}</title>
          </g>
        ))}
      </svg>
    </figure>
  );
}
