// run.retry resumes a failed run from its failed step: the finished steps are not executed again
// (no new attempts in step_runs, no activity scheduled in Temporal's history), their outputs feed the
// rest, and the new run records them as `cached`.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listModelVersions } from '../../server/db/repo/registry';
import { getRun } from '../../server/db/repo/runs';
import { readStepLogs } from '../../server/db/repo/step-logs';
import { ServiceError } from '../../server/services/errors';
import { retryRun, startRun } from '../../server/services/runs';
import { userError } from '../../workers/activities/errors';
import { evaluateClassifierStep } from '../../workers/activities/evaluate';
import { prepareSplitStep } from '../../workers/activities/prepare';
import type { KindContext } from '../../workers/activities/kinds';
import { stepActivity } from '../../workers/activities/step';
import { scheduledActivities } from '../helpers/history';
import { startHarness, type Harness } from '../helpers/harness';

const exampleDir = resolve('examples/penguins');
const source = readFileSync(resolve(exampleDir, 'pipeline.yaml'), 'utf8').replace('name: penguins', 'name: penguins-retry');
const BEFORE_EVALUATE = ['ingest', 'validate', 'clean', 'split', 'train'];
/** A folder of small CSV pipelines (the data changes between runs). */
const dir = mkdtempSync(join(tmpdir(), 'headrace-retry-'));

let h: Harness;
/** While true, evaluation fails as if its model store were unreachable (a failure retrying the step cannot fix). */
let evaluationBroken = true;
/** Activity executions per step id, across all runs of this file. */
const executions = new Map<string, number>();

beforeAll(async () => {
  h = await startHarness({
    activities: (base, deps) => {
      const counted = Object.fromEntries(
        Object.entries(base).map(([name, fn]) => [
          name,
          async (input: { step?: { id: string } }) => {
            if (input.step) executions.set(input.step.id, (executions.get(input.step.id) ?? 0) + 1);
            return (fn as (i: unknown) => Promise<unknown>)(input);
          },
        ]),
      );
      const evaluate = stepActivity('evaluate.classifier', async (ctx: KindContext<'evaluate.classifier'>) => {
        if (evaluationBroken) throw userError('BadData', 'evaluation store unreachable');
        return evaluateClassifierStep(ctx);
      }, deps);
      return {
        ...counted,
        'evaluate.classifier': async (input: Parameters<typeof evaluate>[0]) => {
          executions.set(input.step.id, (executions.get(input.step.id) ?? 0) + 1);
          return evaluate(input);
        },
        // A bug: the split of the `retry-unexpected` pipeline reads a property of undefined.
        'prepare.split': stepActivity('prepare.split', async (ctx: KindContext<'prepare.split'>) => {
          const key = `${ctx.input.pipeline}/${ctx.input.step.id}`;
          executions.set(key, (executions.get(key) ?? 0) + 1);
          if (ctx.input.pipeline === 'retry-unexpected') (undefined as unknown as { rows: () => void }).rows();
          return prepareSplitStep(ctx);
        }, deps),
      };
    },
  });
});

