// ingest.csv / ingest.json: read a file (confined to the data roots) into a stored Arrow table.
import type { IngestCsvConfig, IngestJsonConfig } from '../../dsl/catalog';
import { ConfinementError, IngestError, ingestCsv, ingestJson, type IngestResult } from '../compute/data/ingest';
import { writeTable } from '../compute/data/table';
import { recordDataset } from '../../server/db/repo/datasets';
import type { StepResult } from '../workflows/types';
import { userError } from './errors';
import type { StepContext } from './step';

async function finish(ctx: StepContext<unknown>, read: () => Promise<IngestResult>): Promise<StepResult> {
  let result: IngestResult;
  try {
    result = await read();
  } catch (err) {
    if (err instanceof ConfinementError) throw userError('Forbidden', err.message);
    if (err instanceof IngestError || (err as NodeJS.ErrnoException).code === 'ENOENT') throw userError('BadData', (err as Error).message);
    throw err;
  }
  const ref = await writeTable(ctx.deps.store, result.table);
  await recordDataset(ctx.deps.db, { hash: ref.hash, uri: ref.uri, schema: ref.columns, rows: ref.rows, runId: ctx.input.runId, stepId: ctx.input.step.id });
  const s = result.summary;
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
      typeErrors: Object.fromEntries(s.columns.filter((c) => c.typeErrors.count > 0).map((c) => [c.name, c.typeErrors.count])),
      nulls: Object.fromEntries(s.columns.filter((c) => c.nulls > 0).map((c) => [c.name, c.nulls])),
      malformedRows: s.malformedRows.count,
    },
  };
}

export async function ingestCsvStep(ctx: StepContext<IngestCsvConfig>): Promise<StepResult> {
  const { path, ...config } = ctx.config;
  ctx.log.info(`reading CSV ${path}`);
  return finish(ctx, () => ingestCsv(path, config, { roots: ctx.input.dataRoots }));
}

export async function ingestJsonStep(ctx: StepContext<IngestJsonConfig>): Promise<StepResult> {
  const { path, ...config } = ctx.config;
  ctx.log.info(`reading JSON ${path}`);
  return finish(ctx, () => ingestJson(path, config, { roots: ctx.input.dataRoots }));
}
