// Runs and their step results. Step results are upserts keyed by (run, step, attempt): activities may repeat.
import { and, desc, eq, gte, inArray, isNotNull, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { pipelines, pipelineVersions, runs, stepRuns } from '../schema';

// The status columns are text in SQL; these types say which values the code writes there.
export type RunRow = Omit<typeof runs.$inferSelect, 'status' | 'params'> & { status: RunStatus; params: Record<string, unknown> };
export type StepRunRow = Omit<typeof stepRuns.$inferSelect, 'status'> & { status: StepStatus };
export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
export type StepStatus = 'running' | 'succeeded' | 'failed' | 'skipped' | 'cancelled' | 'cached';
export const RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export const FINISHED_RUN_STATUSES: readonly RunStatus[] = ['succeeded', 'failed', 'cancelled'];

export async function createRun(
  db: Db,
  input: {
    id?: string; pipelineId: string; pipelineVersionId: string; workflowId: string; params: Record<string, unknown>; plan: unknown;
    trigger?: string; createdBy: string; idempotencyKey?: string; retryOf?: string;
  },
): Promise<RunRow> {
  const [row] = await db.insert(runs).values({ ...input, trigger: input.trigger ?? 'manual' }).returning();
  return row as RunRow;
}

/**
 * Inserts a run unless one with the same idempotency key exists; returns the run that holds the key
 * (`created: false` when it was there first — also when two callers race, thanks to the unique index).
 */
export async function createRunOnce(
  db: Db,
  input: Parameters<typeof createRun>[1] & { idempotencyKey: string },
): Promise<{ row: RunRow; created: boolean }> {
  const [row] = await db.insert(runs).values({ ...input, trigger: input.trigger ?? 'manual' }).onConflictDoNothing().returning();
  if (row) return { row: row as RunRow, created: true };
  const [first] = await db.select().from(runs).where(eq(runs.idempotencyKey, input.idempotencyKey));
  if (!first) throw new Error(`run insert conflicted but no run holds idempotency key ${input.idempotencyKey}`);
  return { row: first as RunRow, created: false };
}

export async function findRunByIdempotencyKey(db: Db, key: string): Promise<RunRow | undefined> {
  const [row] = await db.select().from(runs).where(eq(runs.idempotencyKey, key));
  return row as RunRow | undefined;
}

/** Moves a run to a new status; a finished run never goes back to running. */
export async function setRunStatus(db: Db, runId: string, status: RunStatus, error?: string | null): Promise<void> {
  const finished = status === 'succeeded' || status === 'failed' || status === 'cancelled';
  await db
    .update(runs)
    .set({
      status,
      error: error ?? null,
      ...(status === 'running' ? { startedAt: sql`coalesce(${runs.startedAt}, now())` } : {}),
      ...(finished ? { finishedAt: sql`coalesce(${runs.finishedAt}, now())` } : {}),
    })
    .where(
      status === 'running'
        ? and(eq(runs.id, runId), sql`${runs.status} in ('queued', 'running')`)
        : eq(runs.id, runId),
    );
}

export interface StepRunUpdate {
  runId: string;
  stepId: string;
  attempt: number;
  kind: string;
  status: StepStatus;
  outputs?: unknown;
  summary?: unknown;
  error?: string | null;
  durationMs?: number;
}

export async function upsertStepRun(db: Db, u: StepRunUpdate): Promise<void> {
  const finished = u.status !== 'running';
  const values = {
    runId: u.runId,
    stepId: u.stepId,
    attempt: u.attempt,
    kind: u.kind,
    status: u.status,
    outputs: u.outputs ?? null,
    summary: u.summary ?? null,
    error: u.error ?? null,
    durationMs: u.durationMs ?? null,
    finishedAt: finished ? new Date() : null,
  };
  await db
    .insert(stepRuns)
    .values(values)
    .onConflictDoUpdate({
      target: [stepRuns.runId, stepRuns.stepId, stepRuns.attempt],
      set: { status: values.status, outputs: values.outputs, summary: values.summary, error: values.error, durationMs: values.durationMs, finishedAt: values.finishedAt },
    });
}

/** Live progress of a running attempt (e.g. epoch and loss), shown while it runs. */
export async function setStepProgress(db: Db, key: { runId: string; stepId: string; attempt: number }, progress: Record<string, unknown>): Promise<void> {
  await db
    .update(stepRuns)
    .set({ summary: progress })
    .where(and(eq(stepRuns.runId, key.runId), eq(stepRuns.stepId, key.stepId), eq(stepRuns.attempt, key.attempt), eq(stepRuns.status, 'running')));
}

/** Runs joined to their pipeline's name and version number: what get, list and start return. */
function runsWithNames(db: Db) {
  return db
    .select({ run: runs, pipelineName: pipelines.name, version: pipelineVersions.version })
    .from(runs)
    .innerJoin(pipelines, eq(pipelines.id, runs.pipelineId))
    .innerJoin(pipelineVersions, eq(pipelineVersions.id, runs.pipelineVersionId));
}

export async function getRun(db: Db, runId: string) {
  const run = await getRunSummary(db, runId);
  if (!run) return undefined;
  const steps = (await db.select().from(stepRuns).where(eq(stepRuns.runId, runId)).orderBy(stepRuns.startedAt, stepRuns.attempt)) as StepRunRow[];
  return { ...run, steps };
}

export interface RunFilter {
  pipeline?: string;
  status?: RunStatus;
  trigger?: string;
  from?: Date;
  to?: Date;
  /** The id of the last run of the previous page. */
  cursor?: string;
  limit?: number;
}

/**
 * Runs newest first, filtered, one page at a time. The cursor is the last run's id: the next page holds
 * the runs ordered after it by (created_at, id), compared in SQL so microsecond timestamps stay exact.
 */
export async function listRuns(db: Db, f: RunFilter = {}) {
  const limit = f.limit ?? 50;
  const where: SQL[] = [];
  if (f.pipeline) where.push(eq(pipelines.name, f.pipeline));
  if (f.status) where.push(eq(runs.status, f.status));
  if (f.trigger) where.push(eq(runs.trigger, f.trigger));
  if (f.from) where.push(gte(runs.createdAt, f.from));
  if (f.to) where.push(lt(runs.createdAt, f.to));
  if (f.cursor) where.push(sql`(${runs.createdAt}, ${runs.id}) < (select c.created_at, c.id from runs c where c.id = ${f.cursor})`);
  const rows = await runsWithNames(db)
    .where(and(...where))
    .orderBy(desc(runs.createdAt), desc(runs.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  // The list leaves the Plan out: it can be large and `get` has it.
  const items = page.map(({ run: { plan: _plan, ...run }, pipelineName, version }) => ({ ...(run as Omit<RunRow, 'plan'>), pipelineName, pipelineVersion: version }));
  return { items, nextCursor: rows.length > limit ? items[items.length - 1].id : null };
}

/** A run without its steps and plan, as `run.start` returns it. */
export async function getRunSummary(db: Db, runId: string) {
  const [row] = await runsWithNames(db).where(eq(runs.id, runId));
  return row ? { ...(row.run as RunRow), pipelineName: row.pipelineName, pipelineVersion: row.version } : undefined;
}

/** The latest finished row per step of a run that left outputs (`succeeded` or `cached`): what a retry may reuse. */
export async function finishedSteps(db: Db, runId: string): Promise<StepRunRow[]> {
  const rows = await db
    .select()
    .from(stepRuns)
    .where(and(eq(stepRuns.runId, runId), inArray(stepRuns.status, ['succeeded', 'cached']), isNotNull(stepRuns.outputs)))
    .orderBy(stepRuns.stepId, desc(stepRuns.attempt));
  const seen = new Set<string>();
  return (rows as StepRunRow[]).filter((r) => !seen.has(r.stepId) && seen.add(r.stepId));
}

/** A run's status and every step row's (step, attempt, status), cheap enough to poll. */
export async function getRunProgress(db: Db, runId: string) {
  const [run] = await db.select({ status: runs.status }).from(runs).where(eq(runs.id, runId));
  if (!run) return undefined;
  const steps = await db
    .select({ stepId: stepRuns.stepId, attempt: stepRuns.attempt, status: stepRuns.status })
    .from(stepRuns)
    .where(eq(stepRuns.runId, runId))
    .orderBy(stepRuns.startedAt, stepRuns.attempt);
  return { status: run.status as RunStatus, steps: steps as Array<{ stepId: string; attempt: number; status: StepStatus }> };
}

/** The Plan a run executes (null for an unknown run). */
export async function getRunPlan(db: Db, runId: string): Promise<unknown> {
  const [row] = await db.select({ plan: runs.plan }).from(runs).where(eq(runs.id, runId));
  return row?.plan ?? null;
}