afterAll(async () => {
  await h?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A CSV of two classes (`a`, `b`) — or one, to fail training. */
function writeCsv(name: string, rows: number, classes = ['a', 'b']): void {
  const lines = ['x,y,label'];
  for (let i = 0; i < rows; i++) lines.push(`${i},${(i * 7) % 11},${classes[Math.floor((i * classes.length) / rows)]}`);
  writeFileSync(join(dir, name), lines.join('\n') + '\n');
}

/** ingest → split → train → evaluate, reading `file`. */
const csvPipeline = (name: string, file: string) => `headrace: 1
name: ${name}
steps:
  ingest:
    uses: ingest.csv
    with: { path: ${file} }
  split:
    uses: prepare.split
    in: { table: ingest.table }
    with: { test: 0.25, seed: 1 }
  train:
    uses: train.logistic
    in: { table: split.train }
    with: { target: label, epochs: 5 }
  evaluate:
    uses: evaluate.classifier
    in: { model: train.model, table: split.test }
`;

async function finish(workflowId: string) {
  await h.client.workflow.getHandle(workflowId).result().catch(() => undefined);
}

describe('run.retry', () => {
  let failedId: string;

  it('a run fails at evaluate after the steps before it succeeded', async () => {
    const run = await startRun(h.svc, { source, baseDir: exampleDir, author: 'test' });
    await finish(run.workflowId);
    const view = (await getRun(h.database.db, run.id))!;
    expect(view.status).toBe('failed');
    expect(view.error).toContain('evaluation store unreachable');
    for (const id of BEFORE_EVALUATE) expect(view.steps.find((s) => s.stepId === id)?.status, id).toBe('succeeded');
    expect(view.steps.find((s) => s.stepId === 'register')?.status).toBe('skipped');
    failedId = run.id;
  });

  it('refuses to retry a run that did not fail or get cancelled', async () => {
    const ok = await startRun(h.svc, { source: source.replace('name: penguins-retry', 'name: penguins-retry-ok'), baseDir: exampleDir, author: 'test' });
    evaluationBroken = false;
    await finish(ok.workflowId);
    evaluationBroken = true;
    expect((await getRun(h.database.db, ok.id))!.status).toBe('succeeded');
    const err = await retryRun(h.svc, { id: ok.id, author: 'test' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceError);
    expect((err as ServiceError).code).toBe('CONFLICT');
    expect((err as ServiceError).message).toMatch(/is succeeded: only a failed or cancelled run can be retried/);
  });

  it('resumes from the failed step without executing the finished ones again', async () => {
    evaluationBroken = false;
    const before = new Map(executions);
    const old = (await getRun(h.database.db, failedId))!;
    const retry = await retryRun(h.svc, { id: failedId, author: 'test' });
    expect(retry.retryOf).toBe(failedId);
    expect(retry.pipelineVersionId).toBe(old.pipelineVersionId);
    expect(retry.trigger).toBe('retry');
    await finish(retry.workflowId);
    const view = (await getRun(h.database.db, retry.id))!;
    expect(view.status).toBe('succeeded');
    expect(view.plan).toEqual(old.plan);
    expect(view.params).toEqual(old.params);

    // step_runs: the finished steps are `cached` rows of attempt 0 carrying the old outputs; no attempt ran.
    for (const id of BEFORE_EVALUATE) {
      const rows = view.steps.filter((s) => s.stepId === id);
      expect(rows.map((r) => [r.attempt, r.status]), id).toEqual([[0, 'cached']]);
      const oldRow = old.steps.find((s) => s.stepId === id && s.status === 'succeeded')!;
      expect(rows[0].outputs, id).toEqual(oldRow.outputs);
      expect((rows[0].summary as { cachedFrom: unknown }).cachedFrom).toEqual({ runId: failedId, attempt: oldRow.attempt });
    }
    expect(view.steps.filter((s) => s.stepId === 'evaluate').map((s) => [s.attempt, s.status])).toEqual([[1, 'succeeded']]);
    expect(view.steps.filter((s) => s.stepId === 'register').map((s) => [s.attempt, s.status])).toEqual([[1, 'succeeded']]);

    // Temporal's history of the retry: only the bookkeeping and the remaining steps ran (the run's two ends as local
    // activities).
    expect(await scheduledActivities(h.client, retry.workflowId)).toEqual(['local:claimRun', 'reuseSteps', 'evaluate.classifier', 'registry.register', 'deploy.endpoint', 'local:recordRun']);

    // And the activities themselves: the steps before evaluate did not execute again.
    for (const id of BEFORE_EVALUATE) expect(executions.get(id), id).toBe(before.get(id));
    expect(executions.get('evaluate')).toBe((before.get('evaluate') ?? 0) + 1);

    // The model evaluated and registered by the retry is the one trained by the failed run.
    const trained = old.steps.find((s) => s.stepId === 'train')!.outputs as { model: { hash: string } };
    const registered = view.steps.find((s) => s.stepId === 'register')!.outputs as { version: { id: string } };
    const version = (await listModelVersions(h.database.db, 'penguins')).find((v) => v.id === registered.version.id)!;
    expect(version.artifactHash).toBe(trained.model.hash);
  });

  it('follows a chain of retries: a retry of a failed retry reuses what the first run executed', async () => {
    evaluationBroken = true;
    const source2 = source.replace('name: penguins-retry', 'name: penguins-retry-chain');
    const first = await startRun(h.svc, { source: source2, baseDir: exampleDir, author: 'test' });
    await finish(first.workflowId);
    const trainRuns = executions.get('train');
    const second = await retryRun(h.svc, { id: first.id, author: 'test' });
    await finish(second.workflowId);
    expect((await getRun(h.database.db, second.id))!.status).toBe('failed');
    evaluationBroken = false;
    const third = await retryRun(h.svc, { id: second.id, author: 'test' });
    await finish(third.workflowId);
    const view = (await getRun(h.database.db, third.id))!;
    expect(view.status).toBe('succeeded');
    expect(view.retryOf).toBe(second.id);
    for (const id of BEFORE_EVALUATE) {
      const row = view.steps.find((s) => s.stepId === id)!;
      expect([row.attempt, row.status], id).toEqual([0, 'cached']);
      // Provenance names the run that executed the step, not the intermediate retry.
      expect((row.summary as { cachedFrom: unknown }).cachedFrom, id).toEqual({ runId: first.id, attempt: 1 });
    }
    expect(executions.get('train')).toBe(trainRuns); // trained once, by the first run
  });

  it('runs an ingest again when its file changed since the failed run, and says why', async () => {
    evaluationBroken = true;
    writeCsv('changing.csv', 40);
    const failed = await startRun(h.svc, { source: csvPipeline('retry-changed-data', 'changing.csv'), baseDir: dir, author: 'test' });
    await finish(failed.workflowId);
    expect((await getRun(h.database.db, failed.id))!.status).toBe('failed');

    // Unchanged file: the retry reuses the ingest (and what follows it).
    const same = await retryRun(h.svc, { id: failed.id, author: 'test' });
    await finish(same.workflowId);
    const sameView = (await getRun(h.database.db, same.id))!;
    for (const id of ['ingest', 'split', 'train']) expect(sameView.steps.find((s) => s.stepId === id)?.status, id).toBe('cached');

    // The user fixes the data and retries: the ingest reads the new file; the steps after it run again.
    writeCsv('changing.csv', 48);
    evaluationBroken = false;
    const retry = await retryRun(h.svc, { id: same.id, author: 'test' });
    await finish(retry.workflowId);
    const view = (await getRun(h.database.db, retry.id))!;
    expect(view.status).toBe('succeeded');
    for (const id of ['ingest', 'split', 'train', 'evaluate']) {
      expect(view.steps.filter((s) => s.stepId === id).map((s) => [s.attempt, s.status]), id).toEqual([[1, 'succeeded']]);
    }
    expect((view.steps.find((s) => s.stepId === 'ingest')!.outputs as { table: { rows: number } }).table.rows).toBe(48);
    const logs = await readStepLogs(h.database.db, { runId: retry.id, stepId: 'ingest', limit: 100 });
    // The file was read by the first run (the intermediate retry reused that read).
    expect(logs.map((l) => l.message)).toContain(`${join(dir, 'changing.csv')} changed since run ${failed.id}: running ingest again`);
  });

  it('a data error fails its step once, not once per retry attempt, with its message as is', async () => {
    writeCsv('one-class.csv', 40, ['a']);
    const run = await startRun(h.svc, { source: csvPipeline('retry-one-class', 'one-class.csv'), baseDir: dir, author: 'test' });
    await finish(run.workflowId);
    const view = (await getRun(h.database.db, run.id))!;
    expect(view.status).toBe('failed');
    const train = view.steps.filter((s) => s.stepId === 'train');
    expect(train.map((s) => [s.attempt, s.status])).toEqual([[1, 'failed']]);
    expect(train[0].error).toBe('need at least 2 classes, got 1 (a)');
    expect(view.error).toBe('step "train" failed: need at least 2 classes, got 1 (a)');
  });

  it('an unexpected error is retried, then reported with its cause', async () => {
    writeCsv('bug.csv', 40);
    const run = await startRun(h.svc, { source: csvPipeline('retry-unexpected', 'bug.csv'), baseDir: dir, author: 'test' });
    await finish(run.workflowId);
    const view = (await getRun(h.database.db, run.id))!;
    expect(view.status).toBe('failed');
    const split = view.steps.filter((s) => s.stepId === 'split').sort((a, b) => a.attempt - b.attempt);
    expect(split.map((s) => [s.attempt, s.status])).toEqual([[1, 'failed'], [2, 'failed'], [3, 'failed']]);
    expect(executions.get('retry-unexpected/split')).toBe(3);
    const cause = /^TypeError: Cannot read properties of undefined \(reading 'rows'\) \(at .*test\/workflow\/retry\.test\.ts:\d+:\d+\)?\)$/;
    for (const s of split) expect(s.error).toMatch(cause);
    expect(view.error).toMatch(/^step "split" failed: TypeError: Cannot read properties of undefined \(reading 'rows'\) \(at /);
  });

  it('refuses a retry of an unknown run', async () => {
    const err = await retryRun(h.svc, { id: '00000000-0000-4000-8000-000000000000', author: 'test' }).catch((e: unknown) => e);
    expect((err as ServiceError).code).toBe('NOT_FOUND');
  });
});
