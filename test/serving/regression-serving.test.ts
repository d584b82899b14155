// A regression model (train.linear's export: one `prediction` output, no classes) behind an endpoint: the plain
// protocol answers {"value"} per row, MLflow's scoring JSON the list of values, V2 the `prediction` tensor (JSON
// and binary) with metadata that says so; a classifier-only ask is refused with a sentence; the prediction log
// keeps each value as the row's label (what monitoring's RMSE reads), and a shadow regressor is compared by value.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LocalArtifactStore } from '../../server/artifacts/store';
import { openDatabase, type Database } from '../../server/db/client';
import { createDeployment } from '../../server/db/repo/endpoints';
import { registerModelVersion } from '../../server/db/repo/registry';
import { summarizeServing } from '../../server/db/repo/serving-windows';
import type { Services } from '../../server/services/context';
import { deploy } from '../../server/services/endpoints';
import { openPredictionStore } from '../../server/serving/prediction-log';
import { startPredictServer, type PredictServer } from '../../server/serving/server';
import { exportLinear } from '../../workers/compute/ml/export-linear';
import { trainLinear } from '../../workers/compute/ml/linear';

const FEATURES = [{ name: 'a', type: 'number' }, { name: 'b', type: 'number' }];

/** y = 2a − 3b + 1 (+ `shift`), fitted exactly from 50 rows. */
function linearModel(shift: number) {
  const rows = 50;
  const X = new Float32Array(rows * 2);
  const y = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    X[r * 2] = r / 7;
    X[r * 2 + 1] = (r % 5) - 2;
    y[r] = 2 * X[r * 2] - 3 * X[r * 2 + 1] + 1 + shift;
  }
  return exportLinear(trainLinear({ X, rows, features: ['a', 'b'], y }), { target: 'y' });
}

