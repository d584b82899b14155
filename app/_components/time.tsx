// A point in time: the local date and time, the exact instant on hover, optionally "4 min ago".
import { formatAgo, formatDateTime } from '../_lib/format';

export function Time({ value, now, ago = false }: { value: Date | string | null | undefined; now?: number; ago?: boolean }) {
  if (!value) return <span className="muted">—</span>;
  const d = new Date(value);
  return (
    <time dateTime={d.toISOString()} title={d.toISOString()}>
      {ago && now !== undefined ? formatAgo(d, now) : formatDateTime(d)}
    </time>
  );
}
