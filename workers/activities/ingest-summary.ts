// What every ingest step does with the table it read: store it, record it as a dataset and as a version of its
// source (docs/data.md, "Versions"), log rows, columns and bytes, then the values of the wrong type and the
// malformed rows, counted per column (the full figures travel inside the table: ingest.ts), and return it.
import type { TableRef } from '../../dsl/refs';
import { recordDataset } from '../../server/db/repo/datasets';
import { recordSourceRead, type SourceRead } from '../../server/db/repo/sources';
import type { IngestResult, IngestSummary } from '../compute/data/ingest';
import { writeTable } from '../compute/data/table';
import type { StepResult } from '../workflows/types';
import type { StepContext } from './step';

/** What an ingest step read, for its source's versions: the table, run and step are added by `keepIngested`. */
export type Origin = Omit<SourceRead, 'tableHash' | 'runId' | 'stepId'>;

/**
 * Stores the table read and records it; `describe` says, once the table's hash is known, what was read (`origin`,
 * none when nothing identifies a source) and what the step's summary holds as its `source`.
 */
export async function keepIngested(
  ctx: StepContext<unknown>, result: IngestResult, describe: (ref: TableRef) => { origin?: Origin; source?: unknown },
): Promise<StepResult> {
  const ref = await writeTable(ctx.deps.store, result.table);
  const at = { runId: ctx.input.runId, stepId: ctx.input.step.id };
  await recordDataset(ctx.deps.db, { hash: ref.hash, uri: ref.uri, schema: ref.columns, rows: ref.rows, ...at });
  const { origin, source } = describe(ref);
  if (origin) await recordSourceRead(ctx.deps.db, { ...origin, tableHash: ref.hash, ...at });
  return ingestResult(ctx, ref, result.summary, source);
}

function ingestResult(ctx: StepContext<unknown>, ref: TableRef, s: IngestSummary, source: unknown): StepResult {
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
