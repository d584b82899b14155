// Source reads: what each ingest step read (a file, a URL, a query, a folder), and the table it became. A
// source's versions are its distinct tables over time (docs/data.md, "Versions").
import { sql } from 'drizzle-orm';
import type { Db } from '../client';

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
