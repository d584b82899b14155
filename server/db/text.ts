// PostgreSQL's text and jsonb cannot hold the NUL character (U+0000): an insert carrying one fails. What a request
// sent is recorded as it came except for that character, shown as U+FFFD, so a NUL in an input is a refusal of
// that input, never a failed write of the audit row beside it.

/** `value` with every NUL in its strings and keys replaced by U+FFFD (a copy only where one occurs). */
export function storableText<T>(value: T): T {
  if (typeof value === 'string') return (value.includes('\u0000') ? value.replaceAll('\u0000', '\ufffd') : value) as T;
  if (Array.isArray(value)) return value.map(storableText) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [storableText(k), storableText(v)])) as T;
  }
  return value;
}
