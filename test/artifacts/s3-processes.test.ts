// The production processes on an S3 store, configured only by their environment (HEADRACE_ARTIFACTS=s3://… and the
// AWS variables), as `headrace start` passes it on: a `headrace worker` process runs the penguins pipeline with every
// artifact in the bucket, and a `headrace serve` process loads the model it deployed from there and answers.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@temporalio/client';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { spawnPredictServer } from '../../cli/platform/predict-process';
import { loadConfig } from '../../server/config';
import { getRun } from '../../server/db/repo/runs';
import { startRun } from '../../server/services/runs';
import { penguinsDir, pipelineSource } from '../helpers/case-env';
import { startSeaweedfs, type S3Server } from '../helpers/seaweedfs';
import { startWorkerPlatform, type WorkerPlatform } from '../helpers/worker-process';

const PREFIX = 'processes';
let s3: S3Server;
let platform: WorkerPlatform;

beforeAll(async () => {
  s3 = await startSeaweedfs({ bucket: 'headrace-processes' });
  platform = await startWorkerPlatform('headrace-s3-processes-', { HEADRACE_ARTIFACTS: s3.location(PREFIX), ...s3.env });
}, 120_000);

afterAll(async () => {
  await platform?.stop();
  await s3?.stop();
});

it('runs a pipeline in a worker process and serves its model from the bucket', async () => {
  await platform.startWorker();
  const svc = { db: platform.database.db, temporal: new Client({ connection: platform.connection }), config: loadConfig(platform.env) };
  const run = await startRun(svc, { source: pipelineSource('s3procs'), baseDir: penguinsDir, author: 'test' });
  await svc.temporal.workflow.getHandle(run.workflowId).result();
  const view = (await getRun(platform.database.db, run.id))!;
  expect(view.status, view.error ?? '').toBe('succeeded');

  const page = await s3.client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: `${PREFIX}/sha256/` }));
  const stored = new Set((page.Contents ?? []).map((o) => o.Key!.slice(`${PREFIX}/sha256/xx/`.length)));
  const outputs = view.steps.flatMap((s) => Object.values((s.outputs ?? {}) as Record<string, { uri?: unknown }>))
    .map((o) => o?.uri).filter((u): u is string => typeof u === 'string' && u.startsWith('artifact://sha256/'));
  expect(outputs.some((u) => u.endsWith('.arrow'))).toBe(true);
  expect(outputs.some((u) => u.endsWith('.onnx'))).toBe(true);
  for (const uri of outputs) expect(stored.has(uri.slice('artifact://sha256/'.length))).toBe(true);
  expect(existsSync(join(platform.home, 'artifacts'))).toBe(false);

  const predict = await spawnPredictServer({ ...platform.env, HEADRACE_SERVE_PORT: '0' }, ['--host', '127.0.0.1']);
  try {
    const res = await fetch(`${predict.url}/v1/endpoints/s3procs/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rows: [{ 'Beak Length (mm)': 39.1, 'Beak Depth (mm)': 18.7, 'Flipper Length (mm)': 181, 'Body Mass (g)': 3750 }] }),
    });
    const body = await res.json() as { predictions: Array<{ label: string }>; model: { name: string; version: number } };
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body.predictions[0].label).toBe('Adelie');
    expect(body.model).toMatchObject({ name: 's3procs', version: 1 });
  } finally {
    await predict.stop();
  }
}, 240_000);
