// Read-only typed views of Arrow columns for validation and profiling. Numbers stay in
// their typed arrays and strings stay UTF-8 bytes, so checking a million-row table makes
// no JS value per cell (columnsOf makes one JS string per string cell, which dominated
// validate.table's time and memory). Single-chunk columns of the types we write are
// viewed without copying; anything else goes through columnsOf's general path.
import * as arrow from 'apache-arrow';
import type { ColumnType } from '../../../dsl/plan';
import { columnFromVector, columnTypeOfArrow, type Column } from './columns';

export interface ColumnView {
  name: string;
  type: ColumnType;
  length: number;
  /** 1 where the row has a value; null when the column has no nulls. */
  valid: Uint8Array | null;
  /** number and date (ms since epoch): Float64; integer: Int32; boolean: 0/1. Null for strings. */
  nums: Float64Array | Int32Array | Uint8Array | null;
  /** string: the UTF-8 bytes of row i are data[offsets[i] .. offsets[i + 1]). */
  offsets: Int32Array | null;
  data: Uint8Array | null;
}

function unpackBits(bits: Uint8Array, offset: number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  if ((offset & 7) === 0) {
    const base = offset >> 3;
    let i = 0;
    for (; i + 8 <= n; i += 8) {
      const x = bits[base + (i >> 3)];
      out[i] = x & 1; out[i + 1] = (x >> 1) & 1; out[i + 2] = (x >> 2) & 1; out[i + 3] = (x >> 3) & 1;
      out[i + 4] = (x >> 4) & 1; out[i + 5] = (x >> 5) & 1; out[i + 6] = (x >> 6) & 1; out[i + 7] = x >> 7;
    }
    for (; i < n; i++) out[i] = (bits[base + (i >> 3)] >> (i & 7)) & 1;
    return out;
  }
  for (let i = 0; i < n; i++) out[i] = (bits[(offset + i) >> 3] >> ((offset + i) & 7)) & 1;
  return out;
}

/** Int64 ms (little-endian lo/hi pairs) → Float64 ms, without a BigInt per value. */
function int64ToFloat(values: BigInt64Array, n: number): Float64Array {
  const w = new Int32Array(values.buffer, values.byteOffset, n * 2);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = (w[2 * i] >>> 0) + w[2 * i + 1] * 4294967296;
  return out;
}

export function viewOfVector(name: string, v: arrow.Vector): ColumnView {
  const type = columnTypeOfArrow(v.type);
  const t = v.type;
  const ours =
    (type === 'number' && arrow.DataType.isFloat(t) && t.precision === arrow.Precision.DOUBLE) ||
    (type === 'integer' && arrow.DataType.isInt(t) && t.bitWidth === 32 && t.isSigned) ||
    (type === 'date' && arrow.DataType.isTimestamp(t) && t.unit === arrow.TimeUnit.MILLISECOND) ||
    (type === 'boolean' && arrow.DataType.isBool(t)) || (type === 'string' && arrow.DataType.isUtf8(t));
  if (!ours || v.data.length !== 1) return viewOfColumn(columnFromVector(name, v));
  const d = v.data[0];
  const n = d.length;
  const valid = d.nullCount > 0 && d.nullBitmap ? unpackBits(d.nullBitmap, d.offset, n) : null;
  const view: ColumnView = { name, type, length: n, valid, nums: null, offsets: null, data: null };
  // Fixed-width values arrive already offset (as columns.ts's reader assumes); bitmaps do not.
  if (type === 'number') view.nums = (d.values as Float64Array).subarray(0, n);
  else if (type === 'integer') view.nums = (d.values as Int32Array).subarray(0, n);
  else if (type === 'date') view.nums = int64ToFloat(d.values as BigInt64Array, n);
  else if (type === 'boolean') view.nums = unpackBits(d.values as Uint8Array, d.offset, n);
  else {
    view.offsets = d.valueOffsets as Int32Array;
    view.data = d.values as Uint8Array;
  }
  return view;
}

/** A view of a plain column (strings are encoded to UTF-8 once). */
export function viewOfColumn(c: Column): ColumnView {
  const n = c.values.length;
  if (c.type !== 'string') return { name: c.name, type: c.type, length: n, valid: c.valid, nums: c.values, offsets: null, data: null };
  const offsets = new Int32Array(n + 1);
  let total = 0;
  for (let i = 0; i < n; i++) {
    total += Buffer.byteLength(c.values[i], 'utf8');
    offsets[i + 1] = total;
  }
  const data = Buffer.alloc(total);
  for (let i = 0; i < n; i++) data.write(c.values[i], offsets[i], 'utf8');
  return { name: c.name, type: 'string', length: n, valid: c.valid, nums: null, offsets, data: new Uint8Array(data.buffer, data.byteOffset, total) };
}

export function viewsOf(table: arrow.Table): ColumnView[] {
  return table.schema.fields.map((f, i) => viewOfVector(f.name, table.getChildAt(i)!));
}

const decoder = new TextDecoder('utf-8');

/** The text of string row i (for messages and profiles: a handful per column). */
export function textAt(v: ColumnView, i: number): string {
  return decoder.decode(v.data!.subarray(v.offsets![i], v.offsets![i + 1]));
}

/**
 * Compares UTF-8 byte ranges in the order JS compares the decoded strings (UTF-16 code
 * units), so min/max and bounds match `<` on strings. UTF-8 sorts by code point; UTF-16
 * differs only where U+E000..U+FFFF (lead bytes EE, EF) meets U+10000.. (lead F0..F4),
 * whose surrogates sort lower. At the first differing byte both bytes hold the same place
 * in their characters, so that case is the only one to flip.
 */
export function compareUtf8(a: Uint8Array, as: number, ae: number, b: Uint8Array, bs: number, be: number): number {
  const la = ae - as, lb = be - bs;
  const n = la < lb ? la : lb;
  for (let k = 0; k < n; k++) {
    const x = a[as + k], y = b[bs + k];
    if (x !== y) {
      if (x >= 0xee && y >= 0xee && (x >= 0xf0) !== (y >= 0xf0)) return x >= 0xf0 ? -1 : 1;
      return x - y;
    }
  }
  return la - lb;
}
