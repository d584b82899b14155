// A worker for the raw anchor with the settings Headrace's worker uses (workers/worker.ts): the same connection
// kind, a pre-bundled workflow, 4 concurrent activities, one reused V8 context.
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import { rawActivities, type RawActivities } from './activities';

export const RAW_TASK_QUEUE = 'raw-bench';

export async function createRawWorker(opts: {
  address: string;
  /** Wraps the activities (the bench times them). */
  wrap?: (a: RawActivities) => RawActivities;
}): Promise<{ worker: Worker; connection: NativeConnection }> {
  const connection = await NativeConnection.connect({ address: opts.address });
  const { code } = await bundleWorkflowCode({
    workflowsPath: fileURLToPath(new URL('./workflows.ts', import.meta.url)),
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: console.error },
  });
  const activities = rawActivities();
  const worker = await Worker.create({
    connection,
    namespace: 'default',
    taskQueue: RAW_TASK_QUEUE,
    workflowBundle: { code },
    activities: opts.wrap ? opts.wrap(activities) : activities,
    maxConcurrentActivityTaskExecutions: 4,
    reuseV8Context: true,
    shutdownGraceTime: '2 seconds',
  });
  return { worker, connection };
}
