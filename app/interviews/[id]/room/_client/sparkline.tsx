/** Window-by-window running scores (0–100) as a small line; the dashed line is the PASS threshold. */
export function Sparkline({
  values,
  width = 220,
  height = 48,
  threshold,
}: {
  values: readonly number[];
  width?: number;
  height?: number;
  threshold?: number;
}) {
  const n = values.length;
  const x = (i: number) => (n <= 1 ? width : (i / (n - 1)) * width);
  const y = (v: number) => height - (Math.min(100, Math.max(0, v)) / 100) * (height - 4) - 2;
  const points = values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  return (
    <svg
      className="sparkline"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`Score over the last ${n} seconds`}
      data-testid="live-sparkline"
    >
      <rect x={0} y={0} width={width} height={height} fill="none" stroke="var(--line)" />
      {threshold !== undefined && (
        <line
          x1={0}
          x2={width}
          y1={y(threshold)}
          y2={y(threshold)}
          stroke="var(--muted)"
          strokeDasharray="3 3"
        />
      )}
      {n > 0 && <polyline points={points} fill="none" stroke="var(--live)" strokeWidth={1.5} />}
    </svg>
  );
}
