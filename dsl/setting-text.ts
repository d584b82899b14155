// A step setting's value on one line, as the compare page and `headrace compare` show it: exactly as written in
// the pipeline (no rounding: 0.0005 and 0.0004 must not both read 0.0005), objects and lists as JSON.
export function settingText(v: unknown): string {
  if (v === undefined) return '—';
  if (v === null) return 'null';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}