let home: string;
let database: Database;
let server: PredictServer;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'headrace-regression-serving-'));
  database = await openDatabase('memory://', { migrate: true });
  const store = new LocalArtifactStore(join(home, 'artifacts'));
  const ids: string[] = [];
  for (const shift of [0, 0.5]) {
    const m = linearModel(shift);
    const put = await store.put(m.bytes, '.onnx');
    const { row } = await registerModelVersion(database.db, {
      name: 'prices', artifactUri: put.uri, artifactHash: put.hash, stage: 'staging', signature: m.signature,
      trainingDatasets: [], metrics: { rmse: 0 }, tags: {}, lineage: {}, features: FEATURES,
    });
    ids.push(row.id);
  }
  await deploy({ db: database.db } as Services, { endpoint: 'prices', model: 'prices@1', strategy: 'replace', actor: 'test' });
  await createDeployment(database.db, {
    endpoint: 'prices-shadow', strategy: 'shadow', status: 'active', actor: 'test', config: {},
    variants: [{ name: 'v1', modelVersionId: ids[0], weight: 100, role: 'primary' }, { name: 'v2', modelVersionId: ids[1], weight: 100, role: 'shadow' }],
  });
  server = await startPredictServer({
    db: database.db, artifacts: store, port: 0, threads: 1, follow: { pollMs: 100 }, statsIntervalMs: 200,
    predictionLog: { dir: join(home, 'log'), flushMs: 50 },
  });
  await vi.waitUntil(async () => (await fetch(`${server.url}/v2/models/prices-shadow/ready`)).status === 200, { timeout: 30_000, interval: 100 });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await database?.close();
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('a regression model behind an endpoint', () => {
  it('answers its values over the plain, MLflow and V2 protocols', async () => {
    const plain = await post('/v1/endpoints/prices/predict', { rows: [{ a: 1, b: 0 }, { a: 0, b: 1 }] }, { 'x-request-id': 'reg-plain-1' });
    const body = (await plain.json()) as { predictions: Array<{ value: number }>; model: unknown };
    expect(plain.status).toBe(200);
    expect(body.predictions.map((p) => Object.keys(p))).toEqual([['value'], ['value']]);
    expect(body.predictions[0].value).toBeCloseTo(3, 5);
    expect(body.predictions[1].value).toBeCloseTo(-2, 5);

    const mlflow = await post('/v1/endpoints/prices/invocations', { dataframe_split: { columns: ['a', 'b'], data: [[2, 1]] } });
    const mb = (await mlflow.json()) as { predictions: number[] };
    expect(mlflow.status).toBe(200);
    expect(mb.predictions).toHaveLength(1);
    expect(mb.predictions[0]).toBeCloseTo(2, 5);
    const proba = await post('/v1/endpoints/prices/invocations?output=probabilities', { dataframe_split: { columns: ['a', 'b'], data: [[2, 1]] } });
    expect([proba.status, ((await proba.json()) as { message: string }).message]).toEqual([400, 'The model predicts a number, so it has no class probabilities; leave out ?output=probabilities.']);

    const meta = (await (await fetch(`${server.url}/v2/models/prices`)).json()) as { outputs: unknown[] };
    expect(meta.outputs).toEqual([{ name: 'prediction', datatype: 'FP32', shape: [-1] }]);
    const v2 = await post('/v2/models/prices/infer', { inputs: [{ name: 'a', shape: [2], datatype: 'FP32', data: [1, 2] }, { name: 'b', shape: [2], datatype: 'FP32', data: [0, 1] }] });
    const vb = (await v2.json()) as { outputs: Array<{ name: string; datatype: string; shape: number[]; data: number[] }> };
    expect(v2.status).toBe(200);
    expect(vb.outputs.map((o) => [o.name, o.datatype, o.shape])).toEqual([['prediction', 'FP32', [2]]]);
    expect(vb.outputs[0].data[0]).toBeCloseTo(3, 5);
    const wrong = await post('/v2/models/prices/infer', { inputs: [{ name: 'a', shape: [1], datatype: 'FP32', data: [1] }, { name: 'b', shape: [1], datatype: 'FP32', data: [0] }], outputs: [{ name: 'label' }] });
    expect([wrong.status, ((await wrong.json()) as { error: string }).error]).toEqual([400, 'Unknown output "label"; the model gives "prediction".']);

    // Binary: the prediction tensor as 4-byte floats after the JSON header.
    const header = Buffer.from(JSON.stringify({
      inputs: [{ name: 'a', shape: [1], datatype: 'FP32', parameters: { binary_data_size: 4 } }, { name: 'b', shape: [1], datatype: 'FP32', parameters: { binary_data_size: 4 } }],
      parameters: { binary_data_output: true },
    }));
    const data = Buffer.alloc(8);
    data.writeFloatLE(1, 0);
    data.writeFloatLE(0, 4);
    const bin = await fetch(`${server.url}/v2/models/prices/infer`, {
      method: 'POST', headers: { 'content-type': 'application/octet-stream', 'inference-header-content-length': String(header.length) }, body: Buffer.concat([header, data]),
    });
    expect(bin.status).toBe(200);
    const raw = Buffer.from(await bin.arrayBuffer());
    const headerLength = Number(bin.headers.get('inference-header-content-length'));
    const outHeader = JSON.parse(raw.subarray(0, headerLength).toString()) as { outputs: Array<{ name: string; parameters: { binary_data_size: number } }> };
    expect(outHeader.outputs.map((o) => [o.name, o.parameters.binary_data_size])).toEqual([['prediction', 4]]);
    expect(raw.readFloatLE(headerLength)).toBeCloseTo(3, 5);
  });

  it('logs each value as the row label, and compares a shadow regressor by value', async () => {
    for (let i = 0; i < 20; i++) {
      const res = await post('/v1/endpoints/prices-shadow/predict', { rows: [{ a: i, b: 1 }] }, { 'x-request-id': `reg-shadow-${i}` });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { predictions: Array<{ value: number }> }).predictions[0].value).toBeCloseTo(2 * i - 2, 4); // v1 answers
    }
    // The shadow (v2, every value 0.5 higher) never agrees, and its error is the shift.
    await expect.poll(async () => {
      const s = await summarizeServing(database.db, { endpoint: 'prices-shadow', since: new Date(0) });
      return s.find((v) => v.role === 'shadow')?.shadow?.compared ?? 0;
    }, { timeout: 20_000 }).toBe(20);
    const shadow = (await summarizeServing(database.db, { endpoint: 'prices-shadow', since: new Date(0) })).find((v) => v.role === 'shadow')!.shadow!;
    expect(shadow.agreement).toBe(0);
    expect(shadow.rmse).toBeCloseTo(0.5, 4);

    const read = () => openPredictionStore({ dir: join(home, 'log') }).readPredictions('prices');
    await expect.poll(async () => (await read()).some((r) => r.requestId === 'reg-plain-1'), { timeout: 10_000 }).toBe(true);
    const row = (await read()).find((r) => r.requestId === 'reg-plain-1' && r.row === 1)!;
    expect(row.probabilities).toBeNull();
    expect(row.label).toBeCloseTo(-2, 5);
  });
});
