// Runs and their step results. Step results are upserts keyed by (run, step, attempt): activities may repeat.
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { pipelines, pipelineVersions, runs, stepRuns } from '../schema';

export type RunRow = typeof runs.$inferSelect;
export type StepRunRow = typeof stepRuns.$inferSelect;
export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
export type StepStatus = 'running' | 'succeeded' | 'failed' | 'skipped' | 'cancelled';

export async function createRun(
  db: Db,
  input: { id?: string; pipelineId: string; pipelineVersionId: string; workflowId: string; params: Record<string, unknown>; plan: unknown; trigger?: string; createdBy: string },
): Promise<RunRow> {
  const [row] = await db.insert(runs).values({ ...input, trigger: input.trigger ?? 'manual' }).returning();
  return row;
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

export async function getRun(db: Db, runId: string) {
  const [row] = await db
    .select({ run: runs, pipelineName: pipelines.name, version: pipelineVersions.version })
    .from(runs)
    .innerJoin(pipelines, eq(pipelines.id, runs.pipelineId))
    .innerJoin(pipelineVersions, eq(pipelineVersions.id, runs.pipelineVersionId))
    .where(eq(runs.id, runId));
  if (!row) return undefined;
  const steps = await db.select().from(stepRuns).where(eq(stepRuns.runId, runId)).orderBy(stepRuns.startedAt, stepRuns.attempt);
  return { ...row.run, pipelineName: row.pipelineName, pipelineVersion: row.version, steps };
}

export async function listRuns(db: Db, opts: { pipeline?: string; limit?: number } = {}) {
  const q = db
    .select({ run: runs, pipelineName: pipelines.name, version: pipelineVersions.version })
    .from(runs)
    .innerJoin(pipelines, eq(pipelines.id, runs.pipelineId))
    .innerJoin(pipelineVersions, eq(pipelineVersions.id, runs.pipelineVersionId))
    .where(opts.pipeline ? eq(pipelines.name, opts.pipeline) : undefined)
    .orderBy(desc(runs.createdAt))
    .limit(opts.limit ?? 50);
  // The list leaves the Plan out: it can be large and `get` has it.
  return (await q).map(({ run: { plan: _plan, ...run }, pipelineName, version }) => ({ ...run, pipelineName, pipelineVersion: version }));
}
