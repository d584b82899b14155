// Tables between steps: Apache Arrow tables stored as Arrow IPC *file* format artifacts
// (random access, readable by pyarrow/DuckDB/polars). The TableRef carries the column
// schema and the row count so the workflow and the checker never open the file.
import * as arrow from 'apache-arrow';
import type { ColumnSchema } from '../../../dsl/plan';
import type { TableRef } from '../../../dsl/refs';
import type { ArtifactStore } from '../../../server/artifacts/store';
import { columnTypeOfArrow, columnsOf, tableFromColumns, takeColumn, type Column } from './columns';

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
  return tableFromColumns(columnsOf(table).map((c: Column) => takeColumn(c, idx)));
}
