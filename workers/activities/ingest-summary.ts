// What every ingest step logs and returns about the table it read: rows, columns and bytes, then the values of the
// wrong type and the malformed rows, counted per column (the full figures travel inside the table: ingest.ts).
import type { TableRef } from '../../dsl/refs';
import type { IngestSummary } from '../compute/data/ingest';
import type { StepResult } from '../workflows/types';
import type { StepContext } from './step';

export function ingestResult(ctx: StepContext<unknown>, ref: TableRef, s: IngestSummary, source: unknown): StepResult {
  ctx.log.info(`read ${s.rows} rows × ${s.columns.length} columns (${s.bytes} bytes) → table ${ref.hash.slice(0, 12)}`);
  const typeErrors = s.columns.filter((c) => c.typeErrors.count > 0);
  if (typeErrors.length > 0) ctx.log.warn(`values of the wrong type: ${typeErrors.map((c) => `${c.name} ${c.typeErrors.count}`).join(', ')}`);
  if (s.malformedRows.count > 0) ctx.log.warn(`${s.malformedRows.count} malformed rows`);
  return {
    outputs: { table: ref },
    summary: {
      rows: s.rows,
      columns: s.columns.length,
      bytes: s.bytes,
      typeErrors: Object.fromEntries(typeErrors.map((c) => [c.name, c.typeErrors.count])),
      nulls: Object.fromEntries(s.columns.filter((c) => c.nulls > 0).map((c) => [c.name, c.nulls])),
      malformedRows: s.malformedRows.count,
      ...(source ? { source } : {}),
    },
  };
}
