// A step with `resources: { gpu: 1 }` on a platform without a GPU worker: the run says what it waits for (the
// run view, `headrace status`) instead of waiting silently; once a GPU worker polls headrace-gpu the step runs,
// and on a machine without a GPU it trains on the CPU, saying why in its log and summary.
import { workflowBundleDir } from '../../server/temporal/cli-binary';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readStepLogs } from '../../server/db/repo/step-logs';
import { getRunView, startRun } from '../../server/services/runs';
import { TASK_QUEUES } from '../../dsl/states';
import { createWorker } from '../../workers/worker';
import { headrace } from '../helpers/cli';
import { startHarness, type Harness } from '../helpers/harness';

const penguinsDir = resolve('examples/penguins');
const source = readFileSync(join(penguinsDir, 'pipeline.yaml'), 'utf8')
  .replace('name: penguins\n', 'name: penguins-gpu\n')
  .replace(/ {2}evaluate:\n[\s\S]*$/, '')
  .replace('    uses: train.logistic\n', '    uses: train.logistic\n    resources: { gpu: 1 }\n')
  .replace('epochs: 200', 'epochs: 20');

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ api: true });
}, 120_000);

afterAll(async () => {
  await h?.stop();
});

describe('a GPU step', () => {
  it('says it waits for a GPU worker, then trains on the CPU with the reason when the GPU worker has no GPU', async () => {
    expect(source).toContain('resources: { gpu: 1 }');
    const run = await startRun(h.svc, { source, baseDir: penguinsDir, author: 'test' });
    const waiting = await vi.waitUntil(async () => {
      const v = await getRunView(h.svc, run.id);
      return v.waiting?.length ? v.waiting : undefined;
    }, { timeout: 60_000, interval: 250 });
    expect(waiting).toEqual([{
      taskQueue: TASK_QUEUES.gpu, steps: ['train'],
      message: 'no GPU worker polls headrace-gpu: start one on a machine with a GPU (headrace worker --queue gpu; headrace start does when nvidia-smi finds a GPU)',
    }]);
    // The run page polls every second: Temporal is asked about a queue's pollers at most once in a few seconds.
    const describe = vi.spyOn(h.svc.temporal.workflowService, 'describeTaskQueue');
    for (let i = 0; i < 5; i++) expect((await getRunView(h.svc, run.id)).waiting).toEqual(waiting);
    expect(describe.mock.calls.length).toBeLessThanOrEqual(1);
    describe.mockRestore();
    const status = await headrace(['status', run.id], { HEADRACE_URL: h.api.url, HEADRACE_TOKEN: h.api.users.viewer.token, HEADRACE_HOME: h.home });
    expect(status.stdout).toContain('waiting for a worker: step train — no GPU worker polls headrace-gpu');

    // A GPU worker (on this machine there is no GPU, nor CUDA libraries): the step runs, on the CPU.
    const { worker, connection } = await createWorker({
      address: h.temporal.address, namespace: 'default', taskQueue: TASK_QUEUES.gpu, cacheDir: workflowBundleDir(),
      deps: { db: h.database.db, store: h.store, dataRoots: h.svc.config.dataRoots, device: 'cuda' },
    });
    const running = worker.run();
    try {
      await h.client.workflow.getHandle(run.workflowId).result();
    } finally {
      worker.shutdown();
      await running;
      await connection.close();
    }
    const view = await getRunView(h.svc, run.id);
    expect(view.status).toBe('succeeded');
    expect(view.waiting).toEqual([]);
    const train = view.steps.find((s) => s.stepId === 'train')!;
    expect(train.summary).toMatchObject({ device: 'cpu', deviceFallback: expect.stringMatching(/^cuda unavailable: /) });
    const lines = (await readStepLogs(h.database.db, { runId: run.id, stepId: 'train', limit: 1000 })).map((l) => l.message);
    expect(lines).toContainEqual(expect.stringMatching(/^trained on cpu: cuda unavailable: /));
  }, 180_000);
});
