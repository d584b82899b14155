// Tables between steps: Apache Arrow tables stored as Arrow IPC *file* format artifacts
// (random access, readable by pyarrow/DuckDB/polars). The TableRef carries the column
// schema and the row count so the workflow and the checker never open the file.
import * as arrow from 'apache-arrow';
import type { ColumnSchema } from '../../../dsl/plan';
import type { TableRef } from '../../../dsl/refs';
import type { ArtifactStore } from '../../../server/artifacts/store';
import { columnFromVector, columnToVector, columnTypeOfArrow, tableFromVectors, takeColumn, utf8Vector } from './columns';

export { tableFromColumns, columnsOf, type Column } from './columns';

export const TABLE_EXT = '.arrow';

export function columnSchemaOf(table: arrow.Table): ColumnSchema[] {
  return table.schema.fields.map((f) => ({ name: f.name, type: columnTypeOfArrow(f.type) }));
}

export async function writeTable(store: ArtifactStore, table: arrow.Table): Promise<TableRef> {
  // The writer's parts (mostly views of the columns' own buffers) go to the store as they
  // are: the same bytes as tableToIPC, without a joined copy the size of the table.
  const parts: Uint8Array[] = [];
  for await (const part of arrow.RecordBatchFileWriter.writeAll(table)) parts.push(part);
  const { hash, uri } = await store.put(parts, TABLE_EXT);
  return { type: 'Table', hash, uri, rows: table.numRows, columns: columnSchemaOf(table) };
}

export async function readTable(store: ArtifactStore, ref: Pick<TableRef, 'uri'> | string): Promise<arrow.Table> {
  const bytes = await store.get(typeof ref === 'string' ? ref : ref.uri);
  return arrow.tableFromIPC(bytes);
}

/**
 * Rows `idx` of a table, in that order, as a new single-batch table. Schema metadata
 * (e.g. the ingest summary) is NOT carried over: its row numbers describe the source.
 */
export function takeRows(table: arrow.Table, idx: Uint32Array | number[]): arrow.Table {
  return tableFromVectors(table.schema.fields.map((f, i) => {
    const v = table.getChildAt(i)!;
    // Text is taken as bytes (no JS string per cell); every other type through its typed-array column.
    const text = arrow.DataType.isUtf8(v.type) && v.data.length === 1 ? takeUtf8(v.data[0], idx) : undefined;
    return { name: f.name, vector: text ?? columnToVector(takeColumn(columnFromVector(f.name, v), idx)) };
  }));
}

/**
 * Rows `idx` of one Utf8 chunk: offsets and bytes copied range by range, validity byte by byte. A sliced chunk's
 * offsets are already sliced (Arrow JS moves them with the slice; `d.offset` is for the validity bits only).
 */
function takeUtf8(d: arrow.Data, idx: Uint32Array | number[]): arrow.Vector {
  const n = idx.length;
  const o = d.valueOffsets as Int32Array;
  const src = d.values as Uint8Array;
  let bytes = 0;
  for (let k = 0; k < n; k++) bytes += o[idx[k] + 1] - o[idx[k]];
  const offsets = new Int32Array(n + 1);
  const data = new Uint8Array(bytes);
  const valid = d.nullCount > 0 ? new Uint8Array(n) : null;
  let at = 0;
  for (let k = 0; k < n; k++) {
    const start = o[idx[k]];
    const end = o[idx[k] + 1];
    offsets[k] = at;
    // Short texts byte by byte: a subarray per cell costs more than the copy.
    if (end - start > 32) {
      data.set(src.subarray(start, end), at);
      at += end - start;
    } else for (let b = start; b < end; b++) data[at++] = src[b];
    if (valid) valid[k] = d.getValid(idx[k]) ? 1 : 0;
  }
  offsets[n] = at;
  return utf8Vector(offsets, data, valid);
}
