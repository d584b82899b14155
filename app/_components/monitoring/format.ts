// Numbers and times as the monitoring page prints them.

/** A statistic to 3 significant digits; "–" where it could not be computed. */
export function stat(v: number | null | undefined, digits = 3): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a < 1e-3 || a >= 1e6) return v.toExponential(2);
  return Number(v.toPrecision(digits)).toString();
}

export function percent(v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  return `${(v * 100).toFixed(digits)} %`;
}

const two = (n: number) => String(n).padStart(2, '0');

/** "12-05 10:00" in local time: short enough for an axis of 48 windows. */
export function shortTime(iso: string | Date): string {
  const d = new Date(iso);
  return `${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** "2026-12-05 10:00 – 11:00" (the end's date too when it differs). */
export function span(start: string, end: string): string {
  const s = new Date(start);
  const e = new Date(end);
  const date = (d: Date) => `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
  const time = (d: Date) => `${two(d.getHours())}:${two(d.getMinutes())}${d.getSeconds() ? `:${two(d.getSeconds())}` : ''}`;
  return date(s) === date(e) ? `${date(s)} ${time(s)} – ${time(e)}` : `${date(s)} ${time(s)} – ${date(e)} ${time(e)}`;
}

/** Text for an HTML tooltip: feature names and messages come from users. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
