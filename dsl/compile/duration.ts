// Durations (`timeout:`, approve and wait config): seconds, or "500ms" / "30s" / "10m" / "1h" / "7d".
import { DURATION } from '../duration';

const unitSeconds: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400 };

export function durationSeconds(value: unknown): number | undefined {
  if (typeof value === 'number') return value > 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const m = DURATION.exec(value.trim());
  return m ? Number(m[1]) * unitSeconds[m[2]] : undefined;
}
