// Starting and following runs: a run row in Postgres, a `pipelineRun` workflow on Temporal.
import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/client';
import type { Plan } from '../../dsl/plan';
import { getPipelineVersion } from '../db/repo/pipelines';
import { createRun, createRunOnce, findRunByIdempotencyKey, getRun, getRunSummary, runIdsByPrefix, setRunStatus, type RunRow } from '../db/repo/runs';
import type { RunTrigger } from '../../dsl/states';
import { PIPELINE_RUN, PIPELINE_TASK_QUEUE, runWorkflowId, type PipelineRunArgs, type RunContext } from '../temporal/contract';
import type { Services } from './context';
import { ServiceError } from './errors';
import { compileOrThrow, savePipeline } from './pipelines';
import { queueWaits } from './task-queues';

export interface StartRunInput {
  /** Either the name of a saved pipeline… */
  pipeline?: string;
  version?: number;
  /** …or its source (saved as a new version when it changed). */
  source?: string;
  baseDir?: string;
  origin?: string;
  params?: Record<string, unknown>;
  trigger?: RunTrigger;
  /** Starting again with the same key returns the first run instead of starting another. */
  idempotencyKey?: string;
  /** Execute every step even where `cache: true` would reuse an earlier result. */
  noCache?: boolean;
  author: string;
}

export async function startRun(svc: Services, input: StartRunInput) {
  if (input.idempotencyKey) {
    // Fast path for a repeated request; the unique index settles a race below.
    const existing = await findRunByIdempotencyKey(svc.db, input.idempotencyKey);
    if (existing) return finishLaunch(svc, existing, input.noCache);
  }
  let name: string;
  let stored;
  // What a run reads is decided by where it was asked for: source sent from a file is compiled against that
  // file's folder even when an identical text was saved first from another folder.
  let baseDir: string | undefined;
  let compiled: Plan | undefined;
  if (input.source !== undefined) {
    const saved = await savePipeline(svc, { source: input.source, baseDir: input.baseDir, origin: input.origin, author: input.author });
    name = saved.plan.pipeline;
    stored = saved.version;
    baseDir = input.baseDir;
    compiled = saved.plan;
  } else if (input.pipeline) {
    const found = await getPipelineVersion(svc.db, input.pipeline, input.version);
    if (!found) throw new ServiceError('NOT_FOUND', `no pipeline "${input.pipeline}"${input.version ? ` version ${input.version}` : ''}`);
    name = input.pipeline;
    stored = found.version;
  } else {
    throw new ServiceError('BAD_REQUEST', 'give a pipeline name or its source');
  }
  const storedPlan = stored.plan as Plan;
  if (input.source === undefined) baseDir = input.baseDir ?? storedPlan.baseDir;
  // Params change the Plan (substituted values), so compile the stored source with them.
  const plan = input.params && Object.keys(input.params).length > 0
    ? compileOrThrow(stored.source, { baseDir, dataRoots: svc.config.dataRoots, params: input.params, file: stored.origin ?? undefined })
    : compiled ?? (baseDir === storedPlan.baseDir ? storedPlan : compileOrThrow(stored.source, { baseDir, dataRoots: svc.config.dataRoots, file: stored.origin ?? undefined }));
  return launch(svc, {
    name, version: stored.version, pipelineId: stored.pipelineId, pipelineVersionId: stored.id, plan,
    trigger: input.trigger, author: input.author, idempotencyKey: input.idempotencyKey, noCache: input.noCache,
  });
}

/**
 * Retries a failed or cancelled run: a new run of the same pipeline version, params and Plan. The
 * workflow reuses the outputs of the old run's finished steps (recorded as `cached`) and runs the rest.
 */
export async function retryRun(svc: Services, input: { id: string; author: string }) {
  const old = await getRunSummary(svc.db, input.id);
  if (!old) throw new ServiceError('NOT_FOUND', `no run "${input.id}"`);
  if (old.status !== 'failed' && old.status !== 'cancelled') {
    throw new ServiceError('CONFLICT', `run ${old.id} is ${old.status}: only a failed or cancelled run can be retried`);
  }
  const full = (await getRun(svc.db, old.id))!;
  return launch(svc, {
    name: old.pipelineName, version: old.pipelineVersion, pipelineId: old.pipelineId, pipelineVersionId: old.pipelineVersionId,
    plan: full.plan as Plan, trigger: 'retry', author: input.author, retryOf: old.id,
  });
}

