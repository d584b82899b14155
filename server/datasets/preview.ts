// A dataset's first rows and per-column statistics, read from its stored Arrow IPC table.
// Statistics are computed on read over every row (nulls, min/max, mean, distinct values, a
// histogram for numbers and dates, the most frequent values for strings and booleans) and
// kept per content hash: a dataset never changes, so neither do its figures.
import * as arrow from 'apache-arrow';
import type { ArtifactStore } from '../artifacts/store';

export type Cell = string | number | boolean | null;
export type ColumnKind = 'number' | 'integer' | 'boolean' | 'date' | 'string';

export interface ColumnStats {
  name: string;
  type: ColumnKind;
  nulls: number;
  /** number/integer: numbers; date: ISO strings; string: lexical; boolean: null. */
  min: number | string | null;
  max: number | string | null;
  /** number/integer, and boolean as the fraction true. */
  mean: number | null;
  /** Exact up to DISTINCT_LIMIT; past it `distinctExact` is false and `distinct` is the limit. */
  distinct: number;
  distinctExact: boolean;
  /** number/integer/date: equal-width bins over [min, max] (dates in ms since epoch). */
  histogram: Array<{ lo: number; hi: number; count: number }> | null;
  /** string/boolean: the most frequent values, most frequent first. */
  top: Array<{ value: string; count: number }> | null;
}

export interface DatasetPreview {
  /** Rows in the whole table. */
  total: number;
  columns: ColumnStats[];
  /** The first `limit` rows, keyed by column name (dates as ISO strings). */
  rows: Array<Record<string, Cell>>;
}

export const DISTINCT_LIMIT = 100_000;
export const HISTOGRAM_BINS = 12;
export const TOP_VALUES = 6;

function kindOf(t: arrow.DataType): ColumnKind {
  if (arrow.DataType.isFloat(t) || arrow.DataType.isDecimal(t)) return 'number';
  if (arrow.DataType.isInt(t)) return 'integer';
  if (arrow.DataType.isBool(t)) return 'boolean';
  if (arrow.DataType.isTimestamp(t) || arrow.DataType.isDate(t)) return 'date';
  return 'string';
}

/** A cell as JSON can carry it: dates as ISO strings, big integers as numbers, NaN/Infinity as text. */
function cellOf(kind: ColumnKind, v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (kind === 'date') {
    const ms = v instanceof Date ? v.getTime() : Number(v);
    return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
  }
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (typeof v === 'boolean' || typeof v === 'string') return v;
  return String(v);
}

function numberOf(kind: ColumnKind, v: unknown): number {
  if (kind === 'date' && v instanceof Date) return v.getTime();
  return typeof v === 'bigint' ? Number(v) : (v as number);
}

export function columnStats(name: string, kind: ColumnKind, vec: arrow.Vector): ColumnStats {
  const n = vec.length;
  let nulls = 0;
  const seen = new Map<unknown, number>();
  let exact = true;
  const count = (key: unknown) => {
    if (!exact) return;
    const c = seen.get(key);
    if (c !== undefined) seen.set(key, c + 1);
    else if (seen.size < DISTINCT_LIMIT) seen.set(key, 1);
    else exact = false;
  };
  const stats: ColumnStats = { name, type: kind, nulls: 0, min: null, max: null, mean: null, distinct: 0, distinctExact: true, histogram: null, top: null };
  if (kind === 'string' || kind === 'boolean') {
    let lo: string | null = null, hi: string | null = null, trues = 0, values = 0;
    for (let i = 0; i < n; i++) {
      const v = vec.get(i);
      if (v === null || v === undefined) { nulls++; continue; }
      values++;
      if (kind === 'boolean') { if (v) trues++; count(Boolean(v)); continue; }
      const s = String(v);
      if (lo === null || s < lo) lo = s;
      if (hi === null || s > hi) hi = s;
      count(s);
    }
    if (kind === 'string') { stats.min = lo; stats.max = hi; }
    else if (values > 0) stats.mean = trues / values;
    stats.top = [...seen].sort((a, b) => b[1] - a[1]).slice(0, TOP_VALUES).map(([value, c]) => ({ value: String(value), count: c }));
  } else {
    const xs = new Float64Array(n);
    let m = 0, lo = Infinity, hi = -Infinity, sum = 0;
    for (let i = 0; i < n; i++) {
      const v = vec.get(i);
      if (v === null || v === undefined) { nulls++; continue; }
      const x = numberOf(kind, v);
      if (Number.isNaN(x)) { nulls++; continue; }
      xs[m++] = x;
      if (x < lo) lo = x;
      if (x > hi) hi = x;
      sum += x;
      count(x);
    }
    if (m > 0 && Number.isFinite(lo) && Number.isFinite(hi)) {
      stats.min = kind === 'date' ? new Date(lo).toISOString() : lo;
      stats.max = kind === 'date' ? new Date(hi).toISOString() : hi;
      if (kind !== 'date') stats.mean = sum / m;
      stats.histogram = histogram(xs.subarray(0, m), lo, hi, kind === 'integer');
    }
  }
  stats.nulls = nulls;
  stats.distinct = seen.size;
  stats.distinctExact = exact;
  return stats;
}

/** Equal-width bins; integers over a narrow range get one bin per value. */
function histogram(xs: Float64Array, lo: number, hi: number, integer: boolean): ColumnStats['histogram'] {
  const span = hi - lo;
  const bins = span === 0 ? 1 : integer && span < HISTOGRAM_BINS ? span + 1 : HISTOGRAM_BINS;
  const width = span === 0 ? 1 : integer && span < HISTOGRAM_BINS ? 1 : span / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const x of xs) counts[Math.min(bins - 1, Math.floor((x - lo) / width))]++;
  return counts.map((count, i) => ({ lo: lo + i * width, hi: integer && span < HISTOGRAM_BINS ? lo + i * width : i === bins - 1 ? hi : lo + (i + 1) * width, count }));
}

const statsCache = new Map<string, ColumnStats[]>();
const CACHED_TABLES = 32;

/** The preview of the table stored at `uri` (its content hash keys the statistics). */
export async function previewDataset(store: ArtifactStore, ds: { hash: string; uri: string }, limit: number): Promise<DatasetPreview> {
  const table = arrow.tableFromIPC(await store.get(ds.uri));
  const fields = table.schema.fields.map((f, i) => ({ name: f.name, kind: kindOf(f.type), vec: table.getChildAt(i)! }));
  let columns = statsCache.get(ds.hash);
  if (!columns) {
    columns = fields.map((f) => columnStats(f.name, f.kind, f.vec));
    if (statsCache.size >= CACHED_TABLES) statsCache.delete(statsCache.keys().next().value!);
    statsCache.set(ds.hash, columns);
  }
  const shown = Math.min(limit, table.numRows);
  const rows: Array<Record<string, Cell>> = [];
  for (let r = 0; r < shown; r++) {
    const row: Record<string, Cell> = {};
    for (const f of fields) row[f.name] = cellOf(f.kind, f.vec.get(r));
    rows.push(row);
  }
  return { total: table.numRows, columns, rows };
}
