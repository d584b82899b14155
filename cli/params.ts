// `--param NAME=VALUE` pairs: numbers and booleans are typed, the rest are strings; the checker validates types.
import { UsageError } from './exit';

export function parseParams(pairs: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new UsageError(`--param ${p}: expected NAME=VALUE`);
    const raw = p.slice(eq + 1);
    out[p.slice(0, eq)] = raw === 'true' ? true : raw === 'false' ? false : raw !== '' && !Number.isNaN(Number(raw)) ? Number(raw) : raw;
  }
  return out;
}
