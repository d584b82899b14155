// Run and step states and task queue names: defined once here, read by the database layer, the
// workflows, the API, the CLI and the app (dsl/ is the one folder every other folder may import).
import { z } from 'zod';

/** A run's status as stored in `runs.status`. */
export const RunStatus = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']);
export type RunStatus = z.infer<typeof RunStatus>;
export const RUN_STATUSES = RunStatus.options;
export const FINISHED_RUN_STATUSES: readonly RunStatus[] = ['succeeded', 'failed', 'cancelled'];

/**
 * A step attempt's status as stored in `step_runs.status`. `waiting`: a workflow-mode step (an approval, a
 * timer) is holding the run; `cached`: an earlier result was reused (cache hit or retry).
 */
export const StepStatus = z.enum(['running', 'waiting', 'succeeded', 'failed', 'skipped', 'cancelled', 'cached']);
export type StepStatus = z.infer<typeof StepStatus>;
export const STEP_STATUSES = StepStatus.options;

/** A step's state inside a running workflow (the `status` query): a stored status, or not started yet. */
export const StepState = z.enum(['pending', ...StepStatus.options]);
export type StepState = z.infer<typeof StepState>;

/** What started a run. */
export const RunTrigger = z.enum(['manual', 'schedule', 'retry', 'api', 'workflow']);
export type RunTrigger = z.infer<typeof RunTrigger>;

/** Temporal task queues: resource pools. `pipelineRun` workflows and bookkeeping run on the cpu queue. */
export const TASK_QUEUES = { cpu: 'headrace-cpu', gpu: 'headrace-gpu' } as const;
export type QueueName = keyof typeof TASK_QUEUES;
export type TaskQueue = (typeof TASK_QUEUES)[QueueName];
