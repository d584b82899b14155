// monitor.* over HTTP with auth required, on PGlite and PostgreSQL, with a real Temporal dev server: applying a
// monitor file saves its spec (created, unchanged, updated) and starts the endpoint's monitor workflow or signals
// it; a dry run saves nothing; an invalid file is refused with located diagnostics; a stopped monitor starts again;
// the stored windows and alerts read back newest last, by `since` and `limit`.
import { randomUUID } from 'node:crypto';
import { TRPCClientError } from '@trpc/client';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getMonitor } from '../../server/db/repo/monitors';
import { models, modelVersions } from '../../server/db/schema';
import { ENDPOINT_MONITOR, MONITOR_TASK_QUEUE, monitorWorkflowId } from '../../server/temporal/contract';
import { freshPostgresDatabase } from '../helpers/fresh-postgres';
import { startHarness, type Harness } from '../helpers/harness';
import { fixtureModel } from '../serving/deployments-fixtures';
import { monitorSource, storeWindows } from '../monitoring/monitor-fixtures';

// PostgreSQL: a database of its own, since the harness creates the same API users as other test files do.
const backends: Array<[string, () => Promise<string> | string]> = [
  ['PGlite', () => 'memory://'],
  ['PostgreSQL', () => freshPostgresDatabase(inject('postgresUrl'), 'monitors')],
];

async function refused(p: Promise<unknown>): Promise<TRPCClientError<any>> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(TRPCClientError);
  return err as TRPCClientError<any>;
}

