// model.* over HTTP with auth required: stage transitions and the production gate (admins only, only
// from staging, only for a version whose run succeeded and whose metrics passed the pipeline's gate;
// the previous production version is archived), tags, and comparisons.
import { randomUUID } from 'node:crypto';
import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../dsl/plan';
import type { HeadraceClient } from '../../server/api/client';
import type { AppRouter } from '../../server/api/root';
import { eq } from 'drizzle-orm';
import { registerModelVersion, RegistryRuleError } from '../../server/db/repo/registry';
import { getRun } from '../../server/db/repo/runs';
import { modelVersions, runs } from '../../server/db/schema';
import { PIPELINE_RUN, PIPELINE_TASK_QUEUE } from '../../server/temporal/contract';
import { penguinsDir, pipelineSource, waitForRun } from '../helpers/case-env';
import { startHarness, type Harness } from '../helpers/harness';
import { planOf } from '../helpers/plans';

let h: Harness;
let viewer: HeadraceClient;
let editor: HeadraceClient;
let admin: HeadraceClient;
/** Run id per model version of `reg`. */
const runOf: Record<number, string> = {};

/**
 * Runs a variant of the penguins pipeline that registers into model `reg` (and deploys nothing: the registry's
 * rules are under test here, and a version left in stage none would fail the deploy step); returns the version.
 */
async function register(name: string, edit: (source: string) => string, expectStatus = 'succeeded'): Promise<number> {
  const registering = pipelineSource(name).replace(`name: ${name}, stage`, 'name: reg, stage').replace(/\n {2}deploy:\n( {4}.*\n)+/, '\n');
  expect(registering).not.toContain('deploy.endpoint');
  const source = edit(registering);
  const run = await editor.run.start.mutate({ source, baseDir: penguinsDir });
  const done = await waitForRun(viewer, run.id);
  expect(done.status, done.error ?? '').toBe(expectStatus);
  const out = done.steps.find((s) => s.stepId === 'register')!.outputs as { version: { version: number } };
  runOf[out.version.version] = run.id;
  return out.version.version;
}

async function refused(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(TRPCClientError);
  const err = e as TRPCClientError<AppRouter>;
  return { code: String(err.data?.code), message: err.message };
}

const move = (client: HeadraceClient, version: number, stage: 'none' | 'staging' | 'production' | 'archived', reason = `to ${stage}`) =>
  client.model.transition.mutate({ name: 'reg', version, stage, reason });

let v1: number, v2: number, vNone: number, vFailedRun: number;

beforeAll(async () => {
  h = await startHarness({ api: true });
  viewer = h.api.as('viewer');
  editor = h.api.as('editor');
  admin = h.api.as('admin');
  // Different epochs → different model bytes → different versions.
  v1 = await register('reg-a', (s) => s);
  v2 = await register('reg-b', (s) => s.replace('epochs: 200', 'epochs: 150').replace('tags: { dataset: palmer-penguins } }', 'tags: { dataset: palmer-penguins }, description: the 150-epoch model }'));
  vNone = await register('reg-c', (s) => s.replace('epochs: 200', 'epochs: 120').replace('stage: staging', 'stage: none'));
  // Registered, then a later step fails: the run did not succeed.
  vFailedRun = await register('reg-d', (s) => `${s.replace('epochs: 200', 'epochs: 130')}
  recheck:
    uses: validate.table
    needs: [register]
    in: { table: ingest.table }
    with: { minRows: 100000 }
`, 'failed');
}, 240_000);

afterAll(async () => {
  await h?.stop();
});

describe('registry fields', () => {
  it('records every field of a version at registration, and model.list returns them', async () => {
    const run = await viewer.run.get.query({ id: runOf[v2] });
    const plan = run.plan as Plan;
    const train = run.steps.find((s) => s.stepId === 'train' && s.status === 'succeeded')!;
    const split = run.steps.find((s) => s.stepId === 'split')!.outputs as { train: { hash: string } };
    const v = (await viewer.model.list.query({ name: 'reg' })).find((x) => x.version === v2)!;
    expect(v).toMatchObject({
      name: 'reg',
      version: v2,
      stage: 'staging',
      artifactUri: expect.stringMatching(/^artifact:\/\/sha256\/[0-9a-f]{64}\.onnx$/),
      trainingDatasets: [split.train.hash],
      description: 'the 150-epoch model',
      notes: null,
      runtime: { epochs: 150, device: 'cpu', rows: expect.any(Number), finalLoss: expect.any(Number), trainMillis: expect.any(Number) },
      hyperparameters: plan.steps.find((s) => s.id === 'train')!.config,
      features: ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)'].map((name) => ({ name, type: 'number' })),
      pipelineVersionId: run.pipelineVersionId,
      sourceHash: plan.sourceHash,
      registeredBy: 'editor-user',
      reason: `registered by step "register" of run ${run.id} (pipeline reg-b, trigger manual)`,
      approvals: [],
      tags: { dataset: 'palmer-penguins' },
    });
    expect(v.hyperparameters).toMatchObject({ target: 'Species', epochs: 150, learningRate: 0.1 });
    expect(v.trainingStartedAt?.getTime()).toBe(new Date(train.startedAt).getTime());
    expect(v.trainingFinishedAt?.getTime()).toBe(new Date(train.finishedAt!).getTime());
    expect(Object.keys(v.metrics)).toEqual(expect.arrayContaining(['accuracy', 'balancedAccuracy', 'macroF1', 'logLoss']));
    expect(v.metrics.balancedAccuracy).toBeGreaterThan(0.5);
    expect(v.metrics.balancedAccuracy).toBeLessThanOrEqual(1);
    // model.get's latest-per-stage views carry the same fields.
    expect((await viewer.model.get.query({ name: 'reg' })).latest.staging).toHaveProperty('features');
  });
});

