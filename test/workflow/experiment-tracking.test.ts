// Experiment tracking through the real worker, the API and the CLI: every epoch of an MLP's training recorded
// (loss, validation loss and accuracy, throughput, learning rate) and read back as its curve; two runs that differ
// in one setting compared by run.compare and `headrace compare` (the setting, the metrics, the curves), and the
// refusals (one run, the same run twice).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getRun } from '../../server/db/repo/runs';
import { startRun } from '../../server/services/runs';
import { penguinsDir, penguinsUpToSplit } from '../helpers/case-env';
import { headrace } from '../helpers/cli';
import { startHarness, type Harness } from '../helpers/harness';


/** The penguins pipeline with an MLP of this learning rate instead of the logistic regression, registered. */
const mlp = (learningRate: number) => penguinsUpToSplit('penguins-tracked', `  train:
    uses: train.mlp
    in: { table: split.train }
    with:
      target: Species
      features: [Beak Length (mm), Beak Depth (mm), Flipper Length (mm), Body Mass (g)]
      hidden: [8]
      epochs: 25
      learningRate: ${learningRate}
      validationFraction: 0.2
  evaluate:
    uses: evaluate.classifier
    in: { model: train.model, table: split.test }
  register:
    uses: registry.register
    in: { model: train.model, metrics: evaluate.metrics }
    with: { name: penguins-tracked, stage: staging }
`);

let h: Harness;
let cliEnv: Record<string, string>;
const runIds: string[] = [];

beforeAll(async () => {
  h = await startHarness({ api: true });
  const dir = mkdtempSync(join(tmpdir(), 'headrace-compare-'));
  cliEnv = { HEADRACE_URL: h.api.url, HEADRACE_TOKEN: h.api.users.viewer.token, XDG_CONFIG_HOME: join(dir, 'config'), HEADRACE_HOME: join(dir, 'home') };
  for (const lr of [0.01, 0.05]) {
    const run = await startRun(h.svc, { source: mlp(lr), baseDir: penguinsDir, author: 'test' });
    await h.client.workflow.getHandle(run.workflowId).result();
    runIds.push(run.id);
  }
}, 240_000);

afterAll(async () => {
  await h?.stop();
});

describe('experiment tracking', () => {
  it('records every epoch of the training step and serves its curve', async () => {
    const viewer = h.api.as('viewer');
    const [curve] = await viewer.run.epochs.query({ id: runIds[0] });
    expect(curve).toMatchObject({ runId: runIds[0], stepId: 'train', attempts: [1], total: 25 });
    expect(curve.epochs.map((e) => e.epoch)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    for (const e of curve.epochs) {
      expect(e.loss).toBeGreaterThan(0);
      expect(e.valLoss).toBeGreaterThan(0);
      expect(e.valMetric).toBeGreaterThanOrEqual(0);
      expect(e.valMetric).toBeLessThanOrEqual(1);
      expect(e.samplesPerSecond).toBeGreaterThan(0);
      expect(e.lr).toBeCloseTo(0.01, 10);
    }
    expect(curve.epochs.at(-1)!.loss).toBeLessThan(curve.epochs[0].loss);
    // The step's summary ends with the same last epoch.
    const view = (await getRun(h.database.db, runIds[0]))!;
    const summary = view.steps.find((s) => s.stepId === 'train')!.summary as { finalLoss: number; epochs: number };
    expect(summary.finalLoss).toBe(curve.epochs.at(-1)!.loss);
    expect((await viewer.run.epochs.query({ id: runIds[0], step: 'evaluate' }))).toEqual([]);
  });

  it('compares two runs: the setting that differs, the same data, both metrics and both curves', async () => {
    const c = await h.api.as('viewer').run.compare.query({ ids: runIds.map((id) => id.slice(0, 10)) });
    expect(c.runs.map((r) => r.id)).toEqual(runIds);
    const train = c.steps.find((s) => s.stepId === 'train')!;
    expect(train.differs).toEqual(['learningRate']);
    expect(runIds.map((id) => train.config[id]?.learningRate)).toEqual([0.01, 0.05]);
    // Trained on the same table: one hash, the same for both.
    expect(new Set(Object.values(train.trainedOn!)).size).toBe(1);
    expect(Object.values(train.trainedOn!)[0]).toMatch(/^[0-9a-f]{64}$/);
    for (const s of c.steps.filter((x) => x.stepId !== 'train')) expect(s.differs, s.stepId).toEqual([]);
    const accuracy = c.metrics.find((m) => m.stepId === 'evaluate' && m.name === 'accuracy')!;
    for (const id of runIds) expect(accuracy.values[id]).toBeGreaterThan(0);
    expect(c.curves.map((k) => [k.runId, k.stepId, k.epochs.length])).toEqual(runIds.map((id) => [id, 'train', 25]));
  });

  it('prints the comparison with headrace compare, and refuses one run or the same run twice', async () => {
    const out = await headrace(['compare', ...runIds], cliEnv);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/Differences[\s\S]*train\.learningRate +0\.01 +0\.05/);
    expect(out.stdout).toMatch(/evaluate\.accuracy +0\.\d+ +0\.\d+/);
    expect(out.stdout).toMatch(/train +epoch 25: loss [\d.]+, val [\d.]+ +epoch 25: loss/);
    const json = JSON.parse((await headrace(['compare', ...runIds, '--json'], cliEnv)).stdout) as { runs: unknown[] };
    expect(json.runs).toHaveLength(2);

    const one = await headrace(['compare', runIds[0]], cliEnv);
    expect([one.code, one.stderr.trim()]).toEqual([2, 'headrace: compare takes at least two runs: headrace compare RUN RUN…']);
    const same = await h.api.as('viewer').run.compare.query({ ids: [runIds[0], runIds[0]] }).catch((e: unknown) => e);
    expect(same).toBeInstanceOf(TRPCClientError);
    expect((same as TRPCClientError<never>).message).toMatch(/name the same run: name at least two runs to compare/);
  });

  it('compares model versions by the runs that registered them', async () => {
    const byVersion = JSON.parse((await headrace(['compare', 'penguins-tracked@1', 'penguins-tracked@v2', '--json'], cliEnv)).stdout) as { runs: Array<{ id: string }> };
    expect(byVersion.runs.map((r) => r.id)).toEqual(runIds);
    const mixed = await h.api.as('viewer').run.compare.query({ ids: [runIds[0], 'penguins-tracked@staging'] });
    expect(mixed.runs.map((r) => r.id)).toEqual(runIds);
    const missing = await headrace(['compare', 'penguins-tracked@1', 'penguins-tracked@9'], cliEnv);
    expect([missing.code, missing.stderr.trim()]).toEqual([2, 'headrace: NOT_FOUND: model penguins-tracked has no version 9']);
  });
});
