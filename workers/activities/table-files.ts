// A step's input table as a file for a program of the user's (train.command): the Arrow IPC file as the artifact
// store holds it, Parquet (hyparquet-writer, pure JavaScript), or CSV. Column types travel as they are: number →
// float64, integer → int32, boolean, date → timestamp in milliseconds (UTC; ISO 8601 text in CSV), string.
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import type * as arrow from 'apache-arrow';
import { parquetWriteFile, type ColumnSource } from 'hyparquet-writer';
import { columnsOf, type Column } from '../compute/data/columns';

export type TableFileFormat = 'arrow' | 'parquet' | 'csv';

export const TABLE_FILE_EXT: Record<TableFileFormat, string> = { arrow: '.arrow', parquet: '.parquet', csv: '.csv' };

/**
 * Writes `table` to `path` as `format`. `ipc` is the table's Arrow IPC file (what the store holds): written as it
 * is for `arrow`, so the program reads exactly the stored bytes.
 */
export async function writeTableFile(path: string, format: TableFileFormat, table: arrow.Table, ipc: Uint8Array): Promise<void> {
  if (format === 'arrow') return writeFile(path, ipc);
  const columns = columnsOf(table);
  if (format === 'parquet') return writeParquet(path, columns);
  return writeCsv(path, columns, table.numRows);
}

/** Values with nulls where `valid` says so (the writer takes nulls in plain arrays only). */
function withNulls<T>(values: ArrayLike<T>, valid: Uint8Array | null, map: (v: T) => unknown = (v) => v): unknown[] {
  return Array.from(values, (v, i) => (valid && !valid[i] ? null : map(v)));
}

function parquetColumn(c: Column): ColumnSource {
  switch (c.type) {
    case 'number':
      return { name: c.name, type: 'DOUBLE', data: c.valid ? withNulls(c.values, c.valid) : c.values };
    case 'integer':
      return { name: c.name, type: 'INT32', data: c.valid ? withNulls(c.values, c.valid) : c.values };
    case 'boolean':
      return { name: c.name, type: 'BOOLEAN', data: withNulls(c.values, c.valid, (v) => v === 1) };
    case 'date':
      return { name: c.name, type: 'TIMESTAMP', data: withNulls(c.values, c.valid, (v) => new Date(v)) };
    case 'string':
      return { name: c.name, type: 'STRING', data: c.valid ? withNulls(c.values, c.valid) : c.values };
  }
}

function writeParquet(path: string, columns: Column[]): Promise<void> {
  parquetWriteFile({ filename: path, columnData: columns.map(parquetColumn), createdBy: 'headrace' });
  return Promise.resolve();
}

/** A CSV field: quoted when it holds the delimiter, a quote, a line break, or is empty text (an empty cell is a null). */
export function csvField(value: string): string {
  return value === '' || /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function csvCell(c: Column, i: number): string {
  if (c.valid && !c.valid[i]) return '';
  switch (c.type) {
    case 'number':
    case 'integer':
      return String(c.values[i]);
    case 'boolean':
      return c.values[i] ? 'true' : 'false';
    case 'date':
      return new Date(c.values[i]).toISOString();
    case 'string':
      return csvField(c.values[i]);
  }
}

/** A header row, then one line per row; written in blocks so a large table never becomes one string. */
async function writeCsv(path: string, columns: Column[], rows: number): Promise<void> {
  const out = createWriteStream(path);
  const failed = once(out, 'error').then(([err]) => Promise.reject(err as Error));
  failed.catch(() => undefined);
  const write = async (text: string) => {
    if (!out.write(text)) await Promise.race([once(out, 'drain'), failed]);
  };
  await write(`${columns.map((c) => csvField(c.name)).join(',')}\n`);
  const BLOCK = 4096;
  for (let start = 0; start < rows; start += BLOCK) {
    const lines: string[] = [];
    for (let i = start; i < Math.min(rows, start + BLOCK); i++) lines.push(columns.map((c) => csvCell(c, i)).join(','));
    await write(`${lines.join('\n')}\n`);
  }
  out.end();
  await Promise.race([once(out, 'finish'), failed]);
}
