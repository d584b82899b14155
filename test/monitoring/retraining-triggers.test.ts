// The retraining triggers on a real Temporal dev server with the real worker, on PGlite and PostgreSQL: a window's
// drift trigger fires once however many alerts it raised and however often its activity runs; a second window
// inside the cooldown records `cooldown` and starts nothing; a performance trigger fires on a labelled window past
// its bound; a polled data source fires once per content change (and its Schedule exists); the file-arrival
// webhook fires once per announced hash. Every started run is a pipelineRun the worker claims, carrying its cause.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Context } from '@temporalio/activity';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MonitorSpec } from '../../dsl/monitor';
import { listMonitorWindows, raiseAlert, upsertMonitor } from '../../server/db/repo/monitors';
import { getRunSummary } from '../../server/db/repo/runs';
import { anyPipelineWatches, listTriggerEvents } from '../../server/db/repo/triggers';
import { monitorWindows, runs } from '../../server/db/schema';
import { savePipeline } from '../../server/services/pipelines';
import { createPredictionLog } from '../../server/serving/prediction-log';
import { ENDPOINT_MONITOR, MONITOR_TASK_QUEUE, dataPollScheduleId, monitorWorkflowId, stopMonitorSignal } from '../../server/temporal/contract';
import { triggerActivities } from '../../workers/activities/triggers';
import { headrace } from '../helpers/cli';
import { startHarness, type Harness } from '../helpers/harness';
import { entries, registerWithProfile, trainingData } from './window-fixtures';

