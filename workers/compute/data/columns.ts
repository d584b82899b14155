// Plain columnar form used inside the data layer (ingest, validate, prepare) and its
// conversion to and from Apache Arrow vectors. Working on typed arrays directly keeps
// million-row tables fast; Arrow's own builders are much slower per value.
import * as arrow from 'apache-arrow';
import type { ColumnType } from '../../../dsl/plan';

/**
 * One column. `valid[i] === 1` when row i has a value (null bitmap, one byte per row);
 * `valid === null` means no nulls. Values at null rows are 0 / '' and must be ignored.
 * Type mapping to Arrow: number→Float64, integer→Int32, boolean→Bool,
 * date→Timestamp(ms, UTC) (held here as Float64 ms since epoch), string→Utf8.
 */
export type Column =
  | { name: string; type: 'number'; values: Float64Array; valid: Uint8Array | null }
  | { name: string; type: 'integer'; values: Int32Array; valid: Uint8Array | null }
  | { name: string; type: 'boolean'; values: Uint8Array; valid: Uint8Array | null }
  | { name: string; type: 'date'; values: Float64Array; valid: Uint8Array | null }
  | { name: string; type: 'string'; values: string[]; valid: Uint8Array | null };

export function columnLength(c: Column): number {
  return c.values.length;
}

export function isNull(c: Column, i: number): boolean {
  return c.valid !== null && c.valid[i] === 0;
}

/** The JS value of a cell: number, boolean, string, Date-as-ms number, or null. */
export function cellValue(c: Column, i: number): number | string | boolean | null {
  if (c.valid !== null && c.valid[i] === 0) return null;
  if (c.type === 'boolean') return c.values[i] === 1;
  return c.values[i];
}

export function arrowTypeOf(t: ColumnType): arrow.DataType {
  switch (t) {
    case 'number': return new arrow.Float64();
    case 'integer': return new arrow.Int32();
    case 'boolean': return new arrow.Bool();
    case 'date': return new arrow.TimestampMillisecond('UTC');
    case 'string': return new arrow.Utf8();
  }
}

/** Our column type for any Arrow type (tables may come from other producers). */
export function columnTypeOfArrow(t: arrow.DataType): ColumnType {
  if (arrow.DataType.isFloat(t) || arrow.DataType.isDecimal(t)) return 'number';
  if (arrow.DataType.isInt(t)) return 'integer';
  if (arrow.DataType.isBool(t)) return 'boolean';
  if (arrow.DataType.isTimestamp(t) || arrow.DataType.isDate(t)) return 'date';
  return 'string';
}

function packBits(bytes: Uint8Array): Uint8Array {
  const n = bytes.length;
  const out = new Uint8Array((n + 7) >> 3);
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    out[i >> 3] = (bytes[i] ? 1 : 0) | (bytes[i + 1] ? 2 : 0) | (bytes[i + 2] ? 4 : 0) | (bytes[i + 3] ? 8 : 0)
      | (bytes[i + 4] ? 16 : 0) | (bytes[i + 5] ? 32 : 0) | (bytes[i + 6] ? 64 : 0) | (bytes[i + 7] ? 128 : 0);
  }
  for (; i < n; i++) if (bytes[i]) out[i >> 3] |= 1 << (i & 7);
  return out;
}

/** An Arrow Utf8 vector from ready UTF-8 bytes and offsets (no per-string work). */
export function utf8Vector(offsets: Int32Array, data: Uint8Array, valid: Uint8Array | null): arrow.Vector {
  const length = offsets.length - 1;
  const nullCount = nullCountOf(valid);
  const nullBitmap = nullCount > 0 && valid ? packBits(valid) : undefined;
  return arrow.makeVector(arrow.makeData({ type: new arrow.Utf8(), length, nullCount, nullBitmap, valueOffsets: offsets, data }));
}

