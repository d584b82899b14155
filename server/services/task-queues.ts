// Whether a run's next steps can start: a step waits in its task queue (headrace-cpu, headrace-gpu) until a worker
// polls it, and with none polling — no GPU worker started, say — it waits silently. The run view asks Temporal
// which workers poll the queues of the steps that are ready to run, and names the ones with none.
import proto from '@temporalio/proto';
import type { Plan } from '../../dsl/plan';
import { TASK_QUEUES } from '../../dsl/states';
import type { Services } from './context';

/** A poller seen longer ago than this is gone (a live worker's long poll renews it within about a minute). */
const POLLER_FRESH_MS = 2 * 60_000;

// @temporalio/proto is CommonJS: under Node's ESM loader only its default export (the module object) is visible.
const { TaskQueueKind, TaskQueueType } = proto.temporal.api.enums.v1;

/** What a run waits for: ready steps of a queue that no worker polls. */
export interface QueueWait {
  taskQueue: string;
  steps: string[];
  /** One sentence: what is missing and how to start it. */
  message: string;
}

/** Workers polling `taskQueue` for activities within the last two minutes. */
export async function activityPollers(svc: Pick<Services, 'temporal' | 'config'>, taskQueue: string): Promise<number> {
  const res = await svc.temporal.workflowService.describeTaskQueue({
    namespace: svc.config.temporalNamespace,
    taskQueue: { name: taskQueue, kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    taskQueueType: TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
  });
  const now = Date.now();
  return (res.pollers ?? []).filter((p) => {
    const at = p.lastAccessTime;
    const ms = at ? Number(at.seconds ?? 0) * 1000 + Math.floor((at.nanos ?? 0) / 1e6) : 0;
    return now - ms <= POLLER_FRESH_MS;
  }).length;
}

/** How long one answer about a queue's pollers serves: the run page polls every second, Temporal need not be asked as often. */
const POLLERS_TTL_MS = 5_000;
type Cached = { at: number; count: Promise<number> };
const pollerCache = new WeakMap<object, Map<string, Cached>>();

/** activityPollers, asked at most once per queue every few seconds per Temporal client (concurrent callers share one ask). */
export function recentActivityPollers(svc: Pick<Services, 'temporal' | 'config'>, taskQueue: string): Promise<number> {
  let byQueue = pollerCache.get(svc.temporal);
  if (!byQueue) pollerCache.set(svc.temporal, (byQueue = new Map()));
  const key = `${svc.config.temporalNamespace}\u0000${taskQueue}`;
  const hit = byQueue.get(key);
  const now = Date.now();
  if (hit && now - hit.at < POLLERS_TTL_MS) return hit.count;
  const count = activityPollers(svc, taskQueue);
  byQueue.set(key, { at: now, count });
  count.catch(() => byQueue.delete(key)); // a failed ask is not remembered
  return count;
}

const HOW = {
  [TASK_QUEUES.gpu]: 'no GPU worker polls headrace-gpu: start one on a machine with a GPU (headrace worker --queue gpu; headrace start does when nvidia-smi finds a GPU)',
  [TASK_QUEUES.cpu]: 'no worker polls headrace-cpu: start one (headrace worker, or headrace start)',
} as Record<string, string>;

/**
 * The queues a running run's ready steps wait on with no worker polling them. Ready: not started (no row yet),
 * every step it depends on succeeded (or was cached), run by an activity. Asks Temporal once per queue (at most every
 * few seconds), only when some step is ready.
 */
export async function queueWaits(
  svc: Pick<Services, 'temporal' | 'config'>, plan: Plan, steps: Array<{ stepId: string; status: string }>,
): Promise<QueueWait[]> {
  const latest = new Map<string, string>();
  for (const s of steps) latest.set(s.stepId, s.status);
  const done = (id: string) => latest.get(id) === 'succeeded' || latest.get(id) === 'cached';
  const ready = new Map<string, string[]>();
  for (const step of plan.steps) {
    const status = latest.get(step.id);
    if (status !== undefined) continue; // started (a row is written when a worker starts it), or done
    if (!step.dependsOn.every(done)) continue;
    if (step.mode !== undefined && step.mode !== 'activity') continue;
    ready.set(step.taskQueue, [...(ready.get(step.taskQueue) ?? []), step.id]);
  }
  const out: QueueWait[] = [];
  for (const [taskQueue, ids] of ready) {
    if ((await recentActivityPollers(svc, taskQueue)) > 0) continue;
    out.push({ taskQueue, steps: ids, message: HOW[taskQueue] ?? `no worker polls ${taskQueue}` });
  }
  return out;
}
