// Writing one batch of the prediction log: its entries grouped by endpoint and UTC day, one Arrow file per group.
// Runs on the writer thread (./writer-thread.ts), or inline where no thread could be started.
import { join } from 'node:path';
import { decodeBatch, type EncodedBatch } from './encode';
import { dayOf, partName, writeTableFile } from './files';
import { entriesToTable, type PredictionEntry } from './table';

export interface WriteOutcome {
  writtenRows: number;
  writtenFiles: number;
  failedRows: number;
  /** The last group's failure, `ENDPOINT/DAY: message`. */
  lastError: string | null;
}

export async function writeBatch(dir: string, batch: EncodedBatch): Promise<WriteOutcome> {
  let entries: PredictionEntry[];
  const out: WriteOutcome = { writtenRows: 0, writtenFiles: 0, failedRows: 0, lastError: null };
  try {
    entries = decodeBatch(batch);
  } catch (err) {
    out.failedRows = batch.rows;
    out.lastError = `the batch could not be decoded: ${(err as Error).message}`;
    return out;
  }
  const groups = new Map<string, { endpoint: string; day: string; entries: PredictionEntry[] }>();
  for (const e of entries) {
    const day = dayOf(e.time as number);
    const k = `${e.endpoint}/${day}`;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { endpoint: e.endpoint, day, entries: [] }));
    g.entries.push(e);
  }
  for (const g of groups.values()) {
    let rows = 0;
    for (const e of g.entries) rows += e.predictions.length;
    try {
      await writeTableFile(join(dir, g.endpoint, g.day), partName(), entriesToTable(g.entries));
      out.writtenRows += rows;
      out.writtenFiles++;
    } catch (err) {
      out.failedRows += rows;
      out.lastError = `${g.endpoint}/${g.day}: ${(err as Error).message}`;
    }
  }
  return out;
}
