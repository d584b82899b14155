// Runs and their step results. Step results are upserts keyed by (run, step, attempt): activities may repeat.
import { and, desc, eq, getTableColumns, gte, inArray, isNotNull, lt, ne, sql, type SQL } from 'drizzle-orm';
import { FINISHED_RUN_STATUSES, RUN_STATUSES, type RunStatus, type RunTrigger, type StepStatus } from '../../../dsl/states';
import type { ClaimRunInput, TriggerDetails } from '../../temporal/contract';
import { redact } from '../../secrets/redact';
import { executePrepared, type Db } from '../client';
import { prepared } from '../prepared';
import { pipelines, pipelineVersions, runs, stepLogs, stepRuns } from '../schema';
import type { StepLogLine } from './step-logs';

// Statuses and triggers are typed by the schema's columns (dsl/states.ts); params are a JSON object.
export type RunRow = Omit<typeof runs.$inferSelect, 'params' | 'triggerDetails'> & {
  params: Record<string, unknown>;
  /** What fired a data, drift or performance trigger (null for other runs). */
  triggerDetails: TriggerDetails | null;
};
export type StepRunRow = typeof stepRuns.$inferSelect;
export type { RunStatus, StepStatus };
export { FINISHED_RUN_STATUSES, RUN_STATUSES };

