// pipelineRun on a real Temporal dev server with a real worker: linear and parallel runs, a failed
// gate, a step that fails once then succeeds on retry, and cancellation.
import { DuckDBInstance } from '@duckdb/node-api';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { WorkflowFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listModelVersions } from '../../server/db/repo/registry';
import { getRun } from '../../server/db/repo/runs';
import { readStepLogs } from '../../server/db/repo/step-logs';
import { startRun } from '../../server/services/runs';
import { prepareSplitStep } from '../../workers/activities/prepare';
import type { KindContext } from '../../workers/activities/kinds';
import { stepActivity } from '../../workers/activities/step';
import { allowEgressHost, revokeEgressHost } from '../../server/db/repo/egress-hosts';
import { setSecret } from '../../server/secrets/store';
import { startHarness, type Harness } from '../helpers/harness';
import { statusQuery } from '../../server/temporal/contract';

const exampleDir = resolve('examples/penguins');
const penguins = readFileSync(resolve(exampleDir, 'pipeline.yaml'), 'utf8');

/** The penguins pipeline with two models trained and evaluated side by side. */
const parallel = penguins.replace(/name: penguins/, 'name: penguins-parallel').replace(
  /  register:[\s\S]*$/,
  `  train_fast:
    uses: train.logistic
    in: { table: split.train }
    with:
      target: Species
      features: [Beak Length (mm), Flipper Length (mm)]
      epochs: 50
  evaluate_fast:
    uses: evaluate.classifier
    in: { model: train_fast.model, table: split.test }
`,
);

let h: Harness;
let splitAttempts = 0;

beforeAll(async () => {
  h = await startHarness({
    // Fault injection for the retry test: the split step of the "flaky" pipeline fails on its first attempt.
    activities: (base, deps) => ({
      ...base,
      'prepare.split': stepActivity('prepare.split', async (ctx: KindContext<'prepare.split'>) => {
        if (ctx.input.pipeline === 'flaky' && ctx.attempt === 1) {
          splitAttempts++;
          throw new Error('transient: connection reset by peer');
        }
        if (ctx.input.pipeline === 'flaky') splitAttempts++;
        return prepareSplitStep(ctx);
      }, deps),
    }),
  });
});

afterAll(async () => {
  await h?.stop();
});

async function runToEnd(source: string, params?: Record<string, unknown>, baseDir = exampleDir) {
  const run = await startRun(h.svc, { source, baseDir, params, author: 'test' });
  const handle = h.client.workflow.getHandle(run.workflowId);
  const outcome = await handle.result().then(() => undefined, (e: unknown) => e);
  return { run, handle, outcome, view: (await getRun(h.database.db, run.id))! };
}

