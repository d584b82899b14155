// Display formats for durations, numbers, hashes and times. Pure functions.

/** 31 ms · 1.2 s · 2 m 05 s · 1 h 02 m */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} m ${String(Math.floor(s % 60)).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} m`;
}

/** Milliseconds between two times; open-ended spans run to `now`. */
export function spanMs(start: Date | string | null | undefined, end: Date | string | null | undefined, now: number): number | undefined {
  if (!start) return undefined;
  const s = new Date(start).getTime();
  const e = end ? new Date(end).getTime() : now;
  return Math.max(0, e - s);
}

const intFmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** Integers with separators; fractions to 4 significant digits (0.9767, 0.02660, 12.35). */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return intFmt.format(v);
  const abs = Math.abs(v);
  if (abs >= 1000) return intFmt.format(v);
  if (abs < 1e-4) return v.toExponential(2);
  return String(Number(v.toPrecision(4)));
}

/** A scalar JSON value for a facts list. */
export function formatValue(v: unknown): string {
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (v === null || v === undefined) return '—';
  return String(v);
}

export function shortHash(hash: string, n = 12): string {
  return hash.replace(/^sha256[:/]/, '').slice(0, n);
}

const dateFmt = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });

export function formatDateTime(d: Date | string): string {
  return dateFmt.format(new Date(d));
}

/** "just now", "4 min ago", "3 h ago", "2 d ago". */
export function formatAgo(d: Date | string, now: number): string {
  const s = Math.round((now - new Date(d).getTime()) / 1000);
  if (s < 45) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 36) return `${h} h ago`;
  return `${Math.round(h / 24)} d ago`;
}

/** "Beak Length (mm)" keeps its words; "macroF1" → "macro F1"; "rowsIn" → "rows in"; "rocAuc" → "ROC AUC"; "ece" → "ECE". */
export function humanize(key: string): string {
  return key
    .replace(/([a-z])([A-Z])/g, (_, a: string, b: string) => `${a} ${b.toLowerCase()}`)
    .replace(/ f1\b/, ' F1')
    .replace(/^roc auc\b/, 'ROC AUC')
    .replace(/^ece$/, 'ECE');
}