/** Float64 ms → Int64 as little-endian (lo, hi) Int32 pairs: no BigInt per value. */
function msToInt64(values: Float64Array, valid: Uint8Array | null): BigInt64Array {
  const out = new BigInt64Array(values.length);
  const w = new Int32Array(out.buffer);
  for (let i = 0; i < values.length; i++) {
    if (valid && !valid[i]) continue;
    const ms = values[i];
    const hi = Math.floor(ms / 4294967296);
    w[2 * i] = (ms - hi * 4294967296) | 0;
    w[2 * i + 1] = hi;
  }
  return out;
}

function nullCountOf(valid: Uint8Array | null): number {
  if (valid === null) return 0;
  let n = 0;
  for (let i = 0; i < valid.length; i++) n += valid[i] ^ 1;
  return n;
}

export function columnToVector(c: Column): arrow.Vector {
  const length = c.values.length;
  const nullCount = nullCountOf(c.valid);
  const nullBitmap = nullCount > 0 && c.valid ? packBits(c.valid) : undefined;
  const base = { length, nullCount, nullBitmap };
  switch (c.type) {
    case 'number':
      return arrow.makeVector(arrow.makeData({ ...base, type: new arrow.Float64(), data: c.values }));
    case 'integer':
      return arrow.makeVector(arrow.makeData({ ...base, type: new arrow.Int32(), data: c.values }));
    case 'boolean':
      return arrow.makeVector(arrow.makeData({ ...base, type: new arrow.Bool(), data: packBits(c.values) }));
    case 'date': {
      const ms = msToInt64(c.values, c.valid);
      return arrow.makeVector(arrow.makeData({ ...base, type: new arrow.TimestampMillisecond('UTC'), data: ms }));
    }
    case 'string': {
      // Exact UTF-8 sizes first, then one buffer written in place: no per-string arrays.
      const offsets = new Int32Array(length + 1);
      let total = 0;
      for (let i = 0; i < length; i++) {
        total += Buffer.byteLength(c.values[i], 'utf8');
        offsets[i + 1] = total;
      }
      const data = Buffer.alloc(total);
      for (let i = 0; i < length; i++) data.write(c.values[i], offsets[i], 'utf8');
      return utf8Vector(offsets, new Uint8Array(data.buffer, data.byteOffset, data.byteLength), c.valid);
    }
  }
}

export function tableFromColumns(columns: Column[], metadata?: Map<string, string>): arrow.Table {
  return tableFromVectors(columns.map((c) => ({ name: c.name, vector: columnToVector(c) })), metadata);
}

/** One record batch from whole vectors (one chunk each), with optional schema metadata. */
export function tableFromVectors(columns: { name: string; vector: arrow.Vector }[], metadata?: Map<string, string>): arrow.Table {
  const fields = columns.map((c) => new arrow.Field(c.name, c.vector.type, true));
  const children = columns.map((c) => (c.vector.data.length === 1 ? c.vector.data[0] : arrow.makeData({ type: c.vector.type, length: 0 })));
  const schema = new arrow.Schema(fields, metadata);
  const length = columns.length ? columns[0].vector.length : 0;
  const struct = arrow.makeData({ type: new arrow.Struct(fields), length, children, nullCount: 0 });
  return new arrow.Table(schema, [new arrow.RecordBatch(schema, struct)]);
}

function getBit(bits: Uint8Array, i: number): number {
  return (bits[i >> 3] >> (i & 7)) & 1;
}

