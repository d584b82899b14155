// A column's distribution in a cell: a small histogram (numbers, dates) or its most frequent values (strings, booleans).
import { formatNumber } from '../../_lib/format';
import type { ColumnStats } from './types';

const W = 132;
const H = 28;

function edge(type: ColumnStats['type'], x: number): string {
  return type === 'date' ? new Date(x).toISOString().slice(0, 10) : formatNumber(x);
}

export function ColumnChart({ column }: { column: ColumnStats }) {
  if (column.histogram && column.histogram.length > 0) {
    const bins = column.histogram;
    const top = Math.max(...bins.map((b) => b.count), 1);
    const w = W / bins.length;
    const perValue = bins.every((b) => b.lo === b.hi);
    const label = (b: (typeof bins)[number]) => (perValue ? edge(column.type, b.lo) : `${edge(column.type, b.lo)} – ${edge(column.type, b.hi)}`);
    return (
      <svg className="col-hist" width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Histogram of ${column.name}`}>
        {bins.map((b, i) => {
          const h = b.count === 0 ? 0 : Math.max(1.5, (b.count / top) * (H - 2));
          return (
            <rect key={i} x={i * w + 0.5} y={H - h} width={Math.max(1, w - 1)} height={h}>
              <title>{`${label(b)}: ${formatNumber(b.count)} rows`}</title>
            </rect>
          );
        })}
      </svg>
    );
  }
  if (column.top && column.top.length > 0) {
    const top = column.top;
    const most = top[0].count;
    return (
      <ul className="col-top" aria-label={`Most frequent values of ${column.name}`}>
        {top.slice(0, 4).map((t) => (
          <li key={t.value} title={`${t.value}: ${formatNumber(t.count)} rows`}>
            <span className="col-top-bar" style={{ width: `${Math.round((t.count / most) * 100)}%` }} aria-hidden="true" />
            <span className="col-top-value">{t.value === '' ? '(empty)' : t.value}</span>
            <span className="col-top-count">{formatNumber(t.count)}</span>
          </li>
        ))}
        {column.distinct > 4 && <li className="muted small">+{formatNumber(column.distinct - 4)} more</li>}
      </ul>
    );
  }
  return <span className="muted">—</span>;
}
