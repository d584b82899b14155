// Preprocessing that travels with the model, through a real Temporal run of examples/penguins/mlp.yaml: the
// missing sex filled, island and sex one-hot encoded and the measurements standardized, all fitted on the training
// split; the exported model takes the raw columns (text included) and is scored by the evaluate step on the raw
// test split. Behind an endpoint, the same raw rows (strings and missing values as they come) get the predictions
// the exported model gives in a fresh session, and exactly the evaluate step's confusion matrix.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ModelRef, TableRef } from '../../dsl/refs';
import { getRun } from '../../server/db/repo/runs';
import { deploy } from '../../server/services/endpoints';
import { startRun } from '../../server/services/runs';
import { startPredictServer, type PredictServer } from '../../server/serving/server';
import { columnsOf } from '../../workers/compute/data/columns';
import { readTable } from '../../workers/compute/data/table';
import { modelFeeds } from '../../workers/compute/ml/model-inputs';
import { openSession } from '../../workers/compute/ml/onnx/session';
import { penguinsDir } from '../helpers/case-env';
import { startHarness, type Harness } from '../helpers/harness';

const source = readFileSync(join(penguinsDir, 'mlp.yaml'), 'utf8');

let h: Harness;
let server: PredictServer | undefined;
let view: NonNullable<Awaited<ReturnType<typeof getRun>>>;

const outputsOf = (stepId: string) => view.steps.find((s) => s.stepId === stepId)!.outputs as Record<string, unknown>;

beforeAll(async () => {
  h = await startHarness({ api: true });
  const run = await startRun(h.svc, { source, baseDir: penguinsDir, author: h.api.users.editor.username });
  await h.client.workflow.getHandle(run.workflowId).result();
  view = (await getRun(h.database.db, run.id))!;
}, 240_000);

afterAll(async () => {
  await server?.close();
  await h?.stop();
});

