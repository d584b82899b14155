// `timeout:` values: seconds, or "30s" / "10m" / "1h" / "500ms".
import { DURATION } from '../grammar';

const unitSeconds: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };

export function durationSeconds(value: unknown): number | undefined {
  if (typeof value === 'number') return value > 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const m = DURATION.exec(value.trim());
  return m ? Number(m[1]) * unitSeconds[m[2]] : undefined;
}