/**
 * Reproduces a finished run: a new run of the same pipeline version with the same params (or these changed), and so
 * the same seeds, whose source-reading steps take the tables that run read from the store (the same data even where
 * a file has changed since) and whose other steps all execute (no cache).
 */
export async function reproduceRun(svc: Services, input: { id: string; params?: Record<string, unknown>; author: string }) {
  const old = await getRunSummary(svc.db, input.id);
  if (!old) throw new ServiceError('NOT_FOUND', `no run "${input.id}"`);
  if (old.status === 'queued' || old.status === 'running') {
    throw new ServiceError('CONFLICT', `run ${old.id} is ${old.status}: only a finished run can be reproduced`);
  }
  const full = (await getRun(svc.db, old.id))!;
  const oldPlan = full.plan as Plan;
  const changed = input.params && Object.keys(input.params).length > 0;
  let plan = oldPlan;
  if (changed) {
    const found = await getPipelineVersion(svc.db, old.pipelineName, old.pipelineVersion);
    if (!found) throw new ServiceError('NOT_FOUND', `pipeline "${old.pipelineName}" v${old.pipelineVersion} is gone`);
    plan = compileOrThrow(found.version.source, {
      baseDir: oldPlan.baseDir, dataRoots: svc.config.dataRoots, params: { ...oldPlan.params, ...input.params }, file: found.version.origin ?? undefined,
    });
  }
  return launch(svc, {
    name: old.pipelineName, version: old.pipelineVersion, pipelineId: old.pipelineId, pipelineVersionId: old.pipelineVersionId,
    plan, author: input.author, reproduces: old.id, noCache: true,
  });
}

/** Creates the run row and starts its workflow; a workflow that cannot start fails the run with the reason. */
async function launch(
  svc: Services,
  r: {
    name: string; version: number; pipelineId: string; pipelineVersionId: string; plan: Plan;
    trigger?: RunTrigger; author: string; idempotencyKey?: string; retryOf?: string; noCache?: boolean; reproduces?: string;
  },
) {
  const id = randomUUID();
  const workflowId = runWorkflowId(id);
  const values = {
    id, pipelineId: r.pipelineId, pipelineVersionId: r.pipelineVersionId, workflowId,
    params: r.plan.params, plan: r.plan, trigger: r.trigger, createdBy: r.author, retryOf: r.retryOf,
    ...(r.reproduces ? { reproduces: r.reproduces } : {}),
  };
  let run: RunRow;
  if (r.idempotencyKey) {
    const once = await createRunOnce(svc.db, { ...values, idempotencyKey: r.idempotencyKey });
    if (!once.created) return finishLaunch(svc, once.row, r.noCache);
    run = once.row;
  } else {
    run = await createRun(svc.db, values);
  }
  try {
    // The Plan as compiled (the row's is its jsonb copy, with its keys reordered).
    await startWorkflow(svc, { ...run, plan: r.plan, pipelineName: r.name, pipelineVersion: r.version }, r.noCache);
  } catch (err) {
    // The workflow id is this new run's own: only a request repeating its idempotency key can have started it
    // first (finishLaunch, between this row's insert and this start). The run is under way.
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) {
      await setRunStatus(svc.db, id, 'failed', `could not start the workflow: ${(err as Error).message}`);
      throw err;
    }
  }
  return { ...run, pipelineName: r.name, pipelineVersion: r.version };
}

type LaunchedRun = RunRow & { pipelineName: string; pipelineVersion: number };