export async function createRun(
  db: Db,
  input: {
    id?: string; pipelineId: string; pipelineVersionId: string; workflowId: string; params: Record<string, unknown>; plan: unknown;
    trigger?: RunTrigger; createdBy: string; idempotencyKey?: string; retryOf?: string; parentRunId?: string;
    triggerDetails?: unknown; reproduces?: string;
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

/** A run cannot be recorded: its pipeline version is not stored (retrying will not help). */
export class UnknownPipelineVersionError extends Error {
  override name = 'UnknownPipelineVersionError';
}

export type { ClaimRunInput };

/**
 * The run of a workflow, created when the workflow was started without one (a Schedule, a signal-with-start, the
 * Temporal CLI) and moved to `running`. Keyed by the workflow id: when the API wrote the row first, or an
 * earlier attempt of this call did, nothing of it changes but its status. Returns the run's id.
 */
export async function claimRun(db: Db, input: ClaimRunInput): Promise<string> {
  // The usual case, in one statement: the API wrote the row (queued) before starting the workflow.
  const [claimed] = await db
    .update(runs)
    .set({ status: 'running', error: null, startedAt: sql`coalesce(${runs.startedAt}, now())` })
    .where(and(eq(runs.workflowId, input.workflowId), sql`${runs.status} in ('queued', 'running')`))
    .returning({ id: runs.id });
  if (claimed) return claimed.id;
  // A row the update did not take is finished (a finished run never goes back to running): only its id is wanted.
  const [existing] = await db.select({ id: runs.id }).from(runs).where(eq(runs.workflowId, input.workflowId));
  if (existing) return existing.id;
  const version = await pipelineVersionOf(db, input);
  if (!version) {
    throw new UnknownPipelineVersionError(
      input.pipelineVersionId
        ? `no pipeline version ${input.pipelineVersionId}`
        : `pipeline "${input.pipeline}" has no saved version with source hash ${input.sourceHash.slice(0, 12)}: save it (headrace apply) before starting runs of it`,
    );
  }
  let parentRunId = input.parentRunId;
  if (!parentRunId && input.parentWorkflowId) {
    const [parent] = await db.select({ id: runs.id }).from(runs).where(eq(runs.workflowId, input.parentWorkflowId));
    parentRunId = parent?.id;
  }
  const [row] = await db
    .insert(runs)
    .values({
      pipelineId: version.pipelineId, pipelineVersionId: version.id, workflowId: input.workflowId, params: input.params, plan: input.plan,
      trigger: input.trigger, createdBy: input.createdBy, parentRunId, retryOf: input.retryOf,
      triggerDetails: input.triggerDetails ?? null, status: 'running', startedAt: sql`now()`,
    })
    .onConflictDoNothing({ target: runs.workflowId })
    .returning({ id: runs.id });
  if (row) return row.id;
  // Another attempt inserted it (already `running`) between our select and insert.
  const [raced] = await db.select({ id: runs.id }).from(runs).where(eq(runs.workflowId, input.workflowId));
  if (!raced) throw new Error(`run insert for workflow ${input.workflowId} conflicted but no run holds it`);
  return raced.id;
}

async function pipelineVersionOf(db: Db, input: ClaimRunInput): Promise<{ id: string; pipelineId: string } | undefined> {
  const cols = { id: pipelineVersions.id, pipelineId: pipelineVersions.pipelineId };
  if (input.pipelineVersionId) {
    const [v] = await db.select(cols).from(pipelineVersions).where(eq(pipelineVersions.id, input.pipelineVersionId));
    return v;
  }
  const [v] = await db
    .select(cols)
    .from(pipelineVersions)
    .innerJoin(pipelines, eq(pipelines.id, pipelineVersions.pipelineId))
    .where(and(eq(pipelines.name, input.pipeline), eq(pipelineVersions.sourceHash, input.sourceHash)))
    .orderBy(desc(pipelineVersions.version))
    .limit(1);
  return v;
}

export async function findRunByIdempotencyKey(db: Db, key: string): Promise<RunRow | undefined> {
  const [row] = await db.select().from(runs).where(eq(runs.idempotencyKey, key));
  return row as RunRow | undefined;
}

/** Moves a run to a new status; a finished run never goes back to running. */
export async function setRunStatus(db: Db, runId: string, status: RunStatus, error?: string | null): Promise<void> {
  const finished = FINISHED_RUN_STATUSES.includes(status);
  await db
    .update(runs)
    .set({
      status,
      error: redact(error) ?? null,
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
  /** The attempt's cache key (docs/caching.md); recorded on succeeded attempts and cache hits. */
  cacheKey?: string | null;
  /**
   * Why an earlier attempt of the step that is still recorded `running` ended without recording it (its worker or
   * the server died): such attempts are closed as `failed`, "superseded by attempt N: CAUSE".
   */
  supersededCause?: string;
  /** Log lines of the attempt not yet written: inserted by the same statement (one round trip for a step's end). */
  logs?: StepLogLine[];
  /**
   * The step is one of the first its run starts, and the run's workflow left moving the run from `queued` to
   * `running` to its first steps' rows (StepInput.claimsRun): the same statement does it.
   */
  claimsRun?: boolean;
}

/** The cause an attempt superseded by a later one is closed with when the caller names none. */
export const SUPERSEDED_CAUSE = 'it never recorded its end (its worker or the Temporal server stopped)';

function stepRunValues(u: StepRunUpdate) {
  const finished = u.status !== 'running' && u.status !== 'waiting';
  return {
    runId: u.runId,
    stepId: u.stepId,
    attempt: u.attempt,
    kind: u.kind,
    status: u.status,
    outputs: u.outputs ?? null,
    summary: u.summary ?? null,
    error: redact(u.error) ?? null,
    durationMs: u.durationMs ?? null,
    finishedAt: finished ? new Date() : null,
    cacheKey: u.cacheKey ?? null,
  };
}

/** The CTE that inserts the attempts' unwritten log lines in the same statement (nothing when there are none). */
function loggedLines(db: Db, us: readonly StepRunUpdate[]) {
  // A secret value this process read never reaches a log line (as in appendStepLogs).
  const rows = us.flatMap((u) => u.logs ?? []).map((l) => sql`(${l.runId}::uuid, ${l.stepId}, ${l.attempt}, ${l.at.toISOString()}::timestamptz, ${l.level}, ${redact(l.message)})`);
  return db.$with('logged', { id: stepLogs.id }).as(rows.length > 0
    ? sql`insert into step_logs (run_id, step_id, attempt, at, level, message) values ${sql.join(rows, sql`, `)} returning id`
    : sql`select null::bigint as id where false`);
}

export async function upsertStepRun(db: Db, u: StepRunUpdate): Promise<void> {
  const values = stepRunValues(u);
  // The same statement closes the earlier attempts still recorded `running` (none for attempt 1; the unique index on
  // run, step and attempt finds them): Temporal only schedules attempt N once attempt N-1 has ended, so a `running`
  // row below N is one whose end was never written.
  const error = `superseded by attempt ${u.attempt}: ${u.supersededCause ?? SUPERSEDED_CAUSE}`;
  const superseded = db.$with('superseded', { id: stepRuns.id }).as(sql`
    update step_runs set status = 'failed', error = ${error}, finished_at = now()
    where run_id = ${u.runId} and step_id = ${u.stepId} and attempt < ${u.attempt} and status = 'running'
    returning id`);
  const logged = loggedLines(db, [u]);
  // A first attempt has no earlier one to close: its statement leaves that part out.
  await db
    .with(...(u.attempt > 1 ? [superseded, logged] : [logged]))
    .insert(stepRuns)
    .values(values)
    .onConflictDoUpdate({
      target: [stepRuns.runId, stepRuns.stepId, stepRuns.attempt],
      set: {
        status: values.status, outputs: values.outputs, summary: values.summary, error: values.error, durationMs: values.durationMs,
        finishedAt: values.finishedAt, cacheKey: values.cacheKey,
      },
    });
}

/**
 * Several attempts' rows (and their log lines) in one statement, as upsertStepRun writes each. Only attempts that
 * close no earlier one (first attempts, and cache hits recorded as attempt 0), of distinct (run, step, attempt) keys:
 * a statement's upsert may touch a row once. The statement's text is the same for any number of rows and lines
 * (they travel as two JSON parameters), so it is prepared once per connection (executePrepared).
 */
export async function upsertFirstStepRuns(db: Db, us: readonly StepRunUpdate[]): Promise<void> {
  if (us.some((u) => u.attempt > 1)) throw new Error('upsertFirstStepRuns writes no retry (its statement closes the attempts it supersedes)');
  // A field left out (undefined) is SQL null: jsonb_to_recordset would read a JSON null as the jsonb value `null`.
  const rows = us.map((u) => {
    const v = stepRunValues(u);
    return {
      run_id: v.runId, step_id: v.stepId, attempt: v.attempt, kind: v.kind, status: v.status,
      outputs: v.outputs ?? undefined, summary: v.summary ?? undefined, error: v.error ?? undefined,
      duration_ms: v.durationMs ?? undefined, finished_at: v.finishedAt?.toISOString(), cache_key: v.cacheKey ?? undefined,
    };
  });
  // A secret value this process read never reaches a log line (as in appendStepLogs).
  const lines = us.flatMap((u) => u.logs ?? []).map((l) => ({
    run_id: l.runId, step_id: l.stepId, attempt: l.attempt, at: l.at.toISOString(), level: l.level, message: redact(l.message),
  }));
  const claims = [...new Set(us.filter((u) => u.claimsRun).map((u) => u.runId))];
  if (claims.length === 0) await executePrepared(db, UPSERT_FIRST_STEP_RUNS, [JSON.stringify(rows), JSON.stringify(lines)]);
  else await executePrepared(db, UPSERT_FIRST_STEP_RUNS_CLAIMING, [JSON.stringify(rows), JSON.stringify(lines), JSON.stringify(claims)]);
}

const UPSERT_FIRST_STEP_RUNS = `with logged as (
  insert into step_logs (run_id, step_id, attempt, at, level, message)
  select run_id, step_id, attempt, at, level, message
  from jsonb_to_recordset($2::text::jsonb) as l(run_id uuid, step_id text, attempt integer, at timestamptz, level text, message text)
  returning id)
insert into step_runs (run_id, step_id, attempt, kind, status, outputs, summary, error, duration_ms, finished_at, cache_key)
select run_id, step_id, attempt, kind, status, outputs, summary, error, duration_ms, finished_at, cache_key
from jsonb_to_recordset($1::text::jsonb) as r(run_id uuid, step_id text, attempt integer, kind text, status text,
  outputs jsonb, summary jsonb, error text, duration_ms integer, finished_at timestamptz, cache_key text)
on conflict (run_id, step_id, attempt) do update set status = excluded.status, outputs = excluded.outputs,
  summary = excluded.summary, error = excluded.error, duration_ms = excluded.duration_ms,
  finished_at = excluded.finished_at, cache_key = excluded.cache_key`;

/** The same, also moving the runs named in $3 (a JSON array of ids) from `queued` to `running`, as claimRun does. */
const UPSERT_FIRST_STEP_RUNS_CLAIMING = `with claimed as (
  update runs set status = 'running', error = null, started_at = coalesce(started_at, now())
  where id in (select value::uuid from jsonb_array_elements_text($3::text::jsonb)) and status = 'queued'
  returning id),
${UPSERT_FIRST_STEP_RUNS.slice('with '.length)}`;

/** Live progress of a running attempt (e.g. epoch and loss), shown while it runs. */
export async function setStepProgress(db: Db, key: { runId: string; stepId: string; attempt: number }, progress: Record<string, unknown>): Promise<void> {
  await db
    .update(stepRuns)
    .set({ summary: progress })
    .where(and(eq(stepRuns.runId, key.runId), eq(stepRuns.stepId, key.stepId), eq(stepRuns.attempt, key.attempt), eq(stepRuns.status, 'running')));
}

/** Where a training attempt's latest checkpoint is: written each time one is stored (workers/activities/train-epochs.ts). */
export async function setStepCheckpoint(
  db: Db, key: { runId: string; stepId: string; attempt: number }, checkpoint: { epoch: number; hash: string; uri: string },
): Promise<void> {
  await db
    .update(stepRuns)
    .set({ checkpoint })
    .where(and(eq(stepRuns.runId, key.runId), eq(stepRuns.stepId, key.stepId), eq(stepRuns.attempt, key.attempt)));
}

/** The newest checkpoint an earlier attempt of this step stored, if any. */
export async function latestStepCheckpoint(
  db: Db, key: { runId: string; stepId: string; attempt: number },
): Promise<{ epoch: number; hash: string; uri: string } | undefined> {
  const [row] = await db
    .select({ checkpoint: stepRuns.checkpoint })
    .from(stepRuns)
    .where(and(eq(stepRuns.runId, key.runId), eq(stepRuns.stepId, key.stepId), lt(stepRuns.attempt, key.attempt), isNotNull(stepRuns.checkpoint)))
    .orderBy(desc(stepRuns.attempt))
    .limit(1);
  return row?.checkpoint ?? undefined;
}

/** Runs joined to their pipeline's name and version number: what get, list and start return. */
function runsWithNames(db: Db) {
  return db
    .select({ run: runs, pipelineName: pipelines.name, version: pipelineVersions.version })
    .from(runs)
    .innerJoin(pipelines, eq(pipelines.id, runs.pipelineId))
    .innerJoin(pipelineVersions, eq(pipelineVersions.id, runs.pipelineVersionId));
}

/** Every column of a run but its Plan, which can be large and which a list leaves out (`get` has it). */
const { plan: _plan, ...runListColumns } = getTableColumns(runs);

function runListWithNames(db: Db) {
  return db
    .select({ run: runListColumns, pipelineName: pipelines.name, version: pipelineVersions.version })
    .from(runs)
    .innerJoin(pipelines, eq(pipelines.id, runs.pipelineId))
    .innerJoin(pipelineVersions, eq(pipelineVersions.id, runs.pipelineVersionId));
}

// A run page's two statements and the runs list's first pages, prepared (server/db/prepared.ts): the pages that
// stay open refresh every few seconds.
const runSummaryQuery = (db: Db) => prepared(db, 'run_summary', (name) => runsWithNames(db).where(eq(runs.id, sql.placeholder('id'))).prepare(name));
const runStepsQuery = (db: Db) => prepared(db, 'run_steps', (name) => db.select().from(stepRuns)
  .where(eq(stepRuns.runId, sql.placeholder('runId'))).orderBy(stepRuns.startedAt, stepRuns.attempt).prepare(name));
const runPageQuery = (db: Db) => prepared(db, 'run_page', (name) => runListWithNames(db)
  .orderBy(desc(runs.createdAt), desc(runs.id)).limit(sql.placeholder('limit')).prepare(name));
const runPageAfterQuery = (db: Db) => prepared(db, 'run_page_after', (name) => runListWithNames(db)
  .where(sql`(${runs.createdAt}, ${runs.id}) < (select c.created_at, c.id from runs c where c.id = ${sql.placeholder('cursor')})`)
  .orderBy(desc(runs.createdAt), desc(runs.id)).limit(sql.placeholder('limit')).prepare(name));

export async function getRun(db: Db, runId: string) {
  const run = await getRunSummary(db, runId);
  if (!run) return undefined;
  const steps = (await runStepsQuery(db).execute({ runId })) as StepRunRow[];
  return { ...run, steps };
}

/** Runs a drift or performance trigger of `endpoint`'s monitor started (the cause is in trigger_details). */
export function retrainedFor(endpoint: string): SQL {
  return sql`${runs.trigger} in ('drift', 'performance') and ${runs.triggerDetails}->>'endpoint' = ${endpoint}`;
}

export interface RunFilter {
  pipeline?: string;
  status?: RunStatus;
  trigger?: RunTrigger;
  /** Only runs a drift or performance trigger of this endpoint's monitor started. */
  endpoint?: string;
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
  if (f.endpoint) where.push(retrainedFor(f.endpoint));
  if (f.from) where.push(gte(runs.createdAt, f.from));
  if (f.to) where.push(lt(runs.createdAt, f.to));
  // The list leaves the Plan out, in the query too: it can be large and `get` has it. Unfiltered pages (the runs
  // page as it opens, and as it pages) go through prepared statements; a filtered one is built for its filters.
  const rows = where.length > 0
    ? await runListWithNames(db)
      .where(and(...where, ...(f.cursor ? [sql`(${runs.createdAt}, ${runs.id}) < (select c.created_at, c.id from runs c where c.id = ${f.cursor})`] : [])))
      .orderBy(desc(runs.createdAt), desc(runs.id))
      .limit(limit + 1)
    : f.cursor
      ? await runPageAfterQuery(db).execute({ cursor: f.cursor, limit: limit + 1 })
      : await runPageQuery(db).execute({ limit: limit + 1 });
  const page = rows.slice(0, limit);
  const metrics = await metricsOfRuns(db, page.map((r) => r.run.id));
  const items = page.map(({ run, pipelineName, version }) => ({
    ...(run as Omit<RunRow, 'plan'>), pipelineName, pipelineVersion: version, metrics: metrics.get(run.id) ?? {},
  }));
  return { items, nextCursor: rows.length > limit ? items[items.length - 1].id : null };
}

const runMetricsQuery = (db: Db) => prepared(db, 'run_metrics', (name) => db
  .select({ runId: stepRuns.runId, stepId: stepRuns.stepId, outputs: stepRuns.outputs })
  .from(stepRuns)
  .where(and(
    sql`${stepRuns.runId} = any(${sql.placeholder('runIds')}::uuid[])`,
    inArray(stepRuns.status, ['succeeded', 'cached']),
    sql`jsonb_path_exists(${stepRuns.outputs}, '$.* ? (@.type == "Metrics")')`,
  ))
  .orderBy(stepRuns.finishedAt, stepRuns.attempt)
  .prepare(name));

/**
 * The scalar metrics of each run: the `values` of every Metrics output of its succeeded or cached step rows, the
 * latest attempt of each step, merged in the order the steps finished (a later evaluate step's figure wins).
 */
async function metricsOfRuns(db: Db, runIds: string[]): Promise<Map<string, Record<string, number>>> {
  const out = new Map<string, Record<string, number>>();
  if (runIds.length === 0) return out;
  const rows = await runMetricsQuery(db).execute({ runIds });
  for (const r of rows) {
    const values = out.get(r.runId) ?? {};
    for (const ref of Object.values((r.outputs ?? {}) as Record<string, { type?: unknown; values?: unknown }>)) {
      if (ref?.type !== 'Metrics' || !ref.values || typeof ref.values !== 'object') continue;
      for (const [k, v] of Object.entries(ref.values)) if (typeof v === 'number' && Number.isFinite(v)) values[k] = v;
    }
    out.set(r.runId, values);
  }
  return out;
}

/** Ids of the runs whose id starts with `prefix` (lower-case hex and dashes), oldest first, at most `limit`. */
export async function runIdsByPrefix(db: Db, prefix: string, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: runs.id })
    .from(runs)
    .where(sql`${runs.id}::text like ${`${prefix}%`}`)
    .orderBy(runs.createdAt)
    .limit(limit);
  return rows.map((r) => r.id);
}

/** A run without its steps and plan, as `run.start` returns it. */
export async function getRunSummary(db: Db, runId: string) {
  const [row] = await runSummaryQuery(db).execute({ id: runId });
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

/**
 * Succeeded step attempts with this cache key and outputs, newest first (a few: the caller takes the first whose
 * artifacts are still stored). Other runs only: a step never hits on its own run.
 */
export async function cachedStepResults(db: Db, cacheKey: string, exceptRunId: string, limit = 5): Promise<StepRunRow[]> {
  const rows = await db
    .select()
    .from(stepRuns)
    .where(and(eq(stepRuns.cacheKey, cacheKey), eq(stepRuns.status, 'succeeded'), isNotNull(stepRuns.outputs), ne(stepRuns.runId, exceptRunId)))
    .orderBy(desc(stepRuns.finishedAt))
    .limit(limit);
  return rows as StepRunRow[];
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