/** Reads one Arrow column back into our form (fast paths for the types we write). */
export function columnFromVector(name: string, v: arrow.Vector): Column {
  const type = columnTypeOfArrow(v.type);
  const n = v.length;
  const valid = v.nullCount > 0 ? new Uint8Array(n) : null;
  let row = 0;
  const ours =
    (type === 'number' && arrow.DataType.isFloat(v.type) && v.type.precision === arrow.Precision.DOUBLE) ||
    (type === 'integer' && arrow.DataType.isInt(v.type) && v.type.bitWidth === 32 && v.type.isSigned) ||
    (type === 'date' && arrow.DataType.isTimestamp(v.type) && v.type.unit === arrow.TimeUnit.MILLISECOND) ||
    type === 'boolean' || (type === 'string' && arrow.DataType.isUtf8(v.type));
  if (!ours) return columnFromGet(name, type, v);
  const num = type === 'integer' ? new Int32Array(n) : type === 'boolean' ? new Uint8Array(n) : type === 'string' ? null : new Float64Array(n);
  const str: string[] = type === 'string' ? new Array<string>(n) : [];
  for (const d of v.data) {
    const { offset, length, nullBitmap } = d;
    if (valid) for (let i = 0; i < length; i++) valid[row + i] = d.nullCount === 0 || !nullBitmap ? 1 : getBit(nullBitmap, offset + i);
    const values = d.values as ArrayLike<number | bigint> & Uint8Array;
    if (type === 'boolean') for (let i = 0; i < length; i++) num![row + i] = getBit(values, offset + i);
    else if (type === 'date') for (let i = 0; i < length; i++) num![row + i] = Number((values as unknown as BigInt64Array)[i]);
    else if (type === 'string') {
      const buf = Buffer.from(values.buffer, values.byteOffset, values.byteLength);
      const offs = d.valueOffsets as Int32Array;
      for (let i = 0; i < length; i++) str[row + i] = buf.toString('utf8', offs[i], offs[i + 1]);
    } else num!.set((values as unknown as Float64Array | Int32Array).subarray(0, length), row);
    row += length;
  }
  if (type === 'string') return { name, type, values: str, valid };
  return { name, type, values: num, valid } as Column;
}

/** Slow, general path for Arrow types we do not write ourselves (Int64, Dictionary, Date32…). */
function columnFromGet(name: string, type: ColumnType, v: arrow.Vector): Column {
  const n = v.length;
  const valid = v.nullCount > 0 ? new Uint8Array(n) : null;
  const raw: unknown[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const x: unknown = v.get(i);
    raw[i] = x;
    if (valid) valid[i] = x === null || x === undefined ? 0 : 1;
  }
  if (type === 'string') return { name, type, values: raw.map((x) => (x === null || x === undefined ? '' : String(x))), valid };
  if (type === 'boolean') return { name, type, values: Uint8Array.from(raw, (x) => (x ? 1 : 0)), valid };
  const nums = Float64Array.from(raw, (x) => (x === null || x === undefined ? 0 : x instanceof Date ? x.getTime() : Number(x)));
  if (type === 'integer') {
    // Int64/UInt32 may not fit Int32: keep them as numbers rather than wrap around.
    const fits = nums.every((x) => x >= -2147483648 && x <= 2147483647);
    return fits ? { name, type, values: Int32Array.from(nums), valid } : { name, type: 'number', values: nums, valid };
  }
  return { name, type: type === 'date' ? 'date' : 'number', values: nums, valid };
}

export function columnsOf(table: arrow.Table): Column[] {
  return table.schema.fields.map((f, i) => columnFromVector(f.name, table.getChildAt(i)!));
}

/** New column holding rows `idx` of `c`, in that order. */
export function takeColumn(c: Column, idx: Uint32Array | number[]): Column {
  const n = idx.length;
  let valid: Uint8Array | null = null;
  if (c.valid) {
    valid = new Uint8Array(n);
    for (let i = 0; i < n; i++) valid[i] = c.valid[idx[i]];
  }
  if (c.type === 'string') {
    const out = new Array<string>(n);
    for (let i = 0; i < n; i++) out[i] = c.values[idx[i]];
    return { name: c.name, type: c.type, values: out, valid };
  }
  const Ctor = c.values.constructor as { new (n: number): Float64Array | Int32Array | Uint8Array };
  const out = new Ctor(n);
  for (let i = 0; i < n; i++) out[i] = c.values[idx[i]];
  return { name: c.name, type: c.type, values: out, valid } as Column;
}
