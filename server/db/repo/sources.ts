// Source reads: what each ingest step read (a file, a URL, a query, a folder), and the table it became. A
// source's versions are its distinct tables over time (docs/data.md, "Versions").
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../client';

export interface SourceRead {
  /** `file:PATH`, `http:URL` (no query string), `sql:CONNECTION:SHA256(QUERY)`, `glob:PATTERN`. */
  sourceKey: string;
  kind: string;
  label: string;
  /** The sha256 of the stored table it became (the dataset's hash). */
  tableHash: string;
  bytes?: number | null;
  contentHash?: string | null;
  modifiedAt?: string | Date | null;
  etag?: string | null;
  details?: Record<string, unknown>;
  runId: string;
  stepId: string;
}

/** Records one read (once per run, step and table; nothing when the table is not a recorded dataset). */
export async function recordSourceRead(db: Db, read: SourceRead): Promise<void> {
  const modified = read.modifiedAt ? new Date(read.modifiedAt).toISOString() : null;
  await db.execute(sql`
    insert into source_reads (source_key, kind, label, dataset_id, bytes, content_hash, modified_at, etag, details, run_id, step_id)
    select ${read.sourceKey}, ${read.kind}, ${read.label}, d.id, ${read.bytes ?? null}, ${read.contentHash ?? null},
           ${modified}, ${read.etag ?? null}, ${JSON.stringify(read.details ?? {})}::jsonb, ${read.runId}, ${read.stepId}
    from datasets d where d.hash = ${read.tableHash}
    on conflict do nothing`);
}

/** Every source read so far, the most recently read first, with its number of versions (distinct tables). */
export async function listSources(db: Db) {
  const rows = rowsOf<{
    source_key: string; kind: string; label: string; versions: number; reads: number; first_read_at: string; last_read_at: string;
    dataset_id: string; hash: string; rows: number; bytes: number | null;
  }>(await db.execute(sql`
    select s.source_key, s.kind, s.label, s.versions, s.reads, s.first_read_at, s.last_read_at, d.id as dataset_id, d.hash, d.rows, s.bytes
    from (
      select source_key, count(distinct dataset_id)::int as versions, count(*)::int as reads,
             min(created_at) as first_read_at, max(created_at) as last_read_at,
             (array_agg(kind order by created_at desc, id))[1] as kind,
             (array_agg(label order by created_at desc, id))[1] as label,
             (array_agg(dataset_id order by created_at desc, id))[1] as dataset_id,
             (array_agg(bytes order by created_at desc, id))[1] as bytes
      from source_reads group by source_key
    ) s join datasets d on d.id = s.dataset_id
    order by s.last_read_at desc, s.source_key`));
  return rows.map((r) => ({
    sourceKey: r.source_key, kind: r.kind, label: r.label, versions: Number(r.versions), reads: Number(r.reads),
    firstReadAt: new Date(r.first_read_at), lastReadAt: new Date(r.last_read_at),
    latest: { datasetId: r.dataset_id, hash: r.hash, rows: Number(r.rows), bytes: r.bytes === null ? null : Number(r.bytes) },
  }));
}

/** The source a dataset was read from (its latest read), or undefined for a table no ingest step read. */
export async function sourceOfDataset(db: Db, datasetId: string): Promise<string | undefined> {
  const rows = rowsOf<{ source_key: string }>(await db.execute(sql`
    select source_key from source_reads where dataset_id = ${datasetId} order by created_at desc, id limit 1`));
  return rows[0]?.source_key;
}

/**
 * A source's versions, the newest first: each distinct table it became, numbered from 1 in the order first read,
 * with when it was first and last read, what the latest read of it saw (bytes, content hash, modification time,
 * ETag), and every run step that read it. Undefined for a source never read.
 */
export async function sourceVersions(db: Db, sourceKey: string) {
  const versions = rowsOf<{
    dataset_id: string; hash: string; rows: number; schema: Array<{ name: string; type: string }>; first_read_at: string; last_read_at: string;
    bytes: number | null; content_hash: string | null; modified_at: string | null; etag: string | null; kind: string; label: string;
  }>(await db.execute(sql`
    select sr.dataset_id, d.hash, d.rows, d.schema, min(sr.created_at) as first_read_at, max(sr.created_at) as last_read_at,
           (array_agg(sr.bytes order by sr.created_at desc, sr.id))[1] as bytes,
           (array_agg(sr.content_hash order by sr.created_at desc, sr.id))[1] as content_hash,
           (array_agg(sr.modified_at order by sr.created_at desc, sr.id))[1] as modified_at,
           (array_agg(sr.etag order by sr.created_at desc, sr.id))[1] as etag,
           (array_agg(sr.kind order by sr.created_at desc, sr.id))[1] as kind,
           (array_agg(sr.label order by sr.created_at desc, sr.id))[1] as label
    from source_reads sr join datasets d on d.id = sr.dataset_id
    where sr.source_key = ${sourceKey}
    group by sr.dataset_id, d.hash, d.rows, d.schema
    order by min(sr.created_at), sr.dataset_id`));
  if (versions.length === 0) return undefined;
  const reads = rowsOf<{ dataset_id: string; run_id: string; step_id: string; created_at: string; pipeline: string; status: string }>(await db.execute(sql`
    select sr.dataset_id, sr.run_id, sr.step_id, sr.created_at, p.name as pipeline, r.status
    from source_reads sr join runs r on r.id = sr.run_id join pipelines p on p.id = r.pipeline_id
    where sr.source_key = ${sourceKey}
    order by sr.created_at, sr.id`));
  const latest = versions.reduce((a, b) => (new Date(b.last_read_at) > new Date(a.last_read_at) ? b : a));
  return {
    sourceKey,
    kind: latest.kind,
    label: latest.label,
    versions: versions.map((v, i) => ({
      version: i + 1,
      datasetId: v.dataset_id,
      hash: v.hash,
      rows: Number(v.rows),
      columns: v.schema.length,
      bytes: v.bytes === null ? null : Number(v.bytes),
      contentHash: v.content_hash,
      modifiedAt: v.modified_at ? new Date(v.modified_at) : null,
      etag: v.etag,
      firstReadAt: new Date(v.first_read_at),
      lastReadAt: new Date(v.last_read_at),
      runs: reads.filter((r) => r.dataset_id === v.dataset_id)
        .map((r) => ({ runId: r.run_id, stepId: r.step_id, at: new Date(r.created_at), pipeline: r.pipeline, runStatus: r.status })),
    })).reverse(),
  };
}
