// The edges of the lineage graph as the database records them (server/services/lineage.ts walks them): sources
// → tables (source_reads), tables → tables (a run step that read one and wrote another, dataset_uses), tables →
// runs (a step that read a table and wrote none: training, evaluation, validation), runs → model versions, and
// model versions → endpoints (deployments). Each function answers for a batch of ids, both directions.
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../client';

const list = (ids: readonly string[]): SQL => sql.join(ids.map((id) => sql`${id}`), sql`, `);

export interface SourceEdge { sourceKey: string; kind: string; label: string; datasetId: string; stepIds: string[] }

/** Which tables the sources became (`by: 'source'`) or which sources the tables came from (`by: 'table'`). */
export async function sourceEdges(db: Db, by: 'source' | 'table', ids: readonly string[]): Promise<SourceEdge[]> {
  if (ids.length === 0) return [];
  const where = by === 'source' ? sql`source_key in (${list(ids)})` : sql`dataset_id in (${list(ids)})`;
  const rows = rowsOf<{ source_key: string; kind: string; label: string; dataset_id: string; step_ids: string[] }>(await db.execute(sql`
    select source_key, dataset_id, (array_agg(kind order by created_at desc))[1] as kind, (array_agg(label order by created_at desc))[1] as label,
           array_agg(distinct step_id) as step_ids
    from source_reads where ${where} group by source_key, dataset_id`));
  return rows.map((r) => ({ sourceKey: r.source_key, kind: r.kind, label: r.label, datasetId: r.dataset_id, stepIds: r.step_ids }));
}

/** The newest table each source became (where its page is). */
export async function latestTableOf(db: Db, sourceKeys: readonly string[]): Promise<Map<string, string>> {
  if (sourceKeys.length === 0) return new Map();
  const rows = rowsOf<{ source_key: string; dataset_id: string }>(await db.execute(sql`
    select distinct on (source_key) source_key, dataset_id from source_reads
    where source_key in (${list(sourceKeys)}) order by source_key, created_at desc, id`));
  return new Map(rows.map((r) => [r.source_key, r.dataset_id]));
}

export interface Derivation { from: string; to: string; stepIds: string[] }

/** Tables made from tables: derived from these (`by: 'from'`) or these derived from others (`by: 'to'`). */
export async function derivations(db: Db, by: 'from' | 'to', datasetIds: readonly string[]): Promise<Derivation[]> {
  if (datasetIds.length === 0) return [];
  const where = by === 'from' ? sql`r.dataset_id in (${list(datasetIds)})` : sql`w.dataset_id in (${list(datasetIds)})`;
  const rows = rowsOf<{ from_id: string; to_id: string; step_ids: string[] }>(await db.execute(sql`
    select r.dataset_id as from_id, w.dataset_id as to_id, array_agg(distinct r.step_id) as step_ids
    from dataset_uses r join dataset_uses w on w.run_id = r.run_id and w.step_id = r.step_id and w.direction = 'wrote'
    where r.direction = 'read' and r.dataset_id <> w.dataset_id and ${where}
    group by r.dataset_id, w.dataset_id`));
  return rows.map((r) => ({ from: r.from_id, to: r.to_id, stepIds: r.step_ids }));
}

export interface Consumption { datasetId: string; runId: string; stepIds: string[] }

/** Tables a run's steps read without writing a table (train, evaluate, validate): by table or by run. */
export async function consumptions(db: Db, by: 'table' | 'run', ids: readonly string[]): Promise<Consumption[]> {
  if (ids.length === 0) return [];
  const where = by === 'table' ? sql`r.dataset_id in (${list(ids)})` : sql`r.run_id in (${list(ids)})`;
  const rows = rowsOf<{ dataset_id: string; run_id: string; step_ids: string[] }>(await db.execute(sql`
    select r.dataset_id, r.run_id, array_agg(distinct r.step_id) as step_ids
    from dataset_uses r
    where r.direction = 'read' and ${where}
      and not exists (select 1 from dataset_uses w where w.run_id = r.run_id and w.step_id = r.step_id and w.direction = 'wrote')
    group by r.dataset_id, r.run_id`));
  return rows.map((r) => ({ datasetId: r.dataset_id, runId: r.run_id, stepIds: r.step_ids }));
}

