// A sweep through a real Temporal run: `matrix:` on the penguins MLP runs four trials two at a time, each under its
// own step id with its own curve; the trial with a learning rate far too small is stopped by the median rule once
// the others have passed its epoch; the best trial by validation loss is the step's model, which the evaluate step
// scores; the step's row keeps every trial's settings, figures and state for the sweep table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelRef } from '../../dsl/refs';
import { getRun } from '../../server/db/repo/runs';
import { readStepLogs } from '../../server/db/repo/step-logs';
import { trainingCurves } from '../../server/db/repo/training-epochs';
import { startRun } from '../../server/services/runs';
import type { TrialSummary } from '../../workers/workflows/executors/sweep';
import { penguinsDir, penguinsUpToSplit } from '../helpers/case-env';
import { startHarness, type Harness } from '../helpers/harness';

const FEATURES = '[Beak Length (mm), Beak Depth (mm), Flipper Length (mm), Body Mass (g)]';
const source = penguinsUpToSplit('penguins-sweep', `  train:
    uses: train.mlp
    in: { table: split.train }
    with: { target: Species, features: ${FEATURES}, hidden: [8], epochs: 40, validationFraction: 0.25, seed: 3 }
    matrix:
      learningRate: [0.01, 0.03, 0.1, 0.000001]
    parallelism: 2
    select: { metric: val_loss }
  evaluate:
    uses: evaluate.classifier
    in: { model: train.model, table: split.test }
`);

let h: Harness;
let view: NonNullable<Awaited<ReturnType<typeof getRun>>>;

beforeAll(async () => {
  h = await startHarness({});
  const run = await startRun(h.svc, { source, baseDir: penguinsDir, author: 'test' });
  await h.client.workflow.getHandle(run.workflowId).result();
  view = (await getRun(h.database.db, run.id))!;
}, 240_000);

afterAll(async () => {
  await h?.stop();
});

describe('a sweep', () => {
  it('runs every trial, stops the losing one by the median rule, and passes the best trial on', async () => {
    expect(view.status).toBe('succeeded');
    const train = view.steps.find((s) => s.stepId === 'train')!;
    const sweep = (train.summary as { sweep: { metric: string; mode: string; parallelism: number; trials: TrialSummary[]; best: number } }).sweep;
    expect(sweep).toMatchObject({ metric: 'val_loss', mode: 'min', parallelism: 2 });
    expect(sweep.trials.map((t) => [t.index, t.stepId, t.values.learningRate])).toEqual([
      [1, 'train~1', 0.01], [2, 'train~2', 0.03], [3, 'train~3', 0.1], [4, 'train~4', 0.000001],
    ]);
    expect(sweep.trials.slice(0, 3).map((t) => [t.status, t.epochs])).toEqual([['succeeded', 40], ['succeeded', 40], ['succeeded', 40]]);
    const losing = sweep.trials[3];
    expect(losing.status).toBe('stopped');
    expect(losing.epochs).toBeLessThan(40);
    // The best is the lowest validation loss of the trials that ran to the end.
    const finished = sweep.trials.filter((t) => t.status === 'succeeded');
    const best = finished.reduce((a, b) => (b.figures!.val_loss < a.figures!.val_loss ? b : a));
    expect(sweep.best).toBe(best.index);
    // The step's model is that trial's, and evaluate scored it.
    const trialRow = view.steps.find((s) => s.stepId === best.stepId)!;
    expect((train.outputs as { model: ModelRef }).model.hash).toBe((trialRow.outputs as { model: ModelRef }).model.hash);
    expect(view.steps.find((s) => s.stepId === 'evaluate')!.status).toBe('succeeded');
    // Each trial trained under its own id, with its own curve; the losing one says why it stopped.
    const curves = await trainingCurves(h.database.db, [view.id]);
    expect(curves.map((c) => [c.stepId, c.total]).sort()).toEqual([['train~1', 40], ['train~2', 40], ['train~3', 40], ['train~4', losing.epochs]]);
    const lines = (await readStepLogs(h.database.db, { runId: view.id, stepId: 'train~4', limit: 1000 })).map((l) => l.message);
    expect(lines).toContainEqual(expect.stringMatching(/^stopped at epoch \d+ by the median rule: best val_loss so far [\d.]+ is worse than the median [\d.]+ of [23] other trials at this epoch$/));
  });

  it('stops a losing train.logistic trial too, judged on its training loss', async () => {
    const logistic = penguinsUpToSplit('penguins-sweep-logistic', `  train:
    uses: train.logistic
    in: { table: split.train }
    with: { target: Species, features: ${FEATURES}, epochs: 30 }
    matrix:
      learningRate: [0.05, 0.1, 0.2, 0.0000001]
    select: { metric: loss }
`);
    const run = await startRun(h.svc, { source: logistic, baseDir: penguinsDir, author: 'test' });
    await h.client.workflow.getHandle(run.workflowId).result();
    const done = (await getRun(h.database.db, run.id))!;
    const sweep = (done.steps.find((s) => s.stepId === 'train')!.summary as { sweep: { trials: TrialSummary[]; best: number } }).sweep;
    expect(sweep.trials.map((t) => t.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'stopped']);
    expect(sweep.trials[3].epochs).toBeLessThan(30);
    expect(sweep.best).not.toBe(4);
  });
});
