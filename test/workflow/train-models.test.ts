// train.mlp, train.linear and evaluate.regressor as pipeline steps, on a real Temporal dev server with the real
// worker: an MLP classifier on the penguins with early stopping, its live curves and the exported model's answers;
// linear and MLP regression on generated data scored by evaluate.regressor and gated on r2; and the mistakes a
// user makes with them, refused with a sentence (classWeights naming no class, a classifier given to
// evaluate.regressor, a regression on a text column caught by the checker before the run).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validate } from '../../dsl';
import { getRun } from '../../server/db/repo/runs';
import { readStepLogs } from '../../server/db/repo/step-logs';
import { startRun } from '../../server/services/runs';
import { penguinsDir, penguinsUpToSplit } from '../helpers/case-env';
import { startHarness, type Harness } from '../helpers/harness';

const FEATURES = '[Beak Length (mm), Beak Depth (mm), Flipper Length (mm), Body Mass (g)]';


/** y = 3·a − 2·b + 0.5·c + 4 (+ noise when asked), 600 rows, deterministic. */
function regressionCsv(dir: string, noise: number): string {
  let s = 1;
  const rand = () => ((s = (s * 16807) % 2147483647) / 2147483647);
  const lines = ['a,b,c,y'];
  for (let i = 0; i < 600; i++) {
    const [a, b, c] = [rand() * 10, rand() * 5 - 2, rand() * 100];
    lines.push(`${a},${b},${c},${3 * a - 2 * b + 0.5 * c + 4 + noise * (rand() - 0.5)}`);
  }
  const file = join(dir, `regression-${noise}.csv`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const regression = (name: string, csv: string, steps: string) => `headrace: 1
name: ${name}
steps:
  ingest:
    uses: ingest.csv
    with:
      path: ${csv}
      columns: { a: { type: number }, b: { type: number }, c: { type: number }, y: { type: number } }
  split:
    uses: prepare.split
    in: { table: ingest.table }
    with: { test: 0.25, seed: 3 }
${steps}`;

let h: Harness;
let dir: string;

beforeAll(async () => {
  h = await startHarness({});
  dir = mkdtempSync(join(tmpdir(), 'headrace-train-models-'));
}, 120_000);

afterAll(async () => {
  await h?.stop();
});

async function runToEnd(source: string, baseDir = penguinsDir) {
  const run = await startRun(h.svc, { source, baseDir, author: 'test' });
  await h.client.workflow.getHandle(run.workflowId).result().catch(() => undefined);
  const view = (await getRun(h.database.db, run.id))!;
  return { view, step: (id: string) => view.steps.filter((s) => s.stepId === id).at(-1)! };
}

describe('training steps', () => {
  it('trains an MLP classifier on the penguins with early stopping, curves and a served-equal export', async () => {
    const { view, step } = await runToEnd(penguinsUpToSplit('penguins-mlp', `  train:
    uses: train.mlp
    in: { table: split.train }
    with:
      target: Species
      features: ${FEATURES}
      hidden: [16, 16]
      learningRate: 0.01
      epochs: 300
      validationFraction: 0.2
      patience: 10
  evaluate:
    uses: evaluate.classifier
    in: { model: train.model, table: split.test }
    gate: { accuracy: ">= 0.9" }
`));
    expect(view.status, JSON.stringify(view.steps.map((s) => [s.stepId, s.status, s.error]))).toBe('succeeded');
    const summary = step('train').summary as Record<string, unknown>;
    expect(summary).toMatchObject({ task: 'classification', layers: '4-16-16-3', device: 'cpu', classes: 3, resumedFromEpoch: null });
    // Early stopping ended it before the 300 epochs, and the validation curve was drawn beside the training one.
    expect(summary.stoppedEarly).toBe(true);
    expect(summary.epochs as number).toBeLessThan(300);
    const curve = summary.lossCurve as number[];
    expect((summary.valLossCurve as number[]).length).toBe(curve.length);
    expect(curve.at(-1)!).toBeLessThan(curve[0]);
    expect((step('evaluate').summary as { accuracy: number }).accuracy).toBeGreaterThanOrEqual(0.9);

    // The exported model takes the four raw measurements and answers the logistic contract.
    const model = (step('train').outputs as { model: { uri: string; signature: { outputs: string[]; classes: string[] } } }).model;
    expect(model.signature).toMatchObject({ outputs: ['label', 'probabilities'], classes: ['Adelie', 'Chinstrap', 'Gentoo'] });
    const session = await ort.InferenceSession.create(await h.store.get(model.uri));
    const out = await session.run({ features: new ort.Tensor('float32', Float32Array.of(39.1, 18.7, 181, 3750, 46.5, 13.5, 210, 4550), [2, 4]) });
    expect(Array.from(out.label.data as BigInt64Array, Number)).toEqual([0, 2]); // an Adelie and a Gentoo
    await session.release();
  }, 240_000);

  it('fits linear and MLP regressions, scored by evaluate.regressor and gated on r2', async () => {
    const exact = regressionCsv(dir, 0);
    const { view, step } = await runToEnd(regression('linear-regression', exact, `  fit:
    uses: train.linear
    in: { table: split.train }
    with: { target: y }
  ridge:
    uses: train.linear
    in: { table: split.train }
    with: { target: y, alpha: 100 }
  mlp:
    uses: train.mlp
    in: { table: split.train }
    with: { target: y, hidden: [32], learningRate: 0.01, epochs: 200, batchSize: 32 }
  score_fit:
    uses: evaluate.regressor
    in: { model: fit.model, table: split.test }
    gate: { r2: ">= 0.999999" }
  score_mlp:
    uses: evaluate.regressor
    in: { model: mlp.model, table: split.test }
    gate: { r2: ">= 0.95" }
`), dir);
    expect(view.status, JSON.stringify(view.steps.map((s) => [s.stepId, s.status, s.error]))).toBe('succeeded');
    const fit = step('fit').summary as { coefficients: Record<string, number>; intercept: number };
    expect(fit.coefficients.a).toBeCloseTo(3, 4);
    expect(fit.coefficients.b).toBeCloseTo(-2, 4);
    expect(fit.coefficients.c).toBeCloseTo(0.5, 4);
    expect(fit.intercept).toBeCloseTo(4, 3);
    // Ridge shrinks the coefficients toward 0.
    const ridge = step('ridge').summary as { coefficients: Record<string, number> };
    expect(Math.abs(ridge.coefficients.a)).toBeLessThan(Math.abs(fit.coefficients.a));
    const scored = step('score_fit').summary as { rmse: number; mae: number; r2: number; residuals: { edges: number[]; counts: number[] } };
    expect(scored.rmse).toBeLessThan(1e-3);
    expect(scored.residuals.counts.reduce((a, b) => a + b, 0)).toBe(150);
    expect(scored.residuals.edges).toHaveLength(scored.residuals.counts.length + 1);
    expect((step('mlp').summary as { task: string }).task).toBe('regression'); // inferred from the number target
    expect((step('score_mlp').summary as { r2: number }).r2).toBeGreaterThan(0.95);
  }, 240_000);

  it('trains a logistic regression with L-BFGS until its gradient test stops it', async () => {
    const { view, step } = await runToEnd(penguinsUpToSplit('penguins-lbfgs', `  train:
    uses: train.logistic
    in: { table: split.train }
    with: { target: Species, features: ${FEATURES}, solver: lbfgs, epochs: 500, l2: 0.01 }
  evaluate:
    uses: evaluate.classifier
    in: { model: train.model, table: split.test }
    gate: { accuracy: ">= 0.95" }
`));
    expect(view.status, JSON.stringify(view.steps.map((s) => [s.stepId, s.status, s.error]))).toBe('succeeded');
    const summary = step('train').summary as { solver: string; converged: string; epochs: number; finalLoss: number; lossCurve: number[] };
    expect(summary).toMatchObject({ solver: 'lbfgs', converged: 'gradient' });
    expect(summary.epochs).toBeLessThan(100); // iterations, far below the 500 allowed
    expect(summary.finalLoss).toBeLessThan(summary.lossCurve[0]);
    const logs = await readStepLogs(h.database.db, { runId: view.id, stepId: 'train', limit: 100 });
    expect(logs.map((l) => l.message)).toContainEqual(`L-BFGS stopped after ${summary.epochs} iterations: every gradient component is within the tolerance`);
  }, 240_000);

  it('refuses what cannot work with a sentence: unknown class weights, a classifier scored as a regressor', async () => {
    const weighted = await runToEnd(penguinsUpToSplit('penguins-weights', `  train:
    uses: train.mlp
    in: { table: split.train }
    with: { target: Species, features: ${FEATURES}, epochs: 2, classWeights: { Adelie: 2, Emperor: 5 } }
`));
    expect([weighted.view.status, weighted.step('train').status]).toEqual(['failed', 'failed']);
    expect(JSON.stringify(weighted.step('train').error)).toContain('classWeights names \\"Emperor\\", which the target does not hold (classes: Adelie, Chinstrap, Gentoo)');
    const scored = await runToEnd(penguinsUpToSplit('penguins-scored-wrong', `  train:
    uses: train.logistic
    in: { table: split.train }
    with: { target: Species, features: ${FEATURES}, epochs: 5 }
  score:
    uses: evaluate.regressor
    in: { model: train.model, table: split.test }
`));
    expect([scored.view.status, scored.step('score').status]).toEqual(['failed', 'failed']);
    expect(JSON.stringify(scored.step('score').error)).toContain('the model predicts classes (Adelie, Chinstrap, Gentoo), not a number: score it with evaluate.classifier');
  }, 240_000);

  it('locates a regression on a text column before any run', () => {
    const source = penguinsUpToSplit('penguins-bad-regression', `  train:
    uses: train.linear
    in: { table: split.train }
    with: { target: Species, features: ${FEATURES} }
`);
    const errors = validate(source, { baseDir: penguinsDir }).filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.code)).toEqual(['column-type']);
    expect(errors[0].message).toMatch(/Species/);
    expect(source.split('\n')[errors[0].line - 1].slice(errors[0].col - 1)).toMatch(/^Species/);
  });
});
