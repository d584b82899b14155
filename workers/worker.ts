// Builds a Headrace worker for one task queue: the pipeline workflow plus every step kind's activity.
import { NativeConnection, Runtime, Worker, makeTelemetryFilterString } from '@temporalio/worker';
import { workflowBundle } from './bundle';
import { createActivities } from './activities';
import type { ActivityDeps } from './activities/deps';

let runtimeInstalled = false;

/** Temporal's core logs to stderr by default; keep it to warnings. */
export function quietTemporalRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn: (m: string) => console.warn(`[temporal] ${m}`), error: (m: string) => console.error(`[temporal] ${m}`) },
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }), forward: {} } },
  });
}

export interface WorkerOptions {
  address: string;
  namespace: string;
  taskQueue: string;
  /** Where the workflow bundle is cached (the CLI and the tests pass the per-user workflowBundleDir()). */
  cacheDir: string;
  deps: ActivityDeps;
  /** Test hook: replace or wrap activities (e.g. inject a fault). */
  activities?: (base: ReturnType<typeof createActivities>, deps: ActivityDeps) => Record<string, unknown>;
  maxConcurrentActivities?: number;
}

export async function createWorker(opts: WorkerOptions): Promise<{ worker: Worker; connection: NativeConnection }> {
  quietTemporalRuntime();
  const connection = await NativeConnection.connect({ address: opts.address });
  const base = createActivities(opts.deps);
  const worker = await Worker.create({
    connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    workflowBundle: await workflowBundle(opts.cacheDir),
    activities: opts.activities ? opts.activities(base, opts.deps) : base,
    maxConcurrentActivityTaskExecutions: opts.maxConcurrentActivities ?? 4,
    reuseV8Context: true,
    shutdownGraceTime: '2 seconds',
  });
  return { worker, connection };
}
