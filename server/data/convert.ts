// Text → typed column conversion with type inference and bad-value accounting.
// Rules (documented in docs/data-layer.md):
//  - inference looks at every non-null value: boolean (true/false, any case) → integer
//    (optional sign + digits, fits Int32) → number (finite decimal/exponent) → date
//    (ISO 8601 date or date-time) → string; mixed kinds fall back to string, an integer
//    column with one decimal value becomes number;
//  - a declared type is applied leniently (integer accepts "3.0", boolean accepts
//    yes/no/1/0/t/f/y/n) and a value that still does not fit becomes null and is counted.
import type { ColumnType } from '../../dsl/plan';
import type { Column } from './columns';

export const DEFAULT_NULL_VALUES = ['', 'NA', 'N/A', 'null', 'NaN'];
const MAX_SAMPLES = 5;

export interface BadValues {
  count: number;
  /** First few 1-based data row numbers. */
  rows: number[];
  /** First few offending values as written. */
  examples: string[];
}

export function emptyBad(): BadValues {
  return { count: 0, rows: [], examples: [] };
}

export function noteBad(b: BadValues, row: number, value: string): void {
  b.count++;
  if (b.rows.length < MAX_SAMPLES) {
    b.rows.push(row);
    b.examples.push(value.length > 80 ? value.slice(0, 77) + '...' : value);
  }
}

/** Finite number or NaN. Rejects leading blanks, "Infinity", hex-looking words. */
export function parseNumber(s: string): number {
  const c = s.charCodeAt(0);
  if (!((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46)) return NaN;
  const v = +s;
  return v - v === 0 ? v : NaN;
}

/** Strict integer syntax (for inference): [+-]digits, within Int32. */
export function isIntegerText(s: string): boolean {
  const n = s.length;
  let i = s.charCodeAt(0) === 45 || s.charCodeAt(0) === 43 ? 1 : 0;
  if (i >= n || n - i > 10) return false;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  const v = +s;
  return v >= -2147483648 && v <= 2147483647;
}

/** Lenient integer (declared columns): any number that is integral and fits Int32. */
export function parseInteger(s: string): number {
  const v = parseNumber(s);
  return Number.isInteger(v) && v >= -2147483648 && v <= 2147483647 ? v : NaN;
}

/** 1, 0, or -1 when not a boolean. `strict` = only true/false (used for inference). */
export function parseBoolean(s: string, strict = false): number {
  const l = s.length <= 5 ? s.toLowerCase() : '';
  if (l === 'true') return 1;
  if (l === 'false') return 0;
  if (strict) return -1;
  if (l === 'yes' || l === 'y' || l === 't' || l === '1') return 1;
  if (l === 'no' || l === 'n' || l === 'f' || l === '0') return 0;
  return -1;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Milliseconds since epoch (UTC) or NaN. A date-time without a zone is read as UTC, so
 *  the same file gives the same table on every machine whatever its time zone. */
export function parseDate(s: string): number {
  const m = ISO_DATE.exec(s);
  if (!m) return NaN;
  const [, y, mo, d, h, mi, sec, frac, zone] = m;
  const month = +mo, day = +d;
  if (month < 1 || month > 12 || day < 1 || day > 31) return NaN;
  if (h === undefined) {
    const t = Date.UTC(+y, month - 1, day);
    return new Date(t).getUTCDate() === day ? t : NaN; // rejects 2023-02-30
  }
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${sec ?? '00'}${frac ? frac.slice(0, 4) : ''}${zone ?? 'Z'}`;
  return Date.parse(iso);
}

export interface Converted {
  column: Column;
  inferred: ColumnType;
  nulls: number;
  bad: BadValues;
}

/**
 * Builds a typed column from raw text cells. `undefined` cells (missing fields of a
 * malformed row) are null; cells in `nullValues` are null. `rowBase` is the 1-based row
 * number of raw[0], for bad-value reports.
 */
export function convertText(
  name: string,
  raw: (string | undefined)[],
  nullValues: ReadonlySet<string>,
  declared?: ColumnType,
  rowBase = 1,
): Converted {
  const n = raw.length;
  let valid: Uint8Array | null = null;
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    const s = raw[i];
    if (s === undefined || nullValues.has(s)) {
      if (!valid) valid = new Uint8Array(n).fill(1);
      valid[i] = 0;
      nulls++;
    }
  }
  const inferred = inferText(raw, valid);
  const type = declared ?? inferred;
  const bad = emptyBad();
  let column: Column;
  if (type === 'string') {
    const out = new Array<string>(n);
    for (let i = 0; i < n; i++) out[i] = valid && !valid[i] ? '' : (raw[i] as string);
    column = { name, type, values: out, valid };
  } else {
    const values = type === 'integer' ? new Int32Array(n) : type === 'boolean' ? new Uint8Array(n) : new Float64Array(n);
    const parse =
      type === 'number' ? parseNumber : type === 'integer' ? parseInteger : type === 'date' ? parseDate
        : (s: string) => { const b = parseBoolean(s); return b < 0 ? NaN : b; };
    for (let i = 0; i < n; i++) {
      if (valid && !valid[i]) continue;
      const s = raw[i] as string;
      const v = parse(s);
      if (v === v) values[i] = v;
      else {
        // Does not fit the declared type: becomes null, and is counted as a type error.
        if (!valid) valid = new Uint8Array(n).fill(1);
        valid[i] = 0;
        noteBad(bad, rowBase + i, s);
      }
    }
    column = { name, type, values, valid } as Column;
  }
  return { column, inferred, nulls, bad };
}

/** The narrowest type that every non-null value fits. All-null columns are strings. */
export function inferText(raw: (string | undefined)[], valid: Uint8Array | null): ColumnType {
  let canBool = true, canInt = true, canNum = true, canDate = true, seen = false;
  for (let i = 0; i < raw.length; i++) {
    if (valid && !valid[i]) continue;
    const s = raw[i] as string;
    seen = true;
    let numeric = false;
    if (canInt) {
      if (isIntegerText(s)) numeric = true;
      else canInt = false;
    }
    if (!numeric && canNum) {
      if (!Number.isNaN(parseNumber(s))) numeric = true;
      else canNum = false;
    }
    if (canBool && parseBoolean(s, true) < 0) canBool = false;
    // Only text that is not a number can be a date (the regex test is the slow part).
    if (canDate && (numeric || Number.isNaN(parseDate(s)))) canDate = false;
    if (!canBool && !canNum && !canDate) return 'string';
  }
  if (!seen) return 'string';
  if (canBool) return 'boolean';
  if (canInt) return 'integer';
  if (canNum) return 'number';
  return canDate ? 'date' : 'string';
}