describe('pipelineRun', () => {
  it('runs the linear penguins pipeline to success and registers a model', async () => {
    const { outcome, view } = await runToEnd(penguins);
    expect(outcome).toBeUndefined();
    expect(view.status).toBe('succeeded');
    const byStep = Object.fromEntries(view.steps.map((s) => [s.stepId, s]));
    expect(Object.keys(byStep).sort()).toEqual(['clean', 'deploy', 'evaluate', 'ingest', 'register', 'split', 'train', 'validate']);
    for (const s of view.steps) expect(s.status, s.stepId).toBe('succeeded');
    expect((byStep.ingest.outputs as any).table.rows).toBe(344);
    expect((byStep.clean.summary as any).dropped).toBe(2);
    const versions = await listModelVersions(h.database.db, 'penguins');
    expect(versions).toHaveLength(1);
    expect((versions[0].metrics as any).accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('trains from a Parquet file, recording what it read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'headrace-parquet-run-'));
    const db = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
    const c = await db.connect();
    await c.run(`COPY (SELECT * FROM read_json('${resolve(exampleDir, 'data/penguins.json')}')) TO '${join(dir, 'penguins.parquet')}' (FORMAT parquet)`);
    c.closeSync();
    db.closeSync();
    const source = penguins.replace(/name: penguins/, 'name: penguins-parquet').replace(
      /  ingest:\n    uses: ingest.json\n    with:\n      path: data\/penguins.json\n/,
      '  ingest:\n    uses: ingest.parquet\n    with:\n      path: penguins.parquet\n',
    ).replace(/  register:[\s\S]*$/, '');
    expect(source).toContain('uses: ingest.parquet');
    const { outcome, view } = await runToEnd(source, undefined, dir);
    expect(outcome).toBeUndefined();
    const ingest = view.steps.find((s) => s.stepId === 'ingest')!;
    expect((ingest.outputs as { table: { rows: number; columns: { name: string; type: string }[] } }).table).toMatchObject({
      rows: 344, columns: expect.arrayContaining([{ name: 'Species', type: 'string' }, { name: 'Body Mass (g)', type: 'number' }]),
    });
    const summary = ingest.summary as { rows: number; source: { path: string; bytes: number; sha256: string } };
    expect(summary.rows).toBe(344);
    expect(summary.source).toMatchObject({ path: join(dir, 'penguins.parquet'), bytes: statSync(join(dir, 'penguins.parquet')).size });
    expect(summary.source.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(view.steps.find((s) => s.stepId === 'evaluate')!.status).toBe('succeeded');
  });

  it('reads a folder of files as one table, noting each row\'s file; a new file makes the cached read stale', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'headrace-folder-run-'));
    const records = JSON.parse(readFileSync(resolve(exampleDir, 'data/penguins.json'), 'utf8')) as object[];
    mkdirSync(join(dir, 'daily'));
    const write = (name: string, rows: object[]) => writeFileSync(join(dir, 'daily', name), rows.map((r) => JSON.stringify(r)).join('\n'));
    write('2024-01-01.jsonl', records.slice(0, 150));
    write('2024-01-02.jsonl', records.slice(150, 300));
    const source = penguins.replace(/name: penguins/, 'name: penguins-folder')
      .replace('      path: data/penguins.json\n', '      path: daily\n      fileColumn: day\n')
      .replace('  ingest:\n    uses: ingest.json\n', '  ingest:\n    uses: ingest.json\n    cache: true\n')
      .replace('minRows: 300', 'minRows: 250')
      .replace(/  register:[\s\S]*$/, '');
    const first = await runToEnd(source, undefined, dir);
    expect(first.outcome).toBeUndefined();
    const ingest = first.view.steps.find((s) => s.stepId === 'ingest')!;
    const table = (ingest.outputs as { table: { rows: number; columns: { name: string; type: string }[] } }).table;
    expect(table.rows).toBe(300);
    expect(table.columns.at(-1)).toEqual({ name: 'day', type: 'string' });
    const summary = ingest.summary as { source: { path: string; files: { name: string; bytes: number }[] } };
    expect(summary.source.path).toBe(join(dir, 'daily'));
    expect(summary.source.files.map((f) => f.name)).toEqual(['2024-01-01.jsonl', '2024-01-02.jsonl']);
    expect(first.view.steps.find((s) => s.stepId === 'evaluate')!.status).toBe('succeeded');

    // Nothing changed: the read is reused. A third day arrives: it is read again, with the new file's rows.
    const again = await runToEnd(source, undefined, dir);
    expect(again.view.steps.find((s) => s.stepId === 'ingest')!.status).toBe('cached');
    write('2024-01-03.jsonl', records.slice(300));
    const third = await runToEnd(source, undefined, dir);
    const fresh = third.view.steps.find((s) => s.stepId === 'ingest')!;
    expect(fresh.status).toBe('succeeded');
    expect((fresh.outputs as { table: { rows: number } }).table.rows).toBe(records.length);
    expect((fresh.summary as { source: { files: unknown[] } }).source.files).toHaveLength(3);
  });

  it('queries tables with prepare.sql and trains on the result; a misspelt column fails the step with its pointer', async () => {
    const sql = (query: string) => penguins.replace(/name: penguins/, 'name: penguins-sql').replace(
      /  clean:\n    uses: prepare.dropna\n    in: \{ table: validate.table \}\n    with: .*\n/,
      `  clean:\n    uses: prepare.sql\n    in: { penguins: validate.table, islands: islands.table }\n    with:\n      query: ${JSON.stringify(query)}\n`,
    ).replace(/  validate:\n/, '  islands:\n    uses: ingest.json\n    with: { path: data/penguins.json }\n  validate:\n').replace(/  register:[\s\S]*$/, '');
    const query = `SELECT p.* FROM penguins p
      JOIN (SELECT DISTINCT "Island" FROM islands) i USING ("Island")
      WHERE p."Body Mass (g)" IS NOT NULL AND p."Beak Length (mm)" IS NOT NULL AND p."Beak Depth (mm)" IS NOT NULL AND p."Flipper Length (mm)" IS NOT NULL`;
    const ok = await runToEnd(sql(query));
    expect(ok.outcome).toBeUndefined();
    const clean = ok.view.steps.find((s) => s.stepId === 'clean')!;
    expect(clean.summary).toMatchObject({ rowsIn: { penguins: 344, islands: 344 }, rowsOut: 342 });
    expect(ok.view.steps.find((s) => s.stepId === 'evaluate')!.status).toBe('succeeded');

    const bad = await runToEnd(sql('SELECT "Body Mass (kg)" FROM penguins'));
    const step = bad.view.steps.find((s) => s.stepId === 'clean')!;
    expect([bad.view.status, step.status]).toEqual(['failed', 'failed']);
    // A mistake in the query is the user's: not retried, and the message carries DuckDB's candidates and pointer.
    expect(step.attempt).toBe(1);
    const error = String(step.error);
    expect(error).toMatch(/^query: Binder Error: Referenced column "Body Mass \(kg\)" not found in FROM clause!/);
    expect(error).toContain('Candidate bindings: "Body Mass (g)"');
    expect(error).toContain('LINE 1: SELECT "Body Mass (kg)" FROM penguins');
  });

  it('filters, derives, selects and samples on the way to training, the derived column a feature', async () => {
    const source = penguins.replace(/name: penguins/, 'name: penguins-transforms').replace(
      /  clean:\n    uses: prepare.dropna\n    in: \{ table: validate.table \}\n    with: .*\n/,
      `  complete:
    uses: prepare.filter
    in: { table: validate.table }
    with: { where: '"Beak Length (mm)" IS NOT NULL AND "Beak Depth (mm)" IS NOT NULL AND "Flipper Length (mm)" IS NOT NULL AND "Body Mass (g)" IS NOT NULL' }
  ratios:
    uses: prepare.derive
    in: { table: complete.table }
    with: { columns: { Beak Ratio: '"Beak Length (mm)" / "Beak Depth (mm)"' }, types: { Beak Ratio: number } }
  narrow:
    uses: prepare.select
    in: { table: ratios.table }
    with: { columns: [Species, Beak Ratio, Flipper Length (mm), Body Mass (g)] }
  clean:
    uses: prepare.sample
    in: { table: narrow.table }
    with: { fraction: 0.9, seed: 3 }
`,
    ).replace('features: [Beak Length (mm), Beak Depth (mm), Flipper Length (mm), Body Mass (g)]', 'features: [Beak Ratio, Flipper Length (mm), Body Mass (g)]')
      .replace(/  register:[\s\S]*$/, '');
    const { outcome, view } = await runToEnd(source);
    expect(outcome, JSON.stringify(view.steps.map((s) => [s.stepId, s.status, s.error]))).toBeUndefined();
    const summary = (id: string) => view.steps.find((s) => s.stepId === id)!.summary as Record<string, unknown>;
    expect(summary('complete')).toMatchObject({ rowsIn: 344, rowsOut: 342 });
    expect(summary('narrow')).toMatchObject({ rowsOut: 342, columns: 4 });
    expect(summary('clean')).toMatchObject({ rowsIn: 342, rowsOut: 308 });
    const train = view.steps.find((s) => s.stepId === 'train')!;
    expect((train.outputs as { model: { signature: { features: string[] } } }).model.signature.features).toEqual(['Beak Ratio', 'Flipper Length (mm)', 'Body Mass (g)']);
    expect(view.steps.find((s) => s.stepId === 'evaluate')!.status).toBe('succeeded');
  });

  it('downloads its data over HTTP with a secret header, recording what it read; loopback refused until allowed; a missing secret or a 404 fails at once', async () => {
    const body = readFileSync(resolve(exampleDir, 'data/penguins.json'));
    const seen: (string | undefined)[] = [];
    const server = createServer((req, res) => {
      seen.push(req.headers.authorization);
      if ((req.url ?? '').split('?')[0] !== '/exports/penguins') return res.writeHead(404).end();
      if (req.headers.authorization !== 'Bearer s3cret') return res.writeHead(401).end();
      res.writeHead(200, { 'content-type': 'application/json', etag: '"v7"' }).end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const over = (path: string, name: string, header = 'secretHeaders: { Authorization: export-token }') => penguins.replace(/name: penguins/, `name: ${name}`).replace(
      /    uses: ingest.json\n    with:\n      path: data\/penguins.json\n/,
      `    uses: ingest.http\n    with:\n      url: ${base}${path}?day=1\n      ${header}\n`,
    ).replace(/  register:[\s\S]*$/, '');
    try {
      await setSecret(h.database.db, { name: 'export-token', value: 'Bearer s3cret', actor: 'test' }, h.home);
      // The server listens on loopback: refused before any request until an admin allows the host.
      const refused = await runToEnd(over('/exports/penguins', 'penguins-http-refused'));
      const r = refused.view.steps.find((s) => s.stepId === 'ingest')!;
      expect([r.status, r.attempt, seen.length]).toEqual(['failed', 1, 0]);
      expect(String(r.error)).toBe(`GET ${base}/exports/penguins: 127.0.0.1 is a loopback address: requests from pipelines and monitors may not reach it unless an admin allows the host (headrace egress allow 127.0.0.1)`);
      await allowEgressHost(h.database.db, { host: '127.0.0.1', actor: 'test' });

      const ok = await runToEnd(over('/exports/penguins', 'penguins-http'));
      expect(ok.outcome).toBeUndefined();
      const ingest = ok.view.steps.find((s) => s.stepId === 'ingest')!;
      expect(ingest.summary).toMatchObject({
        rows: 344,
        source: { url: `${base}/exports/penguins`, bytes: body.length, sha256: createHash('sha256').update(body).digest('hex'), etag: '"v7"', contentType: 'application/json' },
      });
      expect(seen.at(-1)).toBe('Bearer s3cret');

      const missing = await runToEnd(over('/exports/nothing-here', 'penguins-http-404'));
      const m = missing.view.steps.find((s) => s.stepId === 'ingest')!;
      expect([m.status, m.attempt]).toEqual(['failed', 1]);
      expect(String(m.error)).toBe(`GET ${base}/exports/nothing-here answered 404 Not Found`);

      // The token never reaches a log line of the run.
      const logs = await readStepLogs(h.database.db, { runId: ok.run.id, limit: 1000 });
      expect(logs.length).toBeGreaterThan(0);
      expect(logs.filter((l) => l.message.includes('s3cret'))).toEqual([]);

      const unsetSecret = await runToEnd(over('/exports/penguins', 'penguins-http-no-secret', 'secretHeaders: { Authorization: no-such-token }'));
      const s = unsetSecret.view.steps.find((x) => x.stepId === 'ingest')!;
      expect([s.status, s.attempt]).toEqual(['failed', 1]);
      expect(String(s.error)).toBe('secret no-such-token is not set: an admin sets it with headrace secret set no-such-token');

      const unset = await runToEnd(over('/exports/penguins', 'penguins-http-unset', 'envHeaders: { Authorization: HEADRACE_TEST_EXPORT_TOKEN }'));
      const u = unset.view.steps.find((x) => x.stepId === 'ingest')!;
      expect([u.status, u.attempt]).toEqual(['failed', 1]);
      expect(String(u.error)).toBe('header Authorization reads the environment variable HEADRACE_TEST_EXPORT_TOKEN, which the worker does not have');
    } finally {
      await revokeEgressHost(h.database.db, '127.0.0.1');
      server.close();
    }
  });

  it('runs independent branches in parallel', async () => {
    const { outcome, view, handle } = await runToEnd(parallel);
    expect(outcome).toBeUndefined();
    expect(view.steps.filter((s) => s.status === 'succeeded').map((s) => s.stepId).sort()).toEqual(
      ['clean', 'evaluate', 'evaluate_fast', 'ingest', 'split', 'train', 'train_fast', 'validate'],
    );
    // Both training activities were scheduled in the same workflow task, before either completed.
    const events = (await handle.fetchHistory()).events ?? [];
    const scheduled = events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'train.logistic').map((e) => Number(e.eventId));
    const firstCompleted = events.find((e) => e.activityTaskCompletedEventAttributes && scheduled.includes(Number(e.activityTaskCompletedEventAttributes.scheduledEventId)));
    expect(scheduled).toHaveLength(2);
    expect(Math.max(...scheduled)).toBeLessThan(Number(firstCompleted!.eventId));
  });

  it('fails the run on an unmet gate, names the metric, and registers nothing', async () => {
    const before = (await listModelVersions(h.database.db)).length;
    const { outcome, view } = await runToEnd(penguins.replace('name: penguins', 'name: penguins-gated'), { minAccuracy: 1.5 });
    expect(outcome).toBeInstanceOf(WorkflowFailedError);
    expect(view.status).toBe('failed');
    expect(view.error).toMatch(/step "evaluate" failed: gate failed: accuracy = [\d.]+ does not meet >= 1\.5/);
    const evaluate = view.steps.find((s) => s.stepId === 'evaluate')!;
    expect(evaluate.status).toBe('failed');
    expect(evaluate.attempt).toBe(1); // a gate is not retried
    expect(view.steps.find((s) => s.stepId === 'register')?.status).toBe('skipped');
    expect((await listModelVersions(h.database.db)).length).toBe(before);
  });

  it('retries a step that fails once, and the run succeeds', async () => {
    const { outcome, view } = await runToEnd(penguins.replace('name: penguins', 'name: flaky'));
    expect(outcome).toBeUndefined();
    expect(splitAttempts).toBe(2);
    const split = view.steps.filter((s) => s.stepId === 'split').sort((a, b) => a.attempt - b.attempt);
    expect(split.map((s) => [s.attempt, s.status])).toEqual([[1, 'failed'], [2, 'succeeded']]);
    expect(split[0].error).toContain('connection reset');
    // The steps before it ran exactly once.
    for (const id of ['ingest', 'validate', 'clean']) expect(view.steps.filter((s) => s.stepId === id)).toHaveLength(1);
  });

  it('cancels a running run: training stops, later steps never start', async () => {
    const long = penguins.replace('name: penguins', 'name: penguins-long').replace('epochs: 200', 'epochs: 200000');
    const run = await startRun(h.svc, { source: long, baseDir: exampleDir, author: 'test' });
    const handle = h.client.workflow.getHandle(run.workflowId);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const status = await handle.query(statusQuery);
      if (status.steps.train.state === 'running') break;
      if (Date.now() > deadline) throw new Error('training never started');
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 500));
    await handle.cancel();
    const outcome = await handle.result().then(() => undefined, (e: unknown) => e);
    expect(outcome).toBeInstanceOf(WorkflowFailedError);
    expect(((outcome as WorkflowFailedError).cause as Error).name).toBe('CancelledFailure');
    const view = (await getRun(h.database.db, run.id))!;
    expect(view.status).toBe('cancelled');
    expect(view.steps.find((s) => s.stepId === 'train')?.status).toBe('cancelled');
    expect(view.steps.filter((s) => ['evaluate', 'register'].includes(s.stepId)).map((s) => s.status)).toEqual(['cancelled', 'cancelled']);
  });
});
