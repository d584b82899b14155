// The headline metrics a registry page shows first, with fixed decimals so versions compare at a glance.
const PREFERRED = ['accuracy', 'macroF1', 'logLoss', 'rmse', 'mae', 'r2'];

/** The metrics worth a column: the preferred ones any version has, else the first few any version has. */
export function keyMetrics(all: Array<Record<string, number>>, max = 4): string[] {
  const present = new Set(all.flatMap((m) => Object.keys(m)));
  const preferred = PREFERRED.filter((k) => present.has(k));
  return (preferred.length > 0 ? preferred : [...present].sort()).slice(0, max);
}

export function formatMetric(key: string, v: number | undefined | null): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '—';
  if (Number.isInteger(v) && Math.abs(v) > 1) return String(v); // counts (rows, support) stay whole
  return v.toFixed(key === 'logLoss' || key === 'ece' ? 4 : 3);
}