describe('production only by promotion', () => {
  it('is refused by the registry itself, whoever asks', async () => {
    const e = await registerModelVersion(h.database.db, {
      name: 'reg', artifactUri: 'artifact://sha256/y', artifactHash: 'b'.repeat(64), stage: 'production', signature: {},
      trainingDatasets: [], metrics: {}, tags: {}, lineage: {},
    }).then(() => undefined, (err: unknown) => err);
    expect(e).toBeInstanceOf(RegistryRuleError);
    expect((e as Error).message).toMatch(/^cannot register reg in stage production: a version reaches production only by promotion/);
  });

  it('fails a Plan started by hand that registers into production, at once and without retrying', async () => {
    const source = pipelineSource('reg-hand').replace('name: reg-hand, stage', 'name: reg, stage').replace('epochs: 200', 'epochs: 20');
    await editor.pipeline.save.mutate({ source, baseDir: penguinsDir });
    // The checker refuses `stage: production`; a Plan made by hand has no checker between it and the worker.
    const plan = planOf(source, penguinsDir);
    plan.steps.find((s) => s.id === 'register')!.config.stage = 'production';
    const workflowId = `by-hand-${randomUUID()}`;
    const handle = await h.client.workflow.start(PIPELINE_RUN, { taskQueue: PIPELINE_TASK_QUEUE, workflowId, args: [plan] });
    await expect(handle.result()).rejects.toThrow();
    const [row] = await h.database.db.select({ id: runs.id }).from(runs).where(eq(runs.workflowId, workflowId));
    const run = (await getRun(h.database.db, row.id))!;
    expect(run.status).toBe('failed');
    const register = run.steps.filter((s) => s.stepId === 'register');
    expect(register.map((s) => [s.attempt, s.status])).toEqual([[1, 'failed']]);
    expect(register[0].error).toMatch(/production.*a version reaches production only by promotion/);
    const inProduction = await h.database.db.select({ id: modelVersions.id }).from(modelVersions).where(eq(modelVersions.stage, 'production'));
    expect(inProduction).toEqual([]);
  });
});

