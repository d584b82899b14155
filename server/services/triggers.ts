// Retraining triggers on the server's side: the Schedule that polls a pipeline's `data: { source }` triggers
// (created, updated or deleted with each saved version, as schedules.ts does for `schedule:`), the file-arrival
// webhook (`POST /v1/triggers/NAME`, in server/triggers-route.ts) firing `data: { webhook }` triggers, and the
// trigger events a pipeline has recorded (pipeline.triggerEvents, `headrace triggers`).
import { ScheduleAlreadyRunning, ScheduleNotFoundError, ScheduleOverlapPolicy, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { Plan } from '../../dsl/plan';
import { getPipelineVersion } from '../db/repo/pipelines';
import { fireAndStart, listTriggerEvents, pipelinesOnWebhook, polledSources, type Firing, type RetrainTriggerKind, type StartTriggeredRun, type TriggerOutcome } from '../db/repo/triggers';
import {
  DATA_TRIGGER_POLL, PIPELINE_RUN, PIPELINE_TASK_QUEUE, dataPollScheduleId, dataPollWorkflowIdPrefix,
  type DataTriggerPollInput, type PipelineRunArgs, type TriggerDetails,
} from '../temporal/contract';
import type { Services } from './context';
import { ServiceError } from './errors';

/** The interval a pipeline's sources are polled at: the shortest `every:` of its polled data triggers. */
export function pollSeconds(plan: Plan): number | undefined {
  const sources = polledSources(plan);
  return sources.length ? Math.min(...sources.map((s) => s.everySeconds)) : undefined;
}

/**
 * Brings the pipeline's data-poll Schedule in line with its latest version: one Schedule firing a
 * `dataTriggerPoll` every `pollSeconds`, none when the version polls nothing (`previous`: the version saved before,
 * when there was one). `test.every` overrides the interval.
 */
export async function syncDataPoll(svc: Services, plan: Plan, previous?: Plan, test?: { every?: string }): Promise<void> {
  const name = plan.pipeline;
  const seconds = pollSeconds(plan);
  // Nothing polled now: the Schedule goes only when the version before polled (a first save, or one after a version
  // that polled nothing either, pays no Temporal call — and needs no Temporal at all).
  if (seconds === undefined) return previous && pollSeconds(previous) !== undefined ? deleteDataPoll(svc, name) : undefined;
  const args: [DataTriggerPollInput] = [{ pipeline: name }];
  const options = {
    spec: { intervals: [{ every: test?.every ?? `${Math.max(1, Math.round(seconds))}s` }] },
    action: {
      type: 'startWorkflow' as const, workflowType: DATA_TRIGGER_POLL, args, taskQueue: PIPELINE_TASK_QUEUE,
      workflowId: dataPollWorkflowIdPrefix(name),
    },
    policies: { overlap: ScheduleOverlapPolicy.SKIP },
  };
  const handle = svc.temporal.schedule.getHandle(dataPollScheduleId(name));
  try {
    await handle.update((prev) => ({ ...options, state: prev.state }));
    return;
  } catch (err) {
    if (!(err instanceof ScheduleNotFoundError)) throw pollError(name, err);
  }
  try {
    await svc.temporal.schedule.create({ scheduleId: dataPollScheduleId(name), ...options, memo: { pipeline: name } });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw pollError(name, err);
    await handle.update((prev) => ({ ...options, state: prev.state }));
  }
}

/** Removes the pipeline's data-poll Schedule (archived, renamed, or no polled source left); none is fine. */
export async function deleteDataPoll(svc: Services, name: string): Promise<void> {
  try {
    await svc.temporal.schedule.getHandle(dataPollScheduleId(name)).delete();
  } catch (err) {
    if (!(err instanceof ScheduleNotFoundError)) throw pollError(name, err);
  }
}

function pollError(name: string, err: unknown): Error {
  const e = new Error(`pipeline "${name}" was saved, but the Schedule polling its data sources could not be updated (save it again to retry): ${(err as Error).message}`);
  e.cause = err;
  return e;
}

/** Starts a triggered run's workflow with the API's client; one already started under its id is that run. */
export function startWithApi(svc: Services): StartTriggeredRun {
  return async (workflowId, plan, ctx, memo) => {
    const args: PipelineRunArgs = [plan, ctx];
    try {
      await svc.temporal.workflow.start(PIPELINE_RUN, { taskQueue: PIPELINE_TASK_QUEUE, workflowId, args, memo });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  };
}

/**
 * A call of the file-arrival webhook `NAME`: fires the data trigger of every current pipeline that declares
 * `data: { webhook: NAME }`, keyed `data:webhook/NAME:HASH` — the hash the caller gives (of the file that
 * arrived), so the same file announced twice starts one run, or else a fresh one per call.
 */
export async function fireWebhook(
  svc: Services,
  input: { name: string; source?: string; hash?: string; actor: string; nonce: string },
): Promise<Firing[]> {
  const targets = await pipelinesOnWebhook(svc.db, input.name);
  if (targets.length === 0) {
    throw new ServiceError('NOT_FOUND', `no pipeline has a data trigger on webhook "${input.name}" (declare \`triggers: [{ data: { webhook: ${input.name} } }]\` and save it)`);
  }
  const hash = input.hash ?? input.nonce;
  const out: Firing[] = [];
  for (const p of targets) {
    const details: TriggerDetails = {
      event: `data:webhook/${input.name}:${hash}`, kind: 'data', webhook: input.name, ...(input.source && { source: input.source }),
      ...(input.hash && { hash: input.hash }),
      summary: `data · ${input.source ? `${input.source} arrived` : `webhook ${input.name} called`}`,
    };
    out.push(await fireAndStart(svc.db, { pipeline: p, kind: 'data', key: details.event, details, createdBy: input.actor }, startWithApi(svc)));
  }
  return out;
}

/** A pipeline's trigger events, newest first (pipeline.triggerEvents). */
export async function triggerEventsOf(svc: Services, name: string, limit?: number) {
  const found = await getPipelineVersion(svc.db, name);
  if (!found) throw new ServiceError('NOT_FOUND', `no pipeline "${name}"`);
  const rows = await listTriggerEvents(svc.db, found.pipeline.id, { limit });
  return rows.map((r) => ({
    id: r.id, kind: r.kind as RetrainTriggerKind, key: r.key, outcome: r.outcome as TriggerOutcome, runId: r.runId, createdAt: r.createdAt,
    summary: typeof r.details.summary === 'string' ? r.details.summary : r.key,
    details: r.details,
  }));
}
