// Writing one batch of the prediction log: its entries grouped by endpoint and UTC day, one Arrow file per group,
// each table built straight from the batch's buffers (./batch-table.ts). Runs on the writer thread
// (./writer-thread.ts), or inline where no thread could be started.
import { join } from 'node:path';
import { groupBatch, groupTable, parseBatch } from './batch-table';
import type { EncodedBatch, EncodedEntry } from './encode';
import { partName, writeTableFile } from './files';

export interface WriteOutcome {
  writtenRows: number;
  writtenFiles: number;
  failedRows: number;
  /** The last group's failure, `ENDPOINT/DAY: message`. */
  lastError: string | null;
}

export async function writeBatch(dir: string, batch: EncodedBatch): Promise<WriteOutcome> {
  let entries: EncodedEntry[];
  const out: WriteOutcome = { writtenRows: 0, writtenFiles: 0, failedRows: 0, lastError: null };
  try {
    entries = parseBatch(batch);
  } catch (err) {
    out.failedRows = batch.rows;
    out.lastError = `the batch could not be decoded: ${(err as Error).message}`;
    return out;
  }
  for (const g of groupBatch(entries)) {
    let rows = 0;
    try {
      const t = groupTable(batch, g.entries);
      rows = t.rows;
      await writeTableFile(join(dir, g.endpoint, g.day), partName(), t.table);
      out.writtenRows += rows;
      out.writtenFiles++;
    } catch (err) {
      if (rows === 0) for (const e of g.entries) rows += e[8][1].length;
      out.failedRows += rows;
      out.lastError = `${g.endpoint}/${g.day}: ${(err as Error).message}`;
    }
  }
  return out;
}
