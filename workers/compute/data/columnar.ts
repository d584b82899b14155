// ingest.parquet: a Parquet or Arrow IPC file → the Arrow table every step reads. Parquet is decoded by parquet-wasm
// (the Rust Parquet reader in WebAssembly), which hands over Arrow IPC; Arrow files are read as they are. Each column
// is then held in one of Headrace's five column types (number, integer, boolean, date, string): wider integers
// stay integers where every value fits, dictionaries and large strings become plain strings, dates and
// timestamps of any unit become UTC milliseconds. A column of a type no step can use (lists, structs, binary)
// is refused by name unless `columns:` leaves it out. Declared types convert with ingest's usual rules: a value
// that does not fit becomes null and is counted, never dropped silently.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import * as arrow from 'apache-arrow';
import type { ColumnType } from '../../../dsl/plan';
import { cellValue, columnFromVector, columnToVector, utf8Vector, type Column } from './columns';
import { assertInsideRoots } from './confine';
import { emptyBad, type BadValues } from './convert';
import type { ConvertedVector } from './csv-columns';
import { assemble, checkDeclared, IngestError, type DeclaredColumns, type IngestOptions, type IngestProgress, type IngestResult } from './ingest';
import { convertJson } from './json';

export interface ColumnarIngestConfig {
  /** Columns to keep, with their types; every column of a usable type when absent. */
  columns?: DeclaredColumns;
}

const PARQUET_MAGIC = 'PAR1';
const ARROW_FILE_MAGIC = 'ARROW1';

let parquet: typeof import('parquet-wasm/node') | undefined;

/** parquet-wasm compiles its module on first use (about a second): only a step that reads Parquet pays it. */
export async function parquetWasm(): Promise<typeof import('parquet-wasm/node')> {
  parquet ??= await import('parquet-wasm/node');
  return parquet;
}

export async function ingestColumnar(filePath: string, config: ColumnarIngestConfig = {}, opts?: IngestOptions): Promise<IngestResult> {
  const path = opts?.roots ? assertInsideRoots(filePath, opts.roots) : filePath;
  const file = basename(filePath);
  const buf = await readFile(path);
  return columnarToTable(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), file, config, opts?.onProgress);
}

/**
 * Parquet or Arrow IPC bytes as a Headrace table (`file` names them in errors and the summary). Parquet is decoded
 * one row group at a time, `onProgress` told after each, then after each column converted.
 */
export async function columnarToTable(bytes: Uint8Array, file: string, config: ColumnarIngestConfig = {}, onProgress?: (p: IngestProgress) => void): Promise<IngestResult> {
  const { table, format } = await decode(bytes, file, onProgress);
  const declared = config.columns;
  const names = table.schema.fields.map((f) => f.name);
  checkDeclared(declared, names, file);
  const keep = declared ? Object.keys(declared) : names;
  const unusable = keep.map((n) => table.schema.fields[names.indexOf(n)]).filter((f) => !usable(f.type));
  if (unusable.length > 0) {
    throw new IngestError(
      `${file}: column${unusable.length > 1 ? 's' : ''} ${unusable.map((f) => `${JSON.stringify(f.name)} (${f.type})`).join(', ')} ${unusable.length > 1 ? 'hold' : 'holds'} no number, integer, boolean, date or string; leave ${unusable.length > 1 ? 'them' : 'it'} out by declaring the columns to keep under columns:`,
    );
  }
  const converted = keep.map((name, i) => {
    const c = convertColumn(name, table.getChildAt(names.indexOf(name))!, declared?.[name]?.type);
    onProgress?.({ phase: `converting columns (${i + 1} of ${keep.length})`, rows: table.numRows, totalRows: table.numRows });
    return c;
  });
  return assemble(format, file, bytes.byteLength, table.numRows, converted, emptyBad(), declared);
}

