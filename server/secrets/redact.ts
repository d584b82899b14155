// Every secret value this process has read, so what it writes for people (step logs, step errors, audit details)
// never carries one: each occurrence becomes `***`. Values shorter than 4 characters are not hunted for (they
// would blank out ordinary words); the secret store refuses values that short.
const known = new Set<string>();
/** The same values, longest first, so a secret that contains another is blanked whole. */
let longestFirst: string[] = [];

export const MIN_SECRET_LENGTH = 4;

export function rememberSecret(value: string): void {
  if (value.length < MIN_SECRET_LENGTH || known.has(value)) return;
  known.add(value);
  longestFirst = [...known].sort((a, b) => b.length - a.length);
}

export function redact(text: string): string;
export function redact(text: string | null | undefined): string | null | undefined;
export function redact(text: string | null | undefined): string | null | undefined {
  if (!text || known.size === 0) return text;
  let out = text;
  for (const v of longestFirst) if (out.includes(v)) out = out.split(v).join('***');
  return out;
}

/** The same for every string inside a JSON-like value (an audit row's details). */
export function redactDeep<T>(value: T): T {
  if (known.size === 0) return value;
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map(redactDeep) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v)])) as T;
  }
  return value;
}
