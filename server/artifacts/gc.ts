// Artifact garbage collection (`headrace gc`, admin.gc): removes the stored artifacts nothing in the database
// names. A reference is any sha256 (bare, or inside an `artifact://sha256/...` uri) in any text or JSON column of
// any table but the logs listed below: run step outputs and summaries, run plans, datasets, model versions (model,
// training datasets, lineage), deployments, monitors and their windows, trigger events. Reading every column,
// instead of a list of known ones, keeps a table added later safe by default; a string that only looks like a
// hash keeps at most one artifact too many. Two guards cover what is not in the database yet: nothing written
// within the grace period (`olderThanMs`, 1 h by default) is removed, and while a run is queued or running nothing
// written since it was created is removed either (a training step's checkpoints are named only by its heartbeats
// and its attempts' `step_runs.checkpoint`, which matter while the run is active: that column is not a reference).
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../db/client';
import type { ArtifactStore, StoredArtifact } from './store';

export const DEFAULT_GC_GRACE_MS = 60 * 60 * 1000;

/** Tables whose text is never a reference: logs, metrics, credentials. */
const NOT_REFERENCES = new Set([
  'step_logs', 'audit_log', 'training_epochs', 'serving_windows', 'deployment_events', 'sessions', 'api_tokens', 'users',
  '__drizzle_migrations',
]);

/** Columns of other tables that are not references: a training attempt's latest checkpoint, dead once its run ends. */
const NOT_REFERENCE_COLUMNS = new Set(['step_runs.checkpoint']);

export interface GcOptions {
  /** List what would be removed, remove nothing. */
  dryRun?: boolean;
  /** Keep anything written less than this long ago (ms). */
  olderThanMs?: number;
  now?: Date;
}

export interface GcResult {
  dryRun: boolean;
  /** Artifacts written after this are kept whatever references them. */
  cutoff: Date;
  /** The queued or running run that moved the cutoff back, if one did. */
  heldBy: { runId: string; createdAt: Date } | null;
  stored: { count: number; bytes: number };
  kept: { referenced: number; recent: number; bytes: number };
  /** Removed (or, in a dry run, to be removed), oldest first. */
  removed: Array<{ uri: string; size: number; modified: Date }>;
  removedBytes: number;
}

/** Every sha256 the database names (see the header). */
export async function referencedHashes(db: Db): Promise<Set<string>> {
  const cols = await rows<{ table_name: string; column_name: string }>(db, sql`
    select table_name, column_name from information_schema.columns
    where table_schema = current_schema() and data_type in ('text', 'character varying', 'jsonb', 'json')
    order by table_name, ordinal_position`);
  const byTable = new Map<string, string[]>();
  for (const c of cols) {
    if (NOT_REFERENCES.has(c.table_name) || NOT_REFERENCE_COLUMNS.has(`${c.table_name}.${c.column_name}`)) continue;
    byTable.set(c.table_name, [...(byTable.get(c.table_name) ?? []), c.column_name]);
  }
  const hashes = new Set<string>();
  for (const [table, columns] of byTable) {
    const text = sql.join(columns.map((c) => sql`${sql.identifier(c)}::text`), sql`, `);
    const found = await rows<{ h: string }>(db, sql`
      select distinct m[1] as h from ${sql.identifier(table)}, regexp_matches(lower(concat_ws(' ', ${text})), '([0-9a-f]{64})', 'g') as m`);
    for (const r of found) hashes.add(r.h);
  }
  return hashes;
}

export async function collectGarbage(db: Db, store: ArtifactStore, opts: GcOptions = {}): Promise<GcResult> {
  const now = opts.now ?? new Date();
  let cutoff = new Date(now.getTime() - (opts.olderThanMs ?? DEFAULT_GC_GRACE_MS));
  const [active] = await rows<{ id: string; created_at: string | Date }>(db, sql`
    select id, created_at from runs where status in ('queued', 'running') order by created_at asc limit 1`);
  let heldBy: GcResult['heldBy'] = null;
  if (active) {
    const createdAt = new Date(active.created_at);
    if (createdAt < cutoff) {
      cutoff = createdAt;
      heldBy = { runId: active.id, createdAt };
    }
  }
  // The references are read before the store is listed, and the cutoff was fixed before both: an artifact whose
  // reference lands after this read was written by a run that is still active, or within the grace period.
  const referenced = await referencedHashes(db);
  const stored = { count: 0, bytes: 0 };
  const kept = { referenced: 0, recent: 0, bytes: 0 };
  const garbage: StoredArtifact[] = [];
  // S3 keeps LastModified to the second: an artifact written later in the cutoff's own second reads as written
  // before it. Everything from the start of that second counts as recent (keeping too much, never too little).
  const recentFrom = Math.floor(cutoff.getTime() / 1000) * 1000;
  for await (const a of store.list()) {
    stored.count++;
    stored.bytes += a.size;
    if (referenced.has(a.hash)) kept.referenced++;
    else if (a.modified.getTime() >= recentFrom) kept.recent++;
    else {
      garbage.push(a);
      continue;
    }
    kept.bytes += a.size;
  }
  garbage.sort((a, b) => a.modified.getTime() - b.modified.getTime() || a.uri.localeCompare(b.uri));
  if (!opts.dryRun) for (const a of garbage) await store.delete(a.hash, a.ext);
  return {
    dryRun: opts.dryRun === true,
    cutoff,
    heldBy,
    stored,
    kept,
    removed: garbage.map((a) => ({ uri: a.uri, size: a.size, modified: a.modified })),
    removedBytes: garbage.reduce((n, a) => n + a.size, 0),
  };
}

async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  return rowsOf<T>(await db.execute(query));
}