describe('preprocessing compiled into the model', () => {
  it('fits on the training split and exports a model that takes the raw columns', async () => {
    expect(view.status).toBe('succeeded');
    const train = (outputsOf('split').train as TableRef);
    const scaled = outputsOf('scale').table as TableRef;
    expect(scaled.preprocessing!.source).toBe(train.hash);
    expect(scaled.preprocessing!.transforms.map((t) => `${t.kind} ${t.column}`)).toEqual([
      'impute Sex', 'onehot Island', 'onehot Sex',
      'standardize Beak Length (mm)', 'standardize Beak Depth (mm)', 'standardize Flipper Length (mm)', 'standardize Body Mass (g)',
    ]);
    const model = outputsOf('train').model as ModelRef;
    expect(model.signature.columns).toEqual([
      { name: 'Island', type: 'string', nullable: true, columnType: 'string' },
      { name: 'Beak Length (mm)', type: 'float32', nullable: false, columnType: 'number' },
      { name: 'Beak Depth (mm)', type: 'float32', nullable: false, columnType: 'number' },
      { name: 'Flipper Length (mm)', type: 'float32', nullable: false, columnType: 'number' },
      { name: 'Body Mass (g)', type: 'float32', nullable: false, columnType: 'number' },
      { name: 'Sex', type: 'string', nullable: true, columnType: 'string' },
    ]);
    expect(model.signature.trainedOn).toContain('Island=Dream');
    expect(model.signature.trainedOn).toContain('Sex=FEMALE');
    // The registry profiles the raw training rows: the text columns are categorical there.
    expect(model.trainingDatasets).toEqual([train.hash, scaled.hash]);
    const evaluate = view.steps.find((s) => s.stepId === 'evaluate')!.summary as { accuracy: number };
    expect(evaluate.accuracy).toBeGreaterThanOrEqual(0.95);
  });

  it('answers raw rows behind an endpoint exactly as the exported model and the evaluate step do', async () => {
    const model = outputsOf('train').model as ModelRef;
    const test = await readTable(h.store, outputsOf('split').test as TableRef);
    // The raw test rows as an application would send them: text, and null where the data has no value.
    const cols = columnsOf(test);
    const rows = Array.from({ length: test.numRows }, (_, r) => Object.fromEntries(model.signature.features.map((name) => {
      const c = cols.find((x) => x.name === name)!;
      return [name, c.valid !== null && c.valid[r] === 0 ? null : c.values[r]];
    })));
    expect(rows.some((r) => r.Sex === null)).toBe(true);

    const version = (outputsOf('register').version as { version: number }).version;
    await deploy(h.svc, { endpoint: 'penguins-mlp', model: `penguins-mlp@${version}`, strategy: 'replace', actor: 'test' });
    server = await startPredictServer({ db: h.database.db, artifacts: h.store, port: 0, threads: 1, follow: { pollMs: 100 } });
    await vi.waitUntil(async () => (await fetch(`${server!.url}/v2/models/penguins-mlp/ready`)).status === 200, { timeout: 30_000, interval: 100 });
    const res = await fetch(`${server.url}/v1/endpoints/penguins-mlp/predict`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rows }),
    });
    expect(res.status).toBe(200);
    const served = ((await res.json()) as { predictions: Array<{ label: string; probabilities: Record<string, number> }> }).predictions;

    // The exported model in a fresh session, fed the same raw columns.
    const { session } = await openSession(await h.store.get(model.uri));
    const out = await session.run(modelFeeds(test, model.signature).feeds(0, test.numRows));
    await session.release();
    const probs = out.probabilities.data as Float32Array;
    const C = model.signature.classes.length;
    served.forEach((p, r) => model.signature.classes.forEach((k, c) => expect(p.probabilities[k]).toBeCloseTo(probs[r * C + c], 6)));

    // The evaluate step's confusion matrix, rebuilt from the endpoint's answers.
    const evaluate = view.steps.find((s) => s.stepId === 'evaluate')!.summary as { confusionMatrix: { labels: string[]; matrix: number[][] } };
    const { labels } = evaluate.confusionMatrix;
    const matrix = labels.map(() => labels.map(() => 0));
    const species = cols.find((c) => c.name === 'Species')!.values as string[];
    served.forEach((p, r) => matrix[labels.indexOf(species[r])][labels.indexOf(p.label)]++);
    expect(matrix).toEqual(evaluate.confusionMatrix.matrix);

    // V2 with BYTES inputs, an island never seen and a missing sex: answered (unknown → no island indicator).
    const v2 = await fetch(`${server.url}/v2/models/penguins-mlp/infer`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ inputs: model.signature.features.map((name) => ({
        name, shape: [1], datatype: name === 'Island' || name === 'Sex' ? 'BYTES' : 'FP32',
        data: [({ Island: 'Atlantis', Sex: null, 'Beak Length (mm)': 45, 'Beak Depth (mm)': 15, 'Flipper Length (mm)': 215, 'Body Mass (g)': 5000 } as Record<string, unknown>)[name]],
      })) }),
    });
    expect(v2.status).toBe(200);
    expect(((await v2.json()) as { outputs: Array<{ name: string; data: unknown[] }> }).outputs[0]).toMatchObject({ name: 'label', data: ['Gentoo'] });

    // A missing measurement is refused by name: the model cannot take it (no fill was fitted for it).
    const bad = await fetch(`${server.url}/v1/endpoints/penguins-mlp/predict`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rows: [{ ...rows[0], 'Body Mass (g)': null }] }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toBe('Feature "Body Mass (g)" in row 0 is null, but the model takes no missing values (a number expected).');
    const text = await fetch(`${server.url}/v1/endpoints/penguins-mlp/predict`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rows: [{ ...rows[0], Island: 3 }] }),
    });
    expect(((await text.json()) as { error: string }).error).toBe('Feature "Island" in row 0 must be a string, not 3.');
  });

  it('refuses a preprocessed table for train.command, whose model would be served without the transforms', async () => {
    const own = source.replace('name: penguins-mlp', 'name: penguins-own-trainer')
      .replace(/ {2}train:\n[\s\S]*$/, `  train:
    uses: train.command
    in: { table: scale.table }
    with: { command: [python3, train.py], target: Species }
`);
    const run = await startRun(h.svc, { source: own, baseDir: penguinsDir, author: h.api.users.editor.username });
    await h.client.workflow.getHandle(run.workflowId).result().catch(() => undefined);
    const failed = (await getRun(h.database.db, run.id))!;
    expect(failed.status).toBe('failed');
    expect(failed.steps.find((s) => s.stepId === 'train')!.error).toMatch(
      /^train\.command cannot take a table made by prepare\.impute, prepare\.onehot, prepare\.standardize: its model would be served without that preprocessing\./,
    );
  });
});
