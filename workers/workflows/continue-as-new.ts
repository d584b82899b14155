// The continueAsNew policy (docs/workflows.md): a workflow that loops without a bound (a monitor polling an
// endpoint for weeks, a rollout stepping traffic for hours) calls `continueAsNewIfSuggested` once per iteration,
// at a point where its whole state is in the arguments it passes on. A workflow whose history is bounded by its
// input (`pipelineRun`: a few events per step; an `approve` wait is one timer and one update) does not.
import { continueAsNew, workflowInfo, type Workflow } from '@temporalio/workflow';

/** Well below Temporal's hard limits (51,200 events, 50 MB): room for the iteration in progress to finish. */
export const HISTORY_EVENTS_LIMIT = 10_000;
export const HISTORY_BYTES_LIMIT = 10 * 1024 * 1024;

export interface HistoryLimits {
  events: number;
  bytes: number;
}

export const HISTORY_LIMITS: HistoryLimits = { events: HISTORY_EVENTS_LIMIT, bytes: HISTORY_BYTES_LIMIT };

/** Whether this run of the workflow should hand over to a fresh one (Temporal suggests it, or our own limits). */
export function shouldContinueAsNew(limits: HistoryLimits = HISTORY_LIMITS): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || info.historyLength >= limits.events || info.historySize >= limits.bytes;
}

/**
 * Continues as new with `args` when the history has grown enough (then it does not return: the workflow's next
 * run starts from `args`). Call it between iterations, with no activity, child or handler still running; wait for
 * update and signal handlers first (`await condition(allHandlersFinished)`).
 */
export async function continueAsNewIfSuggested<F extends Workflow>(...args: Parameters<F>): Promise<void> {
  await continueAsNewPast<F>(HISTORY_LIMITS, ...args);
}

/** The same with limits of one's own (tests use small ones to see the hand-over happen). */
export async function continueAsNewPast<F extends Workflow>(limits: HistoryLimits, ...args: Parameters<F>): Promise<void> {
  if (shouldContinueAsNew(limits)) await continueAsNew<F>(...args);
}