/** Starts the `pipelineRun` workflow of a run row (its id, Plan and context are the row's). */
async function startWorkflow(svc: Services, run: LaunchedRun, noCache: boolean | undefined, opts: { onlyOnce?: boolean } = {}): Promise<void> {
  // No data roots in the context: the worker applies the roots fixed by its own configuration.
  const ctx: RunContext = {
    runId: run.id, pipelineVersionId: run.pipelineVersionId, trigger: run.trigger as RunTrigger, createdBy: run.createdBy,
    retryOf: run.retryOf ?? undefined,
    ...(noCache ? { noCache: true } : {}),
    ...(run.reproduces ? { reproduceOf: run.reproduces } : {}),
  };
  const args: PipelineRunArgs = [run.plan as Plan, ctx];
  await svc.temporal.workflow.start(PIPELINE_RUN, {
    taskQueue: PIPELINE_TASK_QUEUE,
    workflowId: run.workflowId,
    args,
    memo: {
      pipeline: run.pipelineName, version: run.pipelineVersion,
      ...(run.retryOf ? { retryOf: run.retryOf } : {}), ...(run.reproduces ? { reproduces: run.reproduces } : {}),
    },
    // A start repeated for a run already under way must never make a second execution, even of a closed one.
    ...(opts.onlyOnce ? { workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE } : {}),
  });
}

/**
 * The run an idempotency key already holds. One still `queued` may have been created by a server that stopped
 * (killed, restarted) before it started the workflow: its start is made here, at most once (a workflow already
 * started, or one that has ended, is left as it is), so a repeated request never leaves a run that never runs.
 */
async function finishLaunch(svc: Services, row: RunRow, noCache: boolean | undefined): Promise<LaunchedRun> {
  const run = (await getRunSummary(svc.db, row.id))!;
  if (run.status !== 'queued') return run;
  try {
    await startWorkflow(svc, run, noCache, { onlyOnce: true });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  return run;
}

/** The shortest run-id prefix accepted for a run (the length the app and the CLI show). */
export const RUN_ID_PREFIX_MIN = 8;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A run id, or a unique prefix of one (at least 8 characters), as the full id. A full id is returned as given
 * (an unknown one is the caller's NOT_FOUND); a prefix that matches no run is NOT_FOUND, several runs BAD_REQUEST
 * naming them.
 */
export async function resolveRunId(svc: Services, ref: string): Promise<string> {
  const prefix = ref.toLowerCase();
  if (UUID.test(prefix)) return prefix;
  if (prefix.length < RUN_ID_PREFIX_MIN || !/^[0-9a-f-]+$/.test(prefix)) {
    throw new ServiceError('BAD_REQUEST', `"${ref}" is not a run id nor a prefix of one (at least ${RUN_ID_PREFIX_MIN} hex characters)`);
  }
  const ids = await runIdsByPrefix(svc.db, prefix, 6);
  if (ids.length === 1) return ids[0];
  if (ids.length === 0) throw new ServiceError('NOT_FOUND', `no run "${ref}"`);
  throw new ServiceError('BAD_REQUEST', `run id prefix "${ref}" is ambiguous: it matches ${ids.length > 5 ? 'more than 5' : ids.length} runs (${ids.slice(0, 5).join(', ')}); give more characters`);
}

export async function getRunView(svc: Services, id: string) {
  const run = await getRun(svc.db, id);
  if (!run) throw new ServiceError('NOT_FOUND', `no run "${id}"`);
  // A running run's ready steps with no worker to take them (a GPU step and no GPU worker); unknown (omitted)
  // when Temporal cannot be asked, which must not keep the run from being read.
  const waiting = run.status === 'running' || run.status === 'queued'
    ? await queueWaits(svc, run.plan as Plan, run.steps).catch(() => undefined)
    : [];
  return {
    ...run,
    ...(waiting ? { waiting } : {}),
    temporalUrl: svc.temporalUiUrl ? `${svc.temporalUiUrl}/namespaces/${svc.config.temporalNamespace}/workflows/${run.workflowId}` : undefined,
  };
}

export async function cancelRun(svc: Services, id: string) {
  const run = await getRunSummary(svc.db, id);
  if (!run) throw new ServiceError('NOT_FOUND', `no run "${id}"`);
  if (run.status !== 'queued' && run.status !== 'running') {
    throw new ServiceError('CONFLICT', `run ${id} has already ${run.status === 'cancelled' ? 'been cancelled' : run.status}`);
  }
  await svc.temporal.workflow.getHandle(run.workflowId).cancel();
}