describe.each(backends)('monitors on %s', (_name, url) => {
  let h: Harness;
  const name = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    h = await startHarness({ api: true, databaseUrl: await url() });
  });
  afterAll(async () => {
    await h?.stop();
  });

  async function signals(workflowId: string): Promise<string[]> {
    const history = await h.client.workflow.getHandle(workflowId).fetchHistory();
    return (history.events ?? []).flatMap((e) => (e.workflowExecutionSignaledEventAttributes ? [e.workflowExecutionSignaledEventAttributes.signalName ?? ''] : []));
  }

  it('apply saves the spec and starts the monitor workflow; again is unchanged; a change is a new version, signalled', async () => {
    const endpoint = name('api-mon');
    const editor = h.api.as('editor');
    const first = await editor.monitor.save.mutate({ source: monitorSource(endpoint), origin: 'mon.monitor.yaml' });
    expect(first).toMatchObject({ endpoint, status: 'created', version: 1, workflowId: monitorWorkflowId(endpoint), dryRun: false });
    const described = await h.client.workflow.getHandle(first.workflowId).describe();
    expect([described.type, described.taskQueue]).toEqual([ENDPOINT_MONITOR, MONITOR_TASK_QUEUE]);

    const again = await editor.monitor.save.mutate({ source: monitorSource(endpoint) });
    expect(again).toMatchObject({ status: 'unchanged', version: 1 });
    const changed = await editor.monitor.save.mutate({ source: monitorSource(endpoint).replace('window: 1h', 'window: 30m') });
    expect(changed).toMatchObject({ status: 'updated', version: 2 });
    // One execution all along: the applies after the first reached it as signals.
    expect((await h.client.workflow.getHandle(first.workflowId).describe()).runId).toBe(described.runId);
    // Each apply signalled it (the first with its start); a signal that arrives while a workflow task runs is
    // written to the history when that task ends, so the history is read until the three are there.
    let received: string[] = [];
    for (const until = Date.now() + 20_000; Date.now() < until; await new Promise((r) => setTimeout(r, 100))) {
      received = (await signals(first.workflowId)).filter((s) => s === 'monitorSpecChanged');
      if (received.length >= 3) break;
    }
    expect(received).toHaveLength(3);

    const got = await h.api.as('viewer').monitor.get.query({ endpoint });
    expect(got).toMatchObject({ endpoint, version: 2, origin: 'mon.monitor.yaml', createdBy: 'editor-user', spec: { window: '30m' } });
    expect(got.source).toContain('window: 30m');
    expect(got.workflow).not.toBeNull();
  });

  it("saving a pipeline with a monitor: section applies it to the endpoint its deploy step names, and starts its workflow", async () => {
    const endpoint = name('pipe-mon');
    const pipeline = name('pipe');
    const source = [
      'headrace: 1', `name: ${pipeline}`,
      'monitor:', '  window: 30m', '  drift: { share: 0.25 }',
      'steps:',
      '  ingest:', '    uses: ingest.json', '    with: { path: examples/penguins/data/penguins.json }',
      '  train:', '    uses: train.logistic', '    in: { table: ingest.table }', "    with: { target: Species, features: ['Body Mass (g)'] }",
      '  register:', '    uses: registry.register', '    in: { model: train.model }', `    with: { name: ${pipeline} }`,
      '  deploy:', '    uses: deploy.endpoint', '    in: { version: register.version }', `    with: { endpoint: ${endpoint} }`,
      '',
    ].join('\n');
    const editor = h.api.as('editor');
    const saved = await editor.pipeline.save.mutate({ source, baseDir: process.cwd(), origin: 'pipes/p.pipeline.yaml' });
    expect(saved.monitor).toEqual({ endpoint, status: 'created', version: 1 });
    const row = await getMonitor(h.database.db, endpoint);
    expect(row?.spec).toMatchObject({ monitor: endpoint, window: '30m', drift: { share: 0.25 } });
    expect(row?.origin).toBe('pipes/p.pipeline.yaml (monitor:)');
    expect((await h.client.workflow.getHandle(monitorWorkflowId(endpoint)).describe()).type).toBe(ENDPOINT_MONITOR);
    // The same source again changes nothing; a changed section is the monitor's next version.
    expect((await editor.pipeline.save.mutate({ source, baseDir: process.cwd() })).monitor).toEqual({ endpoint, status: 'unchanged', version: 1 });
    const changed = await editor.pipeline.save.mutate({ source: source.replace('window: 30m', 'window: 1h'), baseDir: process.cwd() });
    expect(changed).toMatchObject({ status: 'updated', version: 2, monitor: { endpoint, status: 'updated', version: 2 } });
  });

  it('a dry run checks and tells what would happen, saving nothing and starting nothing', async () => {
    const endpoint = name('api-dry');
    const dry = await h.api.as('editor').monitor.save.mutate({ source: monitorSource(endpoint), dryRun: true });
    expect(dry).toEqual({ id: null, endpoint, status: 'created', version: 1, workflowId: monitorWorkflowId(endpoint), dryRun: true });
    expect(await getMonitor(h.database.db, endpoint)).toBeUndefined();
    await expect(h.client.workflow.getHandle(monitorWorkflowId(endpoint)).describe()).rejects.toThrow();
    expect((await refused(h.api.as('viewer').monitor.get.query({ endpoint }))).data?.code).toBe('NOT_FOUND');
  });

  it('refuses an invalid file with its diagnostics, line and column, and saves nothing', async () => {
    const endpoint = name('api-bad');
    const e = await refused(h.api.as('editor').monitor.save.mutate({ source: `monitor: ${endpoint}\nwindow: soon\n` }));
    expect(e.data?.code).toBe('BAD_REQUEST');
    expect(e.message).toBe(`the monitor has 1 error(s), the first at 2:9: 'window' must be a duration like "30s", "10m", "1h" or "2d", got "soon"`);
    expect(e.data?.diagnostics).toEqual([expect.objectContaining({ severity: 'error', line: 2, col: 9, code: 'monitor-spec' })]);
    expect(await getMonitor(h.database.db, endpoint)).toBeUndefined();
    expect((await refused(h.api.as('viewer').monitor.save.mutate({ source: monitorSource(endpoint) }))).data?.code).toBe('FORBIDDEN');
  });

  it('a monitor whose workflow stopped starts again when applied', async () => {
    const endpoint = name('api-restart');
    const first = await h.api.as('editor').monitor.save.mutate({ source: monitorSource(endpoint) });
    const handle = h.client.workflow.getHandle(first.workflowId);
    const before = await handle.describe();
    await handle.terminate('test: stopped');
    expect((await handle.describe()).status.name).toBe('TERMINATED');
    const again = await h.api.as('editor').monitor.save.mutate({ source: monitorSource(endpoint) });
    expect(again.status).toBe('unchanged');
    const after = await h.client.workflow.getHandle(first.workflowId).describe();
    expect(after.runId).not.toBe(before.runId);
    expect(after.type).toBe(ENDPOINT_MONITOR);
  });

  it('reads the stored windows newest last, by since and limit, with the model each names, and the alerts', async () => {
    const endpoint = name('api-win');
    const m = await fixtureModel(h.database.db, `mon${randomUUID().slice(0, 6)}`, ['staging'], {}, h.store);
    const [version] = await h.database.db.select({ id: modelVersions.id }).from(modelVersions).innerJoin(models, eq(models.id, modelVersions.modelId)).where(eq(models.name, m.name));
    await h.api.as('editor').monitor.save.mutate({ source: monitorSource(endpoint) });
    const starts = await storeWindows(h.database.db, endpoint, 5, version.id);
    const viewer = h.api.as('viewer');

    const all = await viewer.monitor.windows.query({ endpoint });
    expect(all.windows.map((w) => w.start)).toEqual(starts.map((s) => s.toISOString()));
    expect(all.windows.at(-1)).toMatchObject({ rows: 100, dataset: { drifted: true, driftedFeatures: ['Body Mass (g)'] }, quality: { labelled: 40, accuracy: 0.8 } });
    expect(all.windows.at(-1)!.features.Island).toMatchObject({ kind: 'categorical', chi2: { statistic: 1.5, pvalue: 0.47 }, drifted: false });
    expect(all.windows[0].features['Body Mass (g)'].ks).toEqual({ statistic: 0.05, pvalue: 0.6 });
    expect(all.models).toEqual({ [version.id]: `${m.name}@1` });

    // The last three windows end within the last 3 hours (the newest ends at the last full hour).
    const recent = await viewer.monitor.windows.query({ endpoint, since: '3h' });
    expect(recent.windows.map((w) => w.start)).toEqual(starts.slice(2).map((s) => s.toISOString()));
    const two = await viewer.monitor.windows.query({ endpoint, limit: 2 });
    expect(two.windows.map((w) => w.start)).toEqual(starts.slice(3).map((s) => s.toISOString()));

    const alerts = await viewer.monitor.alerts.query({ endpoint });
    expect(alerts).toEqual([expect.objectContaining({ endpoint, kind: 'drift', severity: 'critical', subject: 'Body Mass (g)', windowId: all.windows.at(-1)!.id, details: { psi: 0.9 } })]);

    const listed = (await viewer.monitor.list.query()).find((x) => x.endpoint === endpoint);
    expect(listed).toMatchObject({ version: 1, window: '1h', lastWindow: { start: starts[4].toISOString(), datasetDrifted: true }, lastAlert: { kind: 'drift' } });
  });

  it('an endpoint with neither a monitor nor a deployment is NOT_FOUND', async () => {
    const viewer = h.api.as('viewer');
    for (const call of [
      () => viewer.monitor.windows.query({ endpoint: 'api-nowhere' }),
      () => viewer.monitor.alerts.query({ endpoint: 'api-nowhere' }),
      () => viewer.monitor.get.query({ endpoint: 'api-nowhere' }),
      () => viewer.monitor.compute.query({ endpoint: 'api-nowhere', since: '1h' }),
    ]) {
      const e = await refused(call());
      expect(e.data?.code).toBe('NOT_FOUND');
    }
  });
});
