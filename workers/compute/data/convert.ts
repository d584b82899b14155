// Value rules shared by CSV and JSON ingest, and bad-value accounting.
// Type rules (also in workers/compute/data/README.md):
//  - inference: a column's type is what every non-null value parses as: number
//    (integer when all have integer syntax and fit Int32), else boolean (true/false,
//    any case), else ISO 8601 date / date-time, else string; mixed kinds are string;
//  - a declared type is applied leniently (integer accepts "3.0", boolean accepts
//    yes/no/1/0/t/f/y/n) and a value that still does not fit becomes null and is counted.
import type { ColumnType } from '../../../dsl/plan';
import { parseDateBytes, parseNumberBytes } from './bytes';
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

/** Finite number or NaN, by the same grammar as CSV cells: [+-]digits[.digits][e[+-]digits]. */
export function parseNumber(s: string): number {
  if (s.length === 0 || s.length > 64) return NaN;
  const b = Buffer.from(s, 'utf8');
  return parseNumberBytes(b, 0, b.length);
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

/** Milliseconds since epoch (UTC) or NaN; same rules as CSV ingest (see bytes.ts). A
 *  date-time without a zone is read as UTC, so every machine gets the same table. */
export function parseDate(s: string): number {
  if (s.length < 10 || s.length > 40) return NaN;
  const b = Buffer.from(s, 'utf8');
  return parseDateBytes(b, 0, b.length);
}

export interface Converted {
  column: Column;
  inferred: ColumnType;
  nulls: number;
  bad: BadValues;
}
