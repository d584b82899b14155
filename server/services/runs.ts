// Starting and following runs: a run row in Postgres, a `pipelineRun` workflow on Temporal.
import { randomUUID } from 'node:crypto';
import type { Plan } from '../../dsl/plan';
import { getPipelineVersion } from '../db/repo/pipelines';
import { createRun, getRun, setRunStatus } from '../db/repo/runs';
import { PIPELINE_TASK_QUEUE, type Services } from './context';
import { ServiceError } from './errors';
import { compileOrThrow, savePipeline } from './pipelines';

export interface StartRunInput {
  /** Either the name of a saved pipeline… */
  pipeline?: string;
  version?: number;
  /** …or its source (saved as a new version when it changed). */
  source?: string;
  baseDir?: string;
  origin?: string;
  params?: Record<string, unknown>;
  trigger?: string;
  author: string;
}

export async function startRun(svc: Services, input: StartRunInput) {
  let name: string;
  let stored;
  if (input.source !== undefined) {
    const saved = await savePipeline(svc, { source: input.source, baseDir: input.baseDir, origin: input.origin, author: input.author });
    name = saved.plan.pipeline;
    stored = saved.version;
  } else if (input.pipeline) {
    const found = await getPipelineVersion(svc.db, input.pipeline, input.version);
    if (!found) throw new ServiceError('NOT_FOUND', `no pipeline "${input.pipeline}"${input.version ? ` version ${input.version}` : ''}`);
    name = input.pipeline;
    stored = found.version;
  } else {
    throw new ServiceError('BAD_REQUEST', 'give a pipeline name or its source');
  }
  const storedPlan = stored.plan as Plan;
  // Params change the Plan (substituted values), so compile the stored source with them.
  const plan = input.params && Object.keys(input.params).length > 0
    ? compileOrThrow(stored.source, { baseDir: storedPlan.baseDir, params: input.params, file: stored.origin ?? undefined })
    : storedPlan;
  const id = randomUUID();
  const workflowId = `headrace-run-${id}`;
  const run = await createRun(svc.db, {
    id, pipelineId: stored.pipelineId, pipelineVersionId: stored.id, workflowId,
    params: plan.params, plan, trigger: input.trigger, createdBy: input.author,
  });
  const dataRoots = svc.config.dataRoots ?? (plan.baseDir ? [plan.baseDir] : []);
  try {
    await svc.temporal.workflow.start('pipelineRun', {
      taskQueue: PIPELINE_TASK_QUEUE,
      workflowId,
      args: [plan, { runId: id, dataRoots }],
      memo: { pipeline: name, version: stored.version },
    });
  } catch (err) {
    await setRunStatus(svc.db, id, 'failed', `could not start the workflow: ${(err as Error).message}`);
    throw err;
  }
  return { ...run, pipelineName: name, pipelineVersion: stored.version };
}

export async function getRunView(svc: Services, id: string) {
  const run = await getRun(svc.db, id);
  if (!run) throw new ServiceError('NOT_FOUND', `no run "${id}"`);
  return {
    ...run,
    temporalUrl: svc.temporalUiUrl ? `${svc.temporalUiUrl}/namespaces/${svc.config.temporalNamespace}/workflows/${run.workflowId}` : undefined,
  };
}

export async function cancelRun(svc: Services, id: string) {
  const run = await getRun(svc.db, id);
  if (!run) throw new ServiceError('NOT_FOUND', `no run "${id}"`);
  await svc.temporal.workflow.getHandle(run.workflowId).cancel();
}