export interface VersionFacts {
  id: string; name: string; version: number; stage: string; runId: string | null; stepId: string | null;
  /** The ids of the datasets it was trained on (those recorded). */
  trainedOn: string[];
}

/** Model versions by id, by the run that registered them, or trained on these datasets. */
export async function modelVersionsBy(db: Db, by: 'id' | 'run' | 'table', ids: readonly string[]): Promise<VersionFacts[]> {
  if (ids.length === 0) return [];
  const where = by === 'id' ? sql`mv.id in (${list(ids)})`
    : by === 'run' ? sql`mv.run_id in (${list(ids)})`
      : sql`exists (select 1 from datasets t where t.id in (${list(ids)}) and mv.training_datasets @> jsonb_build_array(t.hash))`;
  const rows = rowsOf<{ id: string; name: string; version: number; stage: string; run_id: string | null; step_id: string | null; trained_on: string[] | null }>(await db.execute(sql`
    select mv.id, m.name, mv.version, mv.stage, mv.run_id, mv.step_id,
           (select array_agg(d.id::text) from datasets d where mv.training_datasets @> jsonb_build_array(d.hash)) as trained_on
    from model_versions mv join models m on m.id = mv.model_id
    where ${where}`));
  return rows.map((r) => ({ id: r.id, name: r.name, version: Number(r.version), stage: r.stage, runId: r.run_id, stepId: r.step_id, trainedOn: r.trained_on ?? [] }));
}

export interface Serving { modelVersionId: string; endpoint: string; current: boolean; deployment: number }

/** The endpoints that serve, or served, these model versions (their latest deployment naming each). */
export async function servingOf(db: Db, modelVersionIds: readonly string[]): Promise<Serving[]> {
  if (modelVersionIds.length === 0) return [];
  const rows = rowsOf<{ model_version_id: string; endpoint: string; current: boolean; deployment: number }>(await db.execute(sql`
    select v.value->>'modelVersionId' as model_version_id, e.name as endpoint,
           bool_or(e.current_deployment_id = d.id) as current, max(d.number) as deployment
    from deployments d join endpoints e on e.id = d.endpoint_id, jsonb_array_elements(d.variants) v
    where v.value->>'modelVersionId' in (${list(modelVersionIds)})
    group by v.value->>'modelVersionId', e.name`));
  return rows.map((r) => ({ modelVersionId: r.model_version_id, endpoint: r.endpoint, current: Boolean(r.current), deployment: Number(r.deployment) }));
}

export interface TableFacts { id: string; hash: string; rows: number; columns: number }

export async function tablesById(db: Db, ids: readonly string[]): Promise<TableFacts[]> {
  if (ids.length === 0) return [];
  const rows = rowsOf<{ id: string; hash: string; rows: number; columns: number }>(await db.execute(sql`
    select id, hash, rows, jsonb_array_length(schema) as columns from datasets where id in (${list(ids)})`));
  return rows.map((r) => ({ id: r.id, hash: r.hash, rows: Number(r.rows), columns: Number(r.columns) }));
}

export interface RunFacts { id: string; pipeline: string; status: string; createdAt: Date }

export async function runsById(db: Db, ids: readonly string[]): Promise<RunFacts[]> {
  if (ids.length === 0) return [];
  const rows = rowsOf<{ id: string; pipeline: string; status: string; created_at: string | Date }>(await db.execute(sql`
    select r.id, p.name as pipeline, r.status, r.created_at from runs r join pipelines p on p.id = r.pipeline_id where r.id in (${list(ids)})`));
  return rows.map((r) => ({ id: r.id, pipeline: r.pipeline, status: r.status, createdAt: new Date(r.created_at) }));
}
