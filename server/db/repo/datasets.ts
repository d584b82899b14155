// Datasets: every table a step wrote, by content hash, with its schema and row count; and which run
// steps read or wrote each one (lineage).
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { datasets, datasetUses, models, modelVersions, pipelines, runs } from '../schema';

export type DatasetRow = typeof datasets.$inferSelect;

const DATASET_HASH = /^[0-9a-f]{64}$/;

export async function recordDataset(
  db: Db,
  input: { hash: string; uri: string; schema: unknown; rows: number; profile?: unknown; runId?: string; stepId?: string },
): Promise<void> {
  // Content-addressed: the same table written twice is one dataset (first producer kept).
  await db.insert(datasets).values(input).onConflictDoNothing({ target: datasets.hash });
}

/** Records that a run step read or wrote the dataset with this hash (once; nothing when the hash is unknown). */
export async function recordDatasetUse(
  db: Db,
  use: { hash: string; runId: string; stepId: string; direction: 'read' | 'wrote' },
): Promise<void> {
  await db.execute(sql`
    insert into dataset_uses (dataset_id, run_id, step_id, direction)
    select d.id, ${use.runId}, ${use.stepId}, ${use.direction} from datasets d where d.hash = ${use.hash}
    on conflict do nothing`);
}

/** Datasets newest first; the cursor is the last dataset's id. */
export async function listDatasets(db: Db, q: { cursor?: string; limit: number }) {
  const where: SQL[] = [];
  if (q.cursor) where.push(sql`(${datasets.createdAt}, ${datasets.id}) < (select c.created_at, c.id from datasets c where c.id = ${q.cursor})`);
  const rows = await db
    .select({
      id: datasets.id, hash: datasets.hash, uri: datasets.uri, format: datasets.format, schema: datasets.schema,
      rows: datasets.rows, runId: datasets.runId, stepId: datasets.stepId, createdAt: datasets.createdAt,
    })
    .from(datasets)
    .where(and(...where))
    .orderBy(desc(datasets.createdAt), desc(datasets.id))
    .limit(q.limit + 1);
  const items = rows.slice(0, q.limit);
  return { items, nextCursor: rows.length > q.limit ? items[items.length - 1].id : null };
}

/** A dataset's row, by id or by the sha256 of its table. */
export async function findDataset(db: Db, idOrHash: string): Promise<DatasetRow | undefined> {
  const [row] = await db.select().from(datasets).where(DATASET_HASH.test(idOrHash) ? eq(datasets.hash, idOrHash) : eq(datasets.id, idOrHash));
  return row;
}

/** One dataset (by id, or by the sha256 of its table) with the run steps that read or wrote it and the model versions trained on it. */
export async function getDataset(db: Db, idOrHash: string) {
  const row = await findDataset(db, idOrHash);
  if (!row) return undefined;
  const id = row.id;
  const uses = await db
    .select({ runId: datasetUses.runId, stepId: datasetUses.stepId, direction: datasetUses.direction, at: datasetUses.createdAt, pipeline: pipelines.name, runStatus: runs.status })
    .from(datasetUses)
    .innerJoin(runs, eq(runs.id, datasetUses.runId))
    .innerJoin(pipelines, eq(pipelines.id, runs.pipelineId))
    .where(eq(datasetUses.datasetId, id))
    .orderBy(datasetUses.createdAt);
  const trainedOn = await db
    .select({ id: modelVersions.id, name: models.name, version: modelVersions.version, stage: modelVersions.stage, runId: modelVersions.runId })
    .from(modelVersions)
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .where(sql`${modelVersions.trainingDatasets} @> ${JSON.stringify([row.hash])}::jsonb`)
    .orderBy(models.name, modelVersions.version);
  return { ...row, uses, models: trainedOn };
}
