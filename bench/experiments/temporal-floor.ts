// Where the per-step floor went: the raw anchor's chain of 20 no-op activities (bench/raw-temporal) on a fresh
// Temporal CLI dev server per configuration, six workflows one after another, each timed end to end; then, for the
// fourth, the mean gap in its event history before each WorkflowTaskStarted and ActivityTaskStarted (the time a task
// waited to reach a poller). The configurations are the ones tried while looking for the ~100 ms floor, kept so the
// finding can be checked again: `npx tsx bench/experiments/temporal-floor.ts` (about a minute; run it alone).
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { ensureTemporalCli } from '../../server/temporal/cli-binary';
import { startDevServerOnFreePort } from '../../server/temporal/dev-server';
import { rawActivities } from '../raw-temporal/activities';
import { RAW_TASK_QUEUE } from '../raw-temporal/worker';

const STEPS = 20;
const WORKFLOWS = 6;
/** EventType numbers of temporal.api.enums.v1.EventType. */
const WORKFLOW_TASK_STARTED = 6;
const ACTIVITY_TASK_STARTED = 11;

interface Config {
  name: string;
  /** Dynamic config values for the dev server; the default ones of server/temporal/dev-server.ts are not added. */
  dynamic: string[];
  worker?: Partial<WorkerOptions>;
}

const POLL_RPS = ['history.transferProcessorMaxPollRPS=1000', 'history.timerProcessorMaxPollRPS=1000', 'history.visibilityProcessorMaxPollRPS=1000'];
const CONFIGS: Config[] = [
  { name: 'dev server defaults', dynamic: [] },
  { name: 'one task queue partition', dynamic: ['matching.numTaskqueueReadPartitions=1', 'matching.numTaskqueueWritePartitions=1'] },
  { name: 'eager activity execution allowed', dynamic: ['system.enableActivityEagerExecution=true'] },
  { name: '10 pollers per queue', dynamic: [], worker: { maxConcurrentActivityTaskPolls: 10, maxConcurrentWorkflowTaskPolls: 10 } },
  { name: 'no workflow cache, 2 workflow pollers', dynamic: [], worker: { maxCachedWorkflows: 0, maxConcurrentWorkflowTaskPolls: 2 } },
  { name: 'history queues read up to 1000/s', dynamic: POLL_RPS },
  { name: 'history queues read up to 1000/s, eager activity execution', dynamic: [...POLL_RPS, 'system.enableActivityEagerExecution=true'] },
];

const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: console.error };

async function measure(bin: string, code: string, config: Config): Promise<{ perStep: number[]; waits: { workflowTask: number; activityTask: number } }> {
  // This configuration's dynamic config only, not the platform's (DEV_SERVER_DYNAMIC_CONFIG).
  const server = await startDevServerOnFreePort({ bin, headless: true, dynamicConfig: config.dynamic });
  const connection = await NativeConnection.connect({ address: server.address });
  const worker = await Worker.create({
    connection, namespace: 'default', taskQueue: RAW_TASK_QUEUE, workflowBundle: { code }, activities: rawActivities(),
    maxConcurrentActivityTaskExecutions: 4, reuseV8Context: true, shutdownGraceTime: '2 seconds', ...config.worker,
  });
  const running = worker.run();
  const clientConnection = await Connection.connect({ address: server.address });
  const client = new Client({ connection: clientConnection });
  const perStep: number[] = [];
  let waits = { workflowTask: 0, activityTask: 0 };
  try {
    for (let i = 0; i < WORKFLOWS; i++) {
      const workflowId = `floor-${i}-${Date.now()}`;
      const t0 = performance.now();
      await client.workflow.execute('rawChain', { taskQueue: RAW_TASK_QUEUE, workflowId, args: [STEPS] });
      perStep.push((performance.now() - t0) / STEPS);
      if (i === 3) waits = await taskWaits(client, workflowId);
    }
  } finally {
    worker.shutdown();
    await running;
    await connection.close();
    await clientConnection.close();
    await server.stop();
  }
  return { perStep, waits };
}

/** Mean ms between each task's Scheduled event and its Started event, per kind of task. */
async function taskWaits(client: Client, workflowId: string): Promise<{ workflowTask: number; activityTask: number }> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const gaps: Record<number, number[]> = {};
  let previous = 0;
  for (const e of history.events ?? []) {
    const t = Number(e.eventTime!.seconds) * 1000 + (e.eventTime!.nanos ?? 0) / 1e6;
    if (previous) (gaps[Number(e.eventType)] ??= []).push(t - previous);
    previous = t;
  }
  const mean = (xs: number[] = []) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  return { workflowTask: mean(gaps[WORKFLOW_TASK_STARTED]), activityTask: mean(gaps[ACTIVITY_TASK_STARTED]) };
}

const bin = (await ensureTemporalCli()).path;
const { code } = await bundleWorkflowCode({ workflowsPath: new URL('../raw-temporal/workflows.ts', import.meta.url).pathname, logger: quiet });
console.log(`| configuration | ms/step, workflows 1–${WORKFLOWS} in order | wait for a workflow task / an activity task (ms, workflow 4) |`);
console.log('|---|---|---|');
// `npx tsx bench/experiments/temporal-floor.ts 1000/s` runs the configurations whose name holds that text.
const only = process.argv[2];
for (const config of CONFIGS.filter((c) => !only || c.name.includes(only))) {
  const r = await measure(bin, code, config);
  console.log(`| ${config.name} | ${r.perStep.map((x) => x.toFixed(1)).join(', ')} | ${r.waits.workflowTask.toFixed(1)} / ${r.waits.activityTask.toFixed(1)} |`);
}
