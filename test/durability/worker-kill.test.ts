// Durability: SIGKILL the worker process while the run is in its training step, start a new worker:
// the run completes, finished steps are not executed again, and training resumes from its checkpoint — which
// lives in the artifact store, the attempt's row and its heartbeat carrying only its reference.
// The database is the embedded one (PGlite served over pglite-socket) shared by separate processes.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { LocalArtifactStore } from '../../server/artifacts/store';
import { loadConfig } from '../../server/config';
import { getRun } from '../../server/db/repo/runs';
import { startRun } from '../../server/services/runs';
import { statusQuery } from '../../server/temporal/contract';
import { startWorkerPlatform, type WorkerPlatform } from '../helpers/worker-process';

const exampleDir = resolve('examples/penguins');
const source = readFileSync(join(exampleDir, 'pipeline.yaml'), 'utf8')
  .replace('name: penguins', 'name: durable')
  .replace('epochs: 200', 'epochs: 20000')
  .replace('name: penguins,', 'name: durable,');

let platform: WorkerPlatform;

beforeAll(async () => {
  platform = await startWorkerPlatform('headrace-durable-');
});

afterAll(async () => {
  await platform?.stop();
});

it('survives a SIGKILLed worker mid-training without re-running finished steps', async () => {
  const { home, connection, database } = platform;
  const first = await platform.startWorker();
  const svc = { db: database.db, temporal: new Client({ connection }), config: loadConfig({ HEADRACE_HOME: home }) };
  const run = await startRun(svc, { source, baseDir: exampleDir, author: 'test' });
  const handle = svc.temporal.workflow.getHandle(run.workflowId);

  const deadline = Date.now() + 60_000;
  while ((await handle.query(statusQuery)).steps.train.state !== 'running') {
    if (Date.now() > deadline) throw new Error('training never started');
    await new Promise((r) => setTimeout(r, 100));
  }
  // Until attempt 1 has stored a checkpoint past epoch 1000 (its row names the newest one as it is stored), so it
  // is well into training. Polled rather than slept: on a fast machine a fixed wait may outlast the training itself.
  const stored = async () => (await getRun(database.db, run.id))!.steps.find((s) => s.stepId === 'train' && s.attempt === 1)?.checkpoint ?? undefined;
  await vi.waitUntil(async () => ((await stored())?.epoch ?? 0) > 1000, { timeout: 60_000, interval: 100 });
  first.child.kill('SIGKILL');
  await new Promise((r) => first.child.once('exit', r));

  // What the server holds for the next attempt: a reference to a checkpoint in the artifact store, not the state.
  const pending = (await handle.describe()).raw.pendingActivities ?? [];
  const payload = pending.find((a) => a.activityType?.name === 'train.logistic')?.heartbeatDetails?.payloads?.[0];
  expect(payload).toBeDefined();
  const beat = defaultPayloadConverter.fromPayload<{ epoch: number; loss: number; checkpoint: { hash: string; uri: string } }>(payload!);
  expect(Object.keys(beat).sort()).toEqual(['checkpoint', 'epoch', 'loss']);
  expect(Object.keys(beat.checkpoint).sort()).toEqual(['hash', 'uri']);
  // The row's reference: the newest checkpoint, at or past the heartbeat's (the SDK sends those at most every 8 s).
  const ref = (await stored())!;
  expect(ref.epoch).toBeGreaterThanOrEqual(beat.epoch);
  const bytes = await new LocalArtifactStore(join(home, 'artifacts')).get(ref.uri);
  const checkpoint = JSON.parse(new TextDecoder().decode(bytes)) as { state: { epoch: number } };
  expect(checkpoint.state.epoch).toBe(ref.epoch);
  expect(checkpoint.state.epoch).toBeGreaterThan(1000);
  // The size of the model (4 features × 3 classes and a thinned loss curve), not of the epochs run so far.
  expect(bytes.byteLength).toBeLessThan(4096);

  await platform.startWorker();
  await handle.result();

  const view = (await getRun(database.db, run.id))!;
  expect(view.status).toBe('succeeded');
  for (const id of ['ingest', 'validate', 'clean', 'split', 'evaluate', 'register']) {
    const rows = view.steps.filter((s) => s.stepId === id);
    expect(rows.map((s) => [s.attempt, s.status]), id).toEqual([[1, 'succeeded']]);
  }
  const train = view.steps.filter((s) => s.stepId === 'train').sort((a, b) => a.attempt - b.attempt);
  // The killed attempt never recorded its end: attempt 2 closed it, with the cause.
  expect(train.map((s) => [s.attempt, s.status])).toEqual([[1, 'failed'], [2, 'succeeded']]);
  expect(train[0].error).toBe("superseded by attempt 2: attempt 1's worker stopped answering (no heartbeat for 10 s: heartbeat timeout)");
  expect(train[0].finishedAt).toBeInstanceOf(Date);
  const resumed = (train[1].summary as { resumedFromEpoch: number | null }).resumedFromEpoch;
  expect(resumed).toBeGreaterThan(1000);
  // It resumed from the newest checkpoint attempt 1 stored, the one its row names.
  expect(resumed).toBe(ref.epoch);
  expect((train[1].summary as { epochs: number }).epochs).toBe(20000);
}, 180_000);