const penguinsData = resolve('examples/penguins/data/penguins.json');
let n = 0;
const unique = (prefix: string) => `${prefix}-${process.pid}-${Date.now().toString(36)}-${n++}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A one-step pipeline (ingest the penguins) with these triggers. */
function pipeline(name: string, triggers: string, cooldown?: string): string {
  return [
    'headrace: 1', `name: ${name}`, ...(cooldown ? [`cooldown: ${cooldown}`] : []), 'triggers:', triggers,
    'steps:', '  ingest:', '    uses: ingest.json', '    with:', `      path: ${penguinsData}`,
    '      columns: { Species: { type: string }, Island: { type: string } }', '',
  ].join('\n');
}

describe.each([
  ['PGlite', () => 'memory://'],
  ['PostgreSQL', () => inject('postgresUrl')],
])('retraining triggers on %s', (_label, url) => {
  let h: Harness;
  let acts: ReturnType<typeof triggerActivities>;
  /** Attempts of the monitor's fireWindowTriggers that failed after their commit. */
  let failedAfterCommit = 0;

  beforeAll(async () => {
    h = await startHarness({
      databaseUrl: url(),
      api: true,
      // For an endpoint named "loop-…", every window's first attempt fires its triggers, then fails.
      activities: (base) => ({
        ...base,
        async fireWindowTriggers(input: Parameters<typeof base.fireWindowTriggers>[0]) {
          const done = await base.fireWindowTriggers(input);
          if (input.endpoint.startsWith('loop-') && Context.current().info.attempt === 1) {
            failedAfterCommit++;
            throw new Error('transient: connection reset by peer');
          }
          return done;
        },
      }),
    });
    acts = triggerActivities({ db: h.database.db, store: h.store, dataRoots: h.svc.config.dataRoots, client: () => h.client });
  }, 120_000);

  afterAll(async () => {
    await h?.stop();
  });

  async function save(source: string) {
    return savePipeline(h.svc, { source, author: 'test' });
  }

  /** A stored window of `endpoint` starting at `start` (one minute long) with this quality. */
  async function window(endpoint: string, start: string, quality: Record<string, number> = { labelled: 0 }) {
    const end = new Date(Date.parse(start) + 60_000).toISOString();
    const [row] = await h.database.db.insert(monitorWindows).values({
      endpoint, windowStart: new Date(start), windowEnd: new Date(end), rows: 200,
      dataset: { drifted: true, share: 1, driftedFeatures: ['b'] }, prediction: null, quality, health: {},
    }).returning({ id: monitorWindows.id });
    return { windowId: row.id, start, end };
  }

  async function driftAlerts(endpoint: string, w: { windowId: number; start: string }) {
    const ids: number[] = [];
    for (const [subject, severity] of [['b', 'warning'], [null, 'critical']] as const) {
      const { row } = await raiseAlert(h.database.db, {
        endpoint, windowId: w.windowId, kind: 'drift', severity, subject, message: `drift of ${subject ?? 'the dataset'}`,
        dedupKey: `${endpoint}/${w.start}/drift/${subject ?? ''}`,
      });
      ids.push(row.id);
    }
    return ids;
  }

  /** The runs of a pipeline, oldest first. */
  const runsOf = async (pipelineId: string) =>
    h.database.db.select().from(runs).where(eq(runs.pipelineId, pipelineId)).orderBy(runs.createdAt);

  /** Polls until the worker has claimed the run (its workflow started and ran its first activity). */
  async function claimed(runId: string) {
    await expect.poll(async () => (await getRunSummary(h.database.db, runId))?.status, { timeout: 60_000 }).not.toBe('queued');
    const run = await getRunSummary(h.database.db, runId);
    expect(run?.status).not.toBe('failed');
  }

  it('fires a drift trigger once per window (two alerts, the activity run twice) and holds the cooldown', async () => {
    const endpoint = unique('drift-ep');
    const free = await save(pipeline(unique('drift-free'), `  - drift: { endpoint: ${endpoint} }`));
    const cooled = await save(pipeline(unique('drift-cool'), `  - drift: { endpoint: ${endpoint}, severity: critical }`, '6h'));
    const critical = await save(pipeline(unique('drift-other'), '  - drift: { endpoint: some-other-endpoint }'));

    const w1 = await window(endpoint, '2026-01-01T10:00:00.000Z');
    const input1 = { endpoint, ...w1, alertIds: await driftAlerts(endpoint, w1) };
    const first = await acts.fireWindowTriggers(input1);
    const again = await acts.fireWindowTriggers(input1); // a retried attempt, or the window replayed
    expect(first.map((f) => [f.kind, f.outcome, f.created])).toEqual([['drift', 'started', true], ['drift', 'started', true]]);
    expect(again.map((f) => [f.outcome, f.created, f.runId])).toEqual(first.map((f) => [f.outcome, false, f.runId]));

    for (const p of [free, cooled]) {
      const rs = await runsOf(p.version.pipelineId);
      expect(rs).toHaveLength(1);
      expect(rs[0]).toMatchObject({ trigger: 'drift', createdBy: 'monitor' });
      expect(rs[0].triggerDetails).toMatchObject({
        event: `drift:${endpoint}:${w1.start}`, kind: 'drift', endpoint, window: { start: w1.start, end: w1.end },
        // The critical-only trigger is fired by the dataset alert alone.
        summary: `drift · ${endpoint} window 10:00 (${p === cooled ? 'dataset' : 'b, dataset'})`,
      });
      await claimed(rs[0].id);
    }
    expect(await runsOf(critical.version.pipelineId)).toEqual([]);

    // Whether a window can fire anything at all is asked of each pipeline's current version only.
    const db = h.database.db;
    const watched = unique('perf-watched');
    const watcher = await save(pipeline(unique('watcher'), `  - performance: { endpoint: ${watched}, metric: accuracy, below: 0.5 }`));
    expect([await anyPipelineWatches(db, endpoint), await anyPipelineWatches(db, watched), await anyPipelineWatches(db, unique('nobody'))])
      .toEqual([true, true, false]);
    await save(pipeline(watcher.plan.pipeline, `  - drift: { endpoint: ${unique('elsewhere')} }`));
    expect(await anyPipelineWatches(db, watched)).toBe(false);

    // The next window, inside the 6 h cooldown of one pipeline: that one records `cooldown` and starts nothing.
    const w2 = await window(endpoint, '2026-01-01T10:01:00.000Z');
    const second = await acts.fireWindowTriggers({ endpoint, ...w2, alertIds: await driftAlerts(endpoint, w2) });
    expect(Object.fromEntries(second.map((f) => [f.pipeline, f.outcome]))).toEqual({
      [free.plan.pipeline]: 'started', [cooled.plan.pipeline]: 'cooldown',
    });
    expect(await runsOf(free.version.pipelineId)).toHaveLength(2);
    expect(await runsOf(cooled.version.pipelineId)).toHaveLength(1);
    const events = await listTriggerEvents(h.database.db, cooled.version.pipelineId);
    expect(events.map((e) => [e.key, e.outcome])).toEqual([
      [`drift:${endpoint}:${w2.start}`, 'cooldown'], [`drift:${endpoint}:${w1.start}`, 'started'],
    ]);

    // Through the API and its output: the run carries its cause, and the events list says what fired.
    const viewer = h.api.as('viewer');
    const listed = await viewer.run.list.query({ pipeline: free.plan.pipeline });
    expect(listed.items.map((r) => r.triggerDetails?.window?.start).sort()).toEqual([w1.start, w2.start]);
    const viaApi = await viewer.pipeline.triggerEvents.query({ name: cooled.plan.pipeline });
    expect(viaApi.map((e) => e.outcome)).toEqual(['cooldown', 'started']);
    // The endpoint's retraining runs, and from each alert the runs it started (w1's dataset alert: both pipelines).
    const retrains = await viewer.run.list.query({ endpoint });
    expect(retrains.items.map((r) => r.pipelineName).sort()).toEqual([cooled.plan.pipeline, free.plan.pipeline, free.plan.pipeline].sort());
    expect((await viewer.run.list.query({ endpoint: 'some-other-endpoint' })).items).toEqual([]);
    const alerts = await viewer.monitor.alerts.query({ endpoint });
    const chain = Object.fromEntries(alerts.map((a) => [`${a.windowId}/${a.subject ?? 'dataset'}`, a.retraining.map((r) => r.pipeline).sort()]));
    expect(chain).toEqual({
      [`${w1.windowId}/b`]: [free.plan.pipeline],
      [`${w1.windowId}/dataset`]: [cooled.plan.pipeline, free.plan.pipeline].sort(),
      [`${w2.windowId}/b`]: [free.plan.pipeline],
      [`${w2.windowId}/dataset`]: [free.plan.pipeline],
    });
    const [started] = alerts[0].retraining;
    expect(started).toMatchObject({ runId: expect.any(String), status: expect.any(String), versions: [] });
  }, 180_000);

  it('from the monitor workflow: drifted windows start one run within the cooldown, each window retried', async () => {
    const db = h.database.db;
    const endpoint = unique('loop');
    const training = trainingData();
    const version = await registerWithProfile(db, unique('loop-model'), training.profile);
    const v = { id: version.id, number: version.version };
    await upsertMonitor(db, { endpoint, spec: MonitorSpec.parse({ monitor: endpoint, window: '2s' }), actor: 'test' });
    const p = await save(pipeline(unique('loop-retrain'), `  - drift: { endpoint: ${endpoint} }`, '1h'));
    const handle = await h.client.workflow.start(ENDPOINT_MONITOR, {
      taskQueue: MONITOR_TASK_QUEUE, workflowId: monitorWorkflowId(endpoint), args: [{ endpoint }],
    });
    const log = createPredictionLog({ artifacts: h.store, inlineWriter: true, flushMs: 0 });
    const events = () => listTriggerEvents(db, p.version.pipelineId);
    try {
      // Shifted traffic (feature b) until two drifted windows have fired the trigger.
      let batch = 0;
      const deadline = Date.now() + 90_000;
      while ((await events()).length < 2) {
        if (Date.now() > deadline) throw new Error('no two trigger events within 90 s');
        const now = Date.now();
        for (const e of entries(training, { endpoint, n: 50, time: () => now, shift: 4, version: () => v, prefix: `b${batch++}` })) log.log(e);
        await log.flush();
        await sleep(200);
      }
    } finally {
      await log.close();
      await handle.signal(stopMonitorSignal, { actor: 'test' });
      await handle.result();
    }
    const fired = await events();
    expect(fired.filter((e) => e.outcome === 'started')).toHaveLength(1);
    expect(fired.filter((e) => e.outcome === 'cooldown').length).toBe(fired.length - 1);
    const windows = await listMonitorWindows(db, endpoint);
    for (const e of fired) expect(windows.map((w) => `drift:${endpoint}:${w.start}`)).toContain(e.key);
    expect(failedAfterCommit).toBeGreaterThanOrEqual(fired.length);
    const rs = await runsOf(p.version.pipelineId);
    expect(rs).toHaveLength(1);
    expect(rs[0]).toMatchObject({ trigger: 'drift', createdBy: 'monitor' });
    await claimed(rs[0].id);
  }, 180_000);

  it('fires a performance trigger on a labelled window past its bound, and not on one with too few labels', async () => {
    const endpoint = unique('perf-ep');
    const p = await save(pipeline(unique('perf'), `  - performance: { endpoint: ${endpoint}, metric: accuracy, below: 0.8, minLabelled: 50 }`));
    const few = await window(endpoint, '2026-01-02T09:00:00.000Z', { labelled: 10, accuracy: 0.2 });
    expect(await acts.fireWindowTriggers({ endpoint, ...few, alertIds: [] })).toEqual([]);
    const good = await window(endpoint, '2026-01-02T09:01:00.000Z', { labelled: 80, accuracy: 0.91 });
    expect(await acts.fireWindowTriggers({ endpoint, ...good, alertIds: [] })).toEqual([]);
    const bad = await window(endpoint, '2026-01-02T09:02:00.000Z', { labelled: 80, accuracy: 0.625 });
    const fired = await acts.fireWindowTriggers({ endpoint, ...bad, alertIds: [] });
    expect(fired.map((f) => [f.kind, f.outcome])).toEqual([['performance', 'started']]);
    const [run] = await runsOf(p.version.pipelineId);
    expect(run).toMatchObject({ trigger: 'performance' });
    expect(run.triggerDetails).toMatchObject({
      event: `performance:${endpoint}:${bad.start}`, metric: 'accuracy', value: 0.625, below: 0.8, labelled: 80,
      summary: `performance · ${endpoint} accuracy 0.625 below 0.8 in window 09:02`,
    });
    await claimed(run.id);
  }, 120_000);

  it('fires a polled data trigger once per content change, and keeps a Schedule polling the source', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'headrace-data-trigger-'));
    const file = join(dir, 'penguins.csv');
    writeFileSync(file, 'a,b\n1,2\n');
    const name = unique('data');
    const p = await save(pipeline(name, `  - data: { source: ${file}, every: 1h }`));
    const schedule = await h.client.schedule.getHandle(dataPollScheduleId(name)).describe();
    expect(schedule.spec.intervals?.[0]?.every).toBe(3_600_000);

    expect(await acts.pollDataSources({ pipeline: name })).toEqual([]); // the baseline
    expect(await acts.pollDataSources({ pipeline: name })).toEqual([]); // unchanged
    writeFileSync(file, 'a,b\n1,2\n3,4\n');
    const fired = await acts.pollDataSources({ pipeline: name });
    expect(fired.map((f) => [f.kind, f.outcome, f.created])).toEqual([['data', 'started', true]]);
    expect(await acts.pollDataSources({ pipeline: name })).toEqual([]); // the change is seen once
    writeFileSync(file, 'a,b\n1,2\n3,4\n'); // rewritten, same content
    expect(await acts.pollDataSources({ pipeline: name })).toEqual([]);
    // Back to the first content, then to the second again: each change fires, the second time too.
    writeFileSync(file, 'a,b\n1,2\n');
    expect((await acts.pollDataSources({ pipeline: name })).map((f) => f.outcome)).toEqual(['started']);
    writeFileSync(file, 'a,b\n1,2\n3,4\n');
    const again = await acts.pollDataSources({ pipeline: name });
    expect(again.map((f) => [f.outcome, f.created])).toEqual([['started', true]]);
    expect(again[0].runId).not.toBe(fired[0].runId);

    const rs = await runsOf(p.version.pipelineId);
    expect(rs).toHaveLength(3);
    expect(rs[0]).toMatchObject({ trigger: 'data' });
    expect(rs[0].triggerDetails).toMatchObject({ kind: 'data', source: file, summary: `data · ${file} changed` });
    await claimed(rs[0].id);

    // Through the Schedule: a poll it starts (triggered now rather than in an hour) sees the next change.
    writeFileSync(file, 'a,b\n5,6\n');
    await h.client.schedule.getHandle(dataPollScheduleId(name)).trigger();
    await expect.poll(async () => (await runsOf(p.version.pipelineId)).length, { timeout: 60_000 }).toBe(4);
    const [, , , fourth] = await runsOf(p.version.pipelineId);
    expect(fourth).toMatchObject({ trigger: 'data', createdBy: 'data' });
    await claimed(fourth.id);

    // Its data trigger removed: the Schedule goes with it.
    await save(pipeline(name, '  - manual: {}'));
    await expect(h.client.schedule.getHandle(dataPollScheduleId(name)).describe()).rejects.toThrow();
  }, 120_000);

  it('fires a webhook data trigger once per announced hash, for editors only', async () => {
    const name = unique('hook');
    const p = await save(pipeline(name, `  - data: { webhook: ${name} }`));
    const call = (role: 'viewer' | 'editor', body: unknown) => fetch(`${h.api.url}/v1/triggers/${name}`, {
      method: 'POST', headers: { authorization: `Bearer ${h.api.users[role].token}` }, body: JSON.stringify(body),
    });
    const viewer = await call('viewer', {});
    expect(viewer.status).toBe(403);
    const announced = { source: 'uploads/penguins-2026.csv', hash: 'f00d' };
    const first = await call('editor', announced);
    expect(first.status).toBe(202);
    const body = (await first.json()) as { firings: { outcome: string; created: boolean }[] };
    expect(body.firings.map((f) => [f.outcome, f.created])).toEqual([['started', true]]);
    const twice = (await (await call('editor', announced)).json()) as { firings: { created: boolean }[] };
    expect(twice.firings.map((f) => f.created)).toEqual([false]);
    const unknown = await fetch(`${h.api.url}/v1/triggers/${name}-nobody`, { method: 'POST', headers: { authorization: `Bearer ${h.api.users.editor.token}` } });
    expect(unknown.status).toBe(404);

    const rs = await runsOf(p.version.pipelineId);
    expect(rs).toHaveLength(1);
    expect(rs[0]).toMatchObject({ trigger: 'data', createdBy: 'editor-user' });
    expect(rs[0].triggerDetails).toMatchObject({ webhook: name, source: announced.source, hash: 'f00d', summary: 'data · uploads/penguins-2026.csv arrived' });
    await claimed(rs[0].id);

    // `headrace triggers`: the event, what caused it and the run it started; --json is pipeline.triggerEvents.
    const env = { HEADRACE_URL: h.api.url, HEADRACE_TOKEN: h.api.users.viewer.token, XDG_CONFIG_HOME: join(h.home, 'cli-config'), NO_COLOR: '1' };
    const text = await headrace(['triggers', name], env);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\d [\\d:]{8}  data · uploads/penguins-2026\\.csv arrived  started run ${rs[0].id.slice(0, 8)}$`, 'm'));
    const json = await headrace(['triggers', name, '--json'], env);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject([{ kind: 'data', outcome: 'started', runId: rs[0].id, key: `data:webhook/${name}:f00d` }]);
    const none = await headrace(['triggers', p.plan.pipeline.replace('hook', 'nope')], env);
    expect(none.code).not.toBe(0);
  }, 120_000);
});