async function decode(bytes: Uint8Array, file: string, onProgress?: (p: IngestProgress) => void): Promise<{ table: arrow.Table; format: 'parquet' | 'arrow' }> {
  const head = Buffer.from(bytes.subarray(0, 6)).toString('latin1');
  if (head.startsWith(PARQUET_MAGIC)) {
    const pq = await parquetWasm();
    try {
      const parquetFile = await pq.ParquetFile.fromFile(new Blob([bytes as Uint8Array<ArrayBuffer>]));
      const meta = parquetFile.metadata();
      const groups = meta.numRowGroups();
      const totalRows = meta.fileMetadata().numRows();
      const batches: arrow.RecordBatch[] = [];
      let rows = 0;
      for (let g = 0; g < groups; g++) {
        const part = arrow.tableFromIPC((await parquetFile.read({ rowGroups: [g] })).intoIPCStream());
        batches.push(...part.batches);
        rows += part.numRows;
        onProgress?.({ phase: `reading row groups (${g + 1} of ${groups})`, rows, totalRows });
      }
      parquetFile.free();
      // No row group: the schema alone (an empty table keeps its columns).
      const table = batches.length > 0 ? new arrow.Table(batches) : arrow.tableFromIPC(pq.readParquet(bytes).intoIPCStream());
      return { table, format: 'parquet' };
    } catch (e) {
      throw new IngestError(`${file}: not a readable Parquet file: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  }
  // An Arrow IPC file starts with ARROW1; a stream with a continuation marker (0xFFFFFFFF) or a message length.
  if (head === ARROW_FILE_MAGIC || (bytes[0] === 0xff && bytes[1] === 0xff && bytes[2] === 0xff && bytes[3] === 0xff)) {
    try {
      return { table: arrow.tableFromIPC(bytes), format: 'arrow' };
    } catch (e) {
      throw new IngestError(`${file}: not a readable Arrow IPC file: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  }
  const shown = JSON.stringify(head.replace(/[^\x20-\x7e]/g, '.'));
  throw new IngestError(`${file}: not a Parquet file (it starts with ${shown}, not "PAR1") nor an Arrow IPC file ("ARROW1"); read CSV with ingest.csv and JSON with ingest.json`);
}

function usable(t: arrow.DataType): boolean {
  if (arrow.DataType.isDictionary(t)) return usable(t.dictionary);
  return arrow.DataType.isFloat(t) || arrow.DataType.isDecimal(t) || arrow.DataType.isInt(t) || arrow.DataType.isBool(t)
    || arrow.DataType.isTimestamp(t) || arrow.DataType.isDate(t) || arrow.DataType.isUtf8(t) || arrow.DataType.isLargeUtf8(t);
}

function convertColumn(name: string, vector: arrow.Vector, declared: ColumnType | undefined): ConvertedVector {
  const text = arrow.DataType.isUtf8(vector.type) || arrow.DataType.isLargeUtf8(vector.type);
  if (text && (declared === undefined || declared === 'string') && textBytes(vector) < 2 ** 31) {
    // Text kept as text: the row groups' bytes joined as they are, no string made per value.
    return { name, type: 'string', inferred: 'string', nulls: vector.nullCount, bad: emptyBad(), vector: joinUtf8(vector) };
  }
  return toDeclared(asOurs(name, vector), declared);
}

/**
 * A column read in its source's own type, held as `declared` wants it: as it is when that is its type (nulls and
 * misfits counted by the reader in `own`, else its nulls counted here), else by ingest's conversion rules, misfits
 * nulled and counted. Shared by the readers of typed sources (Parquet, Arrow, PostgreSQL).
 */
export function toDeclared(column: Column, declared: ColumnType | undefined, own?: { nulls: number; bad: BadValues }): ConvertedVector {
  const { name } = column;
  const inferred = column.type;
  if (declared === undefined || declared === inferred) {
    const nulls = own?.nulls ?? (column.valid ? column.valid.reduce((n, v) => n + (v ? 0 : 1), 0) : 0);
    return { name, type: inferred, inferred, nulls, bad: own?.bad ?? emptyBad(), vector: columnToVector(column) };
  }
  const values = Array.from({ length: column.values.length }, (_, i) => {
    const v = cellValue(column, i);
    return v !== null && inferred === 'date' && declared === 'string' ? new Date(v as number).toISOString() : v;
  });
  const c = convertJson(name, values, new Set(), declared);
  return { name, type: declared, inferred, nulls: c.nulls, bad: c.bad, vector: columnToVector(c.column) };
}

/** The vector in our column form: dates in UTC milliseconds whatever their unit, dictionaries decoded. */
function asOurs(name: string, v: arrow.Vector): Column {
  const t = v.type;
  if (arrow.DataType.isTimestamp(t) && t.unit !== arrow.TimeUnit.MILLISECOND) {
    const per = t.unit === arrow.TimeUnit.SECOND ? 1e-3 : t.unit === arrow.TimeUnit.MICROSECOND ? 1e3 : 1e6;
    const n = v.length;
    const values = new Float64Array(n);
    const valid = v.nullCount > 0 ? new Uint8Array(n) : null;
    let row = 0;
    for (const d of v.data) {
      const raw = d.values as BigInt64Array;
      for (let i = 0; i < d.length; i++, row++) {
        const ok = d.nullCount === 0 || d.getValid(i);
        if (valid) valid[row] = ok ? 1 : 0;
        if (ok) values[row] = Math.floor(Number(raw[i]) / per);
      }
    }
    return { name, type: 'date', values, valid };
  }
  if (arrow.DataType.isDecimal(t)) {
    // Arrow hands decimals over unscaled (3.10 as DECIMAL(6,2) is 310).
    const column = columnFromVector(name, v);
    const scale = 10 ** t.scale;
    const values = Float64Array.from(column.values as Float64Array, (x) => x / scale);
    return { name, type: 'number', values, valid: column.valid };
  }
  if (arrow.DataType.isInt(t) && !(t.bitWidth === 32 && t.isSigned)) return wideInteger(name, v);
  return columnFromVector(name, v);
}

/** Each row's validity as one byte (1: a value), or null when the vector has no nulls. */
function validBytes(v: arrow.Vector): Uint8Array | null {
  if (v.nullCount === 0) return null;
  const valid = new Uint8Array(v.length);
  let row = 0;
  for (const d of v.data) {
    for (let i = 0; i < d.length; i++) valid[row + i] = d.getValid(i) ? 1 : 0;
    row += d.length;
  }
  return valid;
}

/**
 * Any other integer width (Int64 from pandas and DuckDB, unsigned, 8 and 16 bits) read from its typed arrays:
 * held as Int32 where every value fits, else as numbers (exact up to 2^53), as columnFromVector does value by value.
 */
function wideInteger(name: string, v: arrow.Vector): Column {
  const n = v.length;
  const valid = validBytes(v);
  const values = new Float64Array(n);
  let fits = true;
  let row = 0;
  for (const d of v.data) {
    const raw = d.values as ArrayLike<number | bigint>;
    for (let i = 0; i < d.length; i++) {
      const x = Number(raw[i]);
      values[row + i] = x;
      if ((x > 2147483647 || x < -2147483648) && (!valid || valid[row + i])) fits = false;
    }
    row += d.length;
  }
  if (valid) for (let i = 0; i < n; i++) if (!valid[i]) values[i] = 0;
  return fits ? { name, type: 'integer', values: Int32Array.from(values), valid } : { name, type: 'number', values, valid };
}

/** The text bytes of a Utf8 or LargeUtf8 vector (LargeUtf8 offsets are 64-bit). */
function textBytes(v: arrow.Vector): number {
  let bytes = 0;
  for (const d of v.data) {
    const o = d.valueOffsets as ArrayLike<number | bigint>;
    bytes += Number(o[d.length]) - Number(o[0]);
  }
  return bytes;
}

/**
 * One Utf8 vector of a single chunk from a chunked Utf8 or LargeUtf8 one (parquet-wasm hands text over as
 * LargeUtf8, one chunk per row group): offsets rebased to 32 bits, bytes copied once. Under 2 GiB of text. A
 * sliced chunk's offsets are already sliced (Arrow JS moves them with the slice).
 */
function joinUtf8(v: arrow.Vector): arrow.Vector {
  if (arrow.DataType.isUtf8(v.type) && v.data.length === 1 && v.data[0].offset === 0) return v;
  const n = v.length;
  const offsets = new Int32Array(n + 1);
  const data = new Uint8Array(textBytes(v));
  let row = 0;
  let at = 0;
  for (const d of v.data) {
    const o = d.valueOffsets as ArrayLike<number | bigint>;
    const start = Number(o[0]);
    const end = Number(o[d.length]);
    data.set((d.values as Uint8Array).subarray(start, end), at);
    for (let i = 0; i < d.length; i++) offsets[row + i] = at + Number(o[i]) - start;
    at += end - start;
    row += d.length;
  }
  offsets[n] = at;
  return utf8Vector(offsets, data, validBytes(v));
}
