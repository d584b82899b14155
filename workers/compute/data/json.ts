// JSON records (array of objects, or JSON lines) → typed columns. JSON already has
// types, so inference follows them (a string column stays string even if it looks
// numeric) and only ISO date strings are promoted to dates.
import type { ColumnType } from '../../../dsl/plan';
import type { Column } from './columns';
import { emptyBad, noteBad, parseBoolean, parseDate, parseInteger, parseNumber, type BadValues, type Converted } from './convert';

export interface JsonRecords {
  names: string[];
  /** columns[c][r]: the JSON value (undefined when the record lacks the key). */
  columns: unknown[][];
  rows: number;
  malformed: BadValues;
}

/** Splits records into columns; keys in order of first appearance. Non-object records
 *  (and unparsable JSON lines) are kept as all-null rows and reported as malformed. */
export function recordsToColumns(records: unknown[], malformed: BadValues = emptyBad()): JsonRecords {
  const index = new Map<string, number>();
  const columns: unknown[][] = [];
  const n = records.length;
  for (let r = 0; r < n; r++) {
    const rec = records[r];
    if (rec === null || typeof rec !== 'object' || Array.isArray(rec)) {
      if (rec !== MALFORMED) noteBad(malformed, r + 1, JSON.stringify(rec) ?? String(rec));
      continue;
    }
    for (const key of Object.keys(rec)) {
      let c = index.get(key);
      if (c === undefined) {
        c = columns.length;
        index.set(key, c);
        columns.push(new Array<unknown>(n)); // holes read as undefined = null
      }
      columns[c][r] = (rec as Record<string, unknown>)[key];
    }
  }
  return { names: [...index.keys()], columns, rows: n, malformed };
}

/** Marker for a JSON line that failed to parse (already noted as malformed). */
export const MALFORMED: unique symbol = Symbol('malformed');

export function parseJsonLines(text: string): { records: unknown[]; malformed: BadValues } {
  const malformed = emptyBad();
  const records: unknown[] = [];
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (t === '') continue;
    try {
      records.push(JSON.parse(t));
    } catch {
      records.push(MALFORMED);
      noteBad(malformed, records.length, t);
    }
  }
  return { records, malformed };
}

function kindOf(v: unknown): ColumnType | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number') return Number.isInteger(v) && v >= -2147483648 && v <= 2147483647 ? 'integer' : 'number';
  if (typeof v === 'string') return Number.isNaN(parseDate(v)) ? 'string' : 'date';
  return 'string';
}

export function inferJson(values: unknown[]): ColumnType {
  let t: ColumnType | null = null;
  for (let i = 0; i < values.length; i++) {
    const k = kindOf(values[i]);
    if (k === null || k === t) continue;
    if (t === null) t = k;
    else if ((t === 'integer' && k === 'number') || (t === 'number' && k === 'integer')) t = 'number';
    else return 'string';
  }
  return t ?? 'string';
}

function asText(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** One value under a type: the number (NaN when it does not fit). */
function toNumber(v: unknown, type: Exclude<ColumnType, 'string'>): number {
  if (typeof v === 'string') {
    if (type === 'number') return parseNumber(v);
    if (type === 'integer') return parseInteger(v);
    if (type === 'date') return parseDate(v);
    const b = parseBoolean(v);
    return b < 0 ? NaN : b;
  }
  if (typeof v === 'number') {
    if (type === 'integer') return Number.isInteger(v) && v >= -2147483648 && v <= 2147483647 ? v : NaN;
    if (type === 'boolean') return v === 0 || v === 1 ? v : NaN;
    return v; // number, or date given as epoch milliseconds
  }
  if (typeof v === 'boolean' && type === 'boolean') return v ? 1 : 0;
  return NaN;
}

export function convertJson(name: string, values: unknown[], nullValues: ReadonlySet<string>, declared?: ColumnType): Converted {
  const n = values.length;
  const valid = new Uint8Array(n).fill(1);
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null || v === undefined || (typeof v === 'string' && nullValues.has(v))) {
      valid[i] = 0;
      values[i] = null;
      nulls++;
    }
  }
  const inferred = inferJson(values);
  const type = declared ?? inferred;
  const bad = emptyBad();
  let column: Column;
  if (type === 'string') {
    column = { name, type, values: Array.from(values, (v) => (v === null ? '' : asText(v))), valid };
  } else {
    const out = type === 'integer' ? new Int32Array(n) : type === 'boolean' ? new Uint8Array(n) : new Float64Array(n);
    for (let i = 0; i < n; i++) {
      if (!valid[i]) continue;
      const x = toNumber(values[i], type);
      if (x - x === 0) out[i] = x;
      else {
        valid[i] = 0;
        noteBad(bad, i + 1, asText(values[i]));
      }
    }
    column = { name, type, values: out, valid } as Column;
  }
  const anyNull = nulls > 0 || bad.count > 0;
  return { column: { ...column, valid: anyNull ? valid : null } as Column, inferred, nulls, bad };
}