describe('model.transition', () => {
  it('records the gate the metrics passed in the lineage at registration', async () => {
    const v = await viewer.model.version.query({ name: 'reg', version: v1 });
    expect(v.stage).toBe('staging');
    expect(v.lineage.gate).toMatchObject({ step: 'evaluate', passed: true, unmet: [], conditions: [expect.objectContaining({ metric: 'accuracy', op: '>=', value: 0.9 })] });
  });

  it('lets only an admin move a version to production', async () => {
    const e = await refused(move(editor, v1, 'production'));
    expect(e.code).toBe('FORBIDDEN');
    expect(e.message).toMatch(/production needs role admin/);
    expect((await viewer.model.version.query({ name: 'reg', version: v1 })).stage).toBe('staging');
  });

  it('refuses to skip staging', async () => {
    const e = await refused(move(admin, vNone, 'production'));
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toBe(`reg v${vNone} is in stage none: a version moves to production only from staging`);
  });

  it('refuses a version whose run did not succeed', async () => {
    expect((await viewer.model.version.query({ name: 'reg', version: vFailedRun })).stage).toBe('staging');
    const e = await refused(move(admin, vFailedRun, 'production'));
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toContain(`comes from run ${runOf[vFailedRun]}, which did not succeed`);
  });

  it('refuses a version whose metrics did not pass the gate (from its lineage, or from the run\'s Plan)', async () => {
    const failedGate = await registerModelVersion(h.database.db, {
      name: 'reg', artifactUri: 'artifact://sha256/x', stage: 'staging', signature: {}, trainingDatasets: [], tags: {},
      metrics: { accuracy: 0.5 }, runId: runOf[v1], artifactHash: 'a'.repeat(64), stepId: 'register-by-hand',
      lineage: { gate: { step: 'evaluate', conditions: [], passed: false, unmet: ['accuracy = 0.5000 does not meet >= 0.9'] } },
    });
    const e1 = await refused(move(admin, failedGate.row.version, 'production'));
    expect(e1.code).toBe('CONFLICT');
    expect(e1.message).toBe(`reg v${failedGate.row.version} did not pass the gate of step "evaluate": accuracy = 0.5000 does not meet >= 0.9`);
    // No gate in the lineage (as for versions registered before it was recorded): the run's Plan says
    // what the gate was. Made from a real registration with its gate taken out and its metrics lowered.
    const old = await register('reg-e', (src) => src.replace('epochs: 200', 'epochs: 110'));
    await h.database.db.update(modelVersions).set({ lineage: {}, metrics: { accuracy: 0.5 } }).where(eq(modelVersions.id, (await viewer.model.version.query({ name: 'reg', version: old })).id));
    const e2 = await refused(move(admin, old, 'production'));
    expect(e2.code).toBe('CONFLICT');
    expect(e2.message).toBe(`reg v${old} does not meet the gate of step "evaluate": accuracy = 0.5000 does not meet >= 0.9`);
  });

  it('promotes to production and archives the previous production version, recording both changes', async () => {
    const p1 = await move(admin, v1, 'production', 'first release');
    expect(p1.stage).toBe('production');
    expect(p1.stageChanges.map((c) => [c.fromStage, c.toStage, c.reason, c.actor])).toEqual([['staging', 'production', 'first release', 'admin-user']]);

    const p2 = await move(admin, v2, 'production', 'better on the new data');
    expect(p2.stage).toBe('production');
    const old = await viewer.model.version.query({ name: 'reg', version: v1 });
    expect(old.stage).toBe('archived');
    expect(old.stageChanges.map((c) => [c.fromStage, c.toStage, c.actor])).toEqual([['staging', 'production', 'admin-user'], ['production', 'archived', 'admin-user']]);
    expect(old.stageChanges[1].reason).toContain('better on the new data');

    const model = await viewer.model.get.query({ name: 'reg' });
    expect(model.latest.production?.version).toBe(v2);
    expect(model.latest.archived?.version).toBe(v1);
    const inProduction = (await viewer.model.versions.query({ name: 'reg' })).filter((v) => v.stage === 'production');
    expect(inProduction.map((v) => v.version)).toEqual([v2]);
  });

  it('treats a move to the stage a version is already in as done, recording nothing', async () => {
    const again = await move(admin, v2, 'production', 'again');
    expect(again.stage).toBe('production');
    expect(again.stageChanges).toHaveLength(1);
  });

  it('lets an editor move versions between none, staging and archived', async () => {
    const demoted = await move(editor, vNone, 'staging', 'ready for review');
    expect(demoted.stage).toBe('staging');
    const archived = await move(editor, vNone, 'archived', 'superseded');
    expect(archived.stageChanges.map((c) => c.toStage)).toEqual(['staging', 'archived']);
  });

  it('answers NOT_FOUND for an unknown model or version, BAD_REQUEST for an empty reason', async () => {
    expect((await refused(move(admin, 999, 'staging'))).message).toBe('model "reg" has no version 999');
    expect((await refused(admin.model.transition.mutate({ name: 'nope', version: 1, stage: 'staging', reason: 'x' }))).code).toBe('NOT_FOUND');
    const e = await refused(admin.model.transition.mutate({ name: 'reg', version: v1, stage: 'staging', reason: '   ' }));
    expect(e.code).toBe('BAD_REQUEST');
  });
});

describe('model.tag', () => {
  it('merges tags and removes the ones set to null', async () => {
    const a = await editor.model.tag.mutate({ name: 'reg', version: v2, tags: { owner: 'ml-team', reviewed: 'no' } });
    expect(a.tags).toEqual({ dataset: 'palmer-penguins', owner: 'ml-team', reviewed: 'no' });
    const b = await editor.model.tag.mutate({ name: 'reg', version: v2, tags: { reviewed: null, ticket: 'ML-7' } });
    expect(b.tags).toEqual({ dataset: 'palmer-penguins', owner: 'ml-team', ticket: 'ML-7' });
    expect((await viewer.model.version.query({ name: 'reg', version: v2 })).tags).toEqual(b.tags);
  });
});

describe('model.compare', () => {
  it('puts metrics side by side with b − a, and both lineages', async () => {
    const c = await viewer.model.compare.query({ name: 'reg', a: v1, b: v2 });
    const [m1, m2] = [await viewer.model.version.query({ name: 'reg', version: v1 }), await viewer.model.version.query({ name: 'reg', version: v2 })];
    const accuracy = c.metrics.find((m) => m.metric === 'accuracy')!;
    expect(accuracy).toEqual({ metric: 'accuracy', a: m1.metrics.accuracy, b: m2.metrics.accuracy, delta: m2.metrics.accuracy - m1.metrics.accuracy });
    expect(c.metrics.map((m) => m.metric)).toEqual(Object.keys(m1.metrics).sort());
    expect(c.a).toMatchObject({ version: v1, runId: runOf[v1], stage: 'archived' });
    expect(c.b).toMatchObject({ version: v2, runId: runOf[v2], stage: 'production' });
    expect((c.a.lineage.training as { epochs: number }).epochs).toBe(200);
    expect((c.b.lineage.training as { epochs: number }).epochs).toBe(150);
    expect(c.a.trainingDatasets).toHaveLength(1);
    expect([c.a.hyperparameters.epochs, c.b.hyperparameters.epochs]).toEqual([200, 150]);
    expect(c.a.sourceHash).not.toBe(c.b.sourceHash);
  });
});
