// Run and step states and task queue names: defined once here, read by the database layer, the
// workflows, the API, the CLI and the app (dsl/ is the one folder every other folder may import).
import { z } from 'zod';

/** A run's status as stored in `runs.status`. */
export const RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export const RunStatus = z.enum(RUN_STATUSES);
export type RunStatus = z.infer<typeof RunStatus>;
export const FINISHED_RUN_STATUSES: readonly RunStatus[] = ['succeeded', 'failed', 'cancelled'];

/**
 * A step attempt's status as stored in `step_runs.status`. `waiting`: a workflow-mode step (an approval, a
 * timer) is holding the run; `cached`: an earlier result was reused (cache hit or retry).
 */
export const STEP_STATUSES = ['running', 'waiting', 'succeeded', 'failed', 'skipped', 'cancelled', 'cached'] as const;
export const StepStatus = z.enum(STEP_STATUSES);
export type StepStatus = z.infer<typeof StepStatus>;

/** A step's state inside a running workflow (the `status` query): a stored status, or not started yet. */
export const StepState = z.enum(['pending', ...STEP_STATUSES]);
export type StepState = z.infer<typeof StepState>;

/**
 * What started a run: a person or the API, a schedule, a retry, a parent workflow, or one of the retraining
 * triggers — new data at a source, a drift alert, a drop in quality (the run's `triggerDetails` say what fired).
 */
export const RUN_TRIGGERS = ['manual', 'schedule', 'retry', 'api', 'workflow', 'data', 'drift', 'performance'] as const;
export const RunTrigger = z.enum(RUN_TRIGGERS);
export type RunTrigger = z.infer<typeof RunTrigger>;

export { TASK_QUEUES, type QueueName, type TaskQueue } from './task-queues';
