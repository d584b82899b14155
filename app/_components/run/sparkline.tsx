// A tiny line chart of a series (the training loss), first and last values in its accessible name.
// Positive series spanning more than a factor of 10 are drawn on a log scale, so the tail shows.
import { formatNumber } from '../../_lib/format';

export function Sparkline({ values, label, width = 140, height = 28 }: { values: number[]; label: string; width?: number; height?: number }) {
  const positive = values.every((v) => v > 0);
  const log = positive && Math.max(...values) / Math.min(...values) > 10;
  const ys = log ? values.map(Math.log10) : values;
  const min = Math.min(...ys);
  const span = Math.max(...ys) - min || 1;
  const points = ys
    .map((v, i) => `${((i / (ys.length - 1)) * width).toFixed(1)},${(height - 2 - ((v - min) / span) * (height - 4)).toFixed(1)}`)
    .join(' ');
  const first = formatNumber(values[0]);
  const last = formatNumber(values[values.length - 1]);
  return (
    <span className="sparkline">
      <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${label}${log ? ' (log scale)' : ''}: from ${first} to ${last}`}>
        <polyline points={points} fill="none" stroke="currentColor" strokeWidth="1.5" />
      </svg>
      <span className="muted">
        {first} → {last}
        {log ? ' (log)' : ''}
      </span>
    </span>
  );
}
