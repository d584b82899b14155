// The run bookkeeping activities as the workflow calls them: on the pipeline task queue, short, retried.
import { proxyActivities } from '@temporalio/workflow';
import type { bookkeepingActivities } from '../activities/bookkeeping';
import type { cacheActivities } from '../activities/cache';
import type { runRecordActivities } from '../activities/run-record';
import { PIPELINE_TASK_QUEUE } from '../../server/temporal/contract';

export const bookkeeping = proxyActivities<
  ReturnType<typeof bookkeepingActivities> & ReturnType<typeof runRecordActivities> & ReturnType<typeof cacheActivities>
>({
  taskQueue: PIPELINE_TASK_QUEUE,
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 10, initialInterval: '500ms' },
});
