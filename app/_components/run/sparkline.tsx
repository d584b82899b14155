// A tiny line chart of a series (the training loss), first and last values in its accessible name.
import { formatNumber } from '../../_lib/format';

export function Sparkline({ values, label, width = 140, height = 28 }: { values: number[]; label: string; width?: number; height?: number }) {
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const points = values
    .map((v, i) => `${((i / (values.length - 1)) * width).toFixed(1)},${(height - 2 - ((v - min) / span) * (height - 4)).toFixed(1)}`)
    .join(' ');
  const first = formatNumber(values[0]);
  const last = formatNumber(values[values.length - 1]);
  return (
    <span className="sparkline">
      <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${label}: from ${first} to ${last}`}>
        <polyline points={points} fill="none" stroke="currentColor" strokeWidth="1.5" />
      </svg>
      <span className="muted">
        {first} → {last}
      </span>
    </span>
  );
}
