// The run bookkeeping activities as the workflow calls them: on the pipeline task queue, short, retried.
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { bookkeepingActivities } from '../activities/bookkeeping';
import type { cacheActivities } from '../activities/cache';
import type { runRecordActivities } from '../activities/run-record';
import { PIPELINE_TASK_QUEUE } from '../../server/temporal/contract';

type Bookkeeping = ReturnType<typeof bookkeepingActivities> & ReturnType<typeof runRecordActivities> & ReturnType<typeof cacheActivities>;

export const bookkeeping = proxyActivities<Bookkeeping>({
  taskQueue: PIPELINE_TASK_QUEUE,
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 10, initialInterval: '500ms' },
});

/**
 * The same activities as local activities: run by the worker that runs the workflow, inside the workflow task that
 * asks for them, their results recorded in the history as markers. For the one-statement records at a run's two
 * ends, which would otherwise each cost a round trip through the task queue and one more workflow task. Every
 * worker registers every activity (workers/worker.ts), so whichever runs the workflow can run them. A worker that
 * dies during one fails its workflow task, and the next worker runs it again: they are idempotent.
 */
export const localBookkeeping = proxyLocalActivities<Bookkeeping>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 10, initialInterval: '500ms' },
});
