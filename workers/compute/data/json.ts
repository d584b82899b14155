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
    if (rec === null || typeof rec !== 'object' || Array.isArray(rec) || rec instanceof Unparsed) {
      // Noted here, in row order, with lines that did not parse, so the first rows kept are the file's first.
      noteBad(malformed, r + 1, rec instanceof Unparsed ? rec.text : (jsonText(rec) ?? TOO_DEEP));
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

/** A JSON line that failed to parse: a malformed row, its text the example. */
export class Unparsed {
  constructor(readonly text: string) {}
}

export function parseJsonLines(text: string): { records: unknown[]; malformed: BadValues } {
  const records: unknown[] = [];
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (t === '') continue;
    try {
      records.push(JSON.parse(t));
    } catch {
      records.push(new Unparsed(t));
    }
  }
  return { records, malformed: emptyBad() };
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

/** Shown for a value JSON.stringify cannot write: it recurses, and a value nested some thousands deep (which
 *  JSON.parse reads) runs it out of stack. Such a value is counted where it is, never a crash of the ingest. */
const TOO_DEEP = '(a value nested too deep to write as text)';

function jsonText(v: unknown): string | undefined {
  try {
    return JSON.stringify(v);
  } catch (err) {
    if (err instanceof RangeError) return undefined;
    throw err;
  }
}

/** A value as text; undefined for one nested too deep to write (see TOO_DEEP). */
function asText(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'object' ? jsonText(v) : String(v);
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
    const text = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      const t = values[i] === null ? '' : asText(values[i]);
      if (t !== undefined) text[i] = t;
      else {
        // Not storable as text: null, and counted as a value that does not fit.
        text[i] = '';
        valid[i] = 0;
        noteBad(bad, i + 1, TOO_DEEP);
      }
    }
    column = { name, type, values: text, valid };
  } else {
    const out = type === 'integer' ? new Int32Array(n) : type === 'boolean' ? new Uint8Array(n) : new Float64Array(n);
    for (let i = 0; i < n; i++) {
      if (!valid[i]) continue;
      const x = toNumber(values[i], type);
      if (x - x === 0) out[i] = x;
      else {
        valid[i] = 0;
        noteBad(bad, i + 1, asText(values[i]) ?? TOO_DEEP);
      }
    }
    column = { name, type, values: out, valid } as Column;
  }
  const anyNull = nulls > 0 || bad.count > 0;
  return { column: { ...column, valid: anyNull ? valid : null } as Column, inferred, nulls, bad };
}
