// endpointMonitor on a real Temporal dev server with a real worker, on PGlite (retraining-triggers.test.ts runs the
// monitor workflow on PostgreSQL too): a 2 s window over a
// prediction log receiving rows whose feature b is shifted stores consecutive windows with b drifted, each drift
// alert raised once per window although every window's activity is retried after its commit, the progress query,
// and the stop signal; and the penguins pipeline's registered version carries its training profile.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Context } from '@temporalio/activity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MonitorSpec } from '../../dsl/monitor';
import { listAlerts, listMonitorWindows, upsertMonitor } from '../../server/db/repo/monitors';
import { getModelVersion } from '../../server/db/repo/registry';
import type { DataProfile, NumericProfile } from '../../server/monitoring/stats/types';
import { createPredictionLog } from '../../server/serving/prediction-log';
import { startRun } from '../../server/services/runs';
import {
  ENDPOINT_MONITOR, MONITOR_TASK_QUEUE, monitorProgressQuery, monitorSpecChangedSignal, monitorWorkflowId, stopMonitorSignal,
  type MonitorProgress,
} from '../../server/temporal/contract';
import { WINDOWS_PER_RUN, type MonitorResult } from '../../workers/workflows/monitor';
import { startHarness, type Harness } from '../helpers/harness';
import { entries, registerWithProfile, trainingData } from '../monitoring/window-fixtures';

const exampleDir = resolve('examples/penguins');
const penguins = readFileSync(resolve(exampleDir, 'pipeline.yaml'), 'utf8');

let n = 0;
const unique = (prefix: string) => `${prefix}-${process.pid}-${Date.now().toString(36)}-${n++}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each([
  ['PGlite', () => 'memory://'],
])('endpointMonitor on %s', (_label, url) => {
  let h: Harness;
  /** Attempts of monitorWindow that failed after their commit. */
  let failedAfterCommit = 0;

  beforeAll(async () => {
    h = await startHarness({
      databaseUrl: url(),
      // Fault injection: for an endpoint named "mon-…", every window's first attempt stores the window and raises
      // its alerts, then fails.
      activities: (base) => ({
        ...base,
        async monitorWindow(input: Parameters<typeof base.monitorWindow>[0]) {
          const done = await base.monitorWindow(input);
          if (input.endpoint.startsWith('mon-') && Context.current().info.attempt === 1) {
            failedAfterCommit++;
            throw new Error('transient: connection reset by peer');
          }
          return done;
        },
      }),
    });
  }, 120_000);

  afterAll(async () => {
    await h?.stop();
  });

  it('stores a window every 2 s, raises each alert once per window despite retries, and stops on a signal', async () => {
    const db = h.database.db;
    const endpoint = unique('mon');
    const training = trainingData();
    const version = await registerWithProfile(db, unique('mon-model'), training.profile);
    const v = { id: version.id, number: version.version };
    await upsertMonitor(db, { endpoint, spec: MonitorSpec.parse({ monitor: endpoint, window: '2s' }), actor: 'test' });

    const handle = await h.client.workflow.start(ENDPOINT_MONITOR, {
      taskQueue: MONITOR_TASK_QUEUE, workflowId: monitorWorkflowId(endpoint), args: [{ endpoint }],
    });
    const log = createPredictionLog({ artifacts: h.store, inlineWriter: true, flushMs: 0 });
    try {
      // Shifted traffic until three windows holding it are stored: 50 rows a batch, a batch every 200 ms.
      let batch = 0;
      const full = async () => (await listMonitorWindows(db, endpoint)).filter((w) => w.rows >= 50).length;
      const deadline = Date.now() + 90_000;
      while ((await full()) < 3) {
        if (Date.now() > deadline) throw new Error('no three windows with traffic within 90 s');
        const now = Date.now();
        for (const e of entries(training, { endpoint, n: 50, time: () => now, shift: 4, version: () => v, prefix: `b${batch++}` })) log.log(e);
        await log.flush();
        await sleep(200);
      }
    } finally {
      await log.close();
    }

    // The third window is stored by its first attempt; the workflow counts it once the retry has answered.
    const progressOf = () => handle.query<MonitorProgress>(monitorProgressQuery);
    await expect.poll(async () => (await progressOf()).windows, { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
    const progress = await progressOf();
    expect(progress.endpoint).toBe(endpoint);
    expect(progress.lastError).toBeUndefined();

    await handle.signal(stopMonitorSignal, { actor: 'test' });
    const result = (await handle.result()) as MonitorResult;
    expect(result.reason).toBe('stopped by test');

    const windows = await listMonitorWindows(db, endpoint);
    expect(windows.length).toBe(result.windows);
    // Consecutive 2 s windows, each stored once.
    for (const [i, w] of windows.entries()) {
      expect(Date.parse(w.end) - Date.parse(w.start)).toBe(2000);
      if (i > 0) expect(w.start).toBe(windows[i - 1].end);
    }
    const withTraffic = windows.filter((w) => w.rows >= 50);
    expect(withTraffic.length).toBeGreaterThanOrEqual(3);
    for (const w of withTraffic) {
      expect(w.modelVersionId).toBe(v.id);
      expect(w.features.b.drifted).toBe(true);
      expect(w.features.a.drifted).toBe(false);
    }

    // Every window's activity failed once after its commit and ran again: still one alert per window and subject.
    expect(failedAfterCommit).toBeGreaterThanOrEqual(windows.length);
    const alerts = await listAlerts(db, endpoint);
    expect(new Set(alerts.map((a) => a.dedupKey)).size).toBe(alerts.length);
    for (const w of windows) {
      const drift = alerts.filter((a) => a.windowId === w.id && a.kind === 'drift' && a.subject === 'b');
      expect(drift.length, `drift alerts of the window ${w.start}`).toBe(w.features.b?.drifted ? 1 : 0);
      if (drift.length > 0) expect(drift[0].dedupKey).toBe(`${endpoint}/${w.start}/drift/b`);
    }
  }, 150_000);

  it('reloads a changed spec before its next window', async () => {
    const db = h.database.db;
    const endpoint = unique('monspec');
    await upsertMonitor(db, { endpoint, spec: MonitorSpec.parse({ monitor: endpoint, window: '1h' }) });
    const handle = await h.client.workflow.start(ENDPOINT_MONITOR, {
      taskQueue: MONITOR_TASK_QUEUE, workflowId: monitorWorkflowId(endpoint), args: [{ endpoint }],
    });
    const nextEnd = async () => (await handle.query<MonitorProgress>(monitorProgressQuery)).nextWindowEnd;
    await expect.poll(nextEnd, { timeout: 30_000 }).toBeDefined();
    const firstEnd = Date.parse((await nextEnd())!);

    const { row } = await upsertMonitor(db, { endpoint, spec: MonitorSpec.parse({ monitor: endpoint, window: '2s' }) });
    await handle.signal(monitorSpecChangedSignal, { version: row.version });
    await expect.poll(async () => (await listMonitorWindows(db, endpoint)).length, { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
    await handle.signal(stopMonitorSignal, { actor: 'test' });
    await handle.result();

    const [w] = await listMonitorWindows(db, endpoint);
    // The window in progress kept its start and took the new length: an hour became two seconds.
    expect(Date.parse(w.end) - Date.parse(w.start)).toBe(2000);
    expect(firstEnd - Date.parse(w.start)).toBe(3_600_000);
    expect(w.rows).toBe(0);
  }, 120_000);

  it(`continues as new after ${WINDOWS_PER_RUN} windows without a gap between its runs`, async () => {
    const db = h.database.db;
    const endpoint = unique('moncan');
    await upsertMonitor(db, { endpoint, spec: MonitorSpec.parse({ monitor: endpoint, window: '100ms' }) });
    const handle = await h.client.workflow.start(ENDPOINT_MONITOR, {
      taskQueue: MONITOR_TASK_QUEUE, workflowId: monitorWorkflowId(endpoint), args: [{ endpoint }],
    });
    const firstRun = handle.firstExecutionRunId;
    await expect.poll(async () => (await listMonitorWindows(db, endpoint)).length, { timeout: 100_000, interval: 500 })
      .toBeGreaterThan(WINDOWS_PER_RUN + 5);
    const latest = h.client.workflow.getHandle(monitorWorkflowId(endpoint));
    expect((await latest.describe()).runId).not.toBe(firstRun);
    await latest.signal(stopMonitorSignal, { actor: 'test' });
    const result = (await latest.result()) as MonitorResult;
    expect(result.reason).toBe('stopped by test');

    const windows = await listMonitorWindows(db, endpoint);
    for (const [i, w] of windows.entries()) {
      expect(Date.parse(w.end) - Date.parse(w.start)).toBe(100);
      if (i > 0) expect(w.start, `window ${i}`).toBe(windows[i - 1].end);
    }
    // The runs together computed every stored window: WINDOWS_PER_RUN each before a hand-over, the rest the last.
    const handedOver = windows.length - result.windows;
    expect(handedOver).toBeGreaterThanOrEqual(WINDOWS_PER_RUN);
    expect(handedOver % WINDOWS_PER_RUN).toBe(0);
  }, 150_000);

  it('ends at once for an endpoint without a monitor', async () => {
    const endpoint = unique('nomon');
    const result = await h.client.workflow.execute(ENDPOINT_MONITOR, {
      taskQueue: MONITOR_TASK_QUEUE, workflowId: monitorWorkflowId(endpoint), args: [{ endpoint }],
    }) as MonitorResult;
    expect(result).toEqual({ endpoint, windows: 0, reason: `no monitor for endpoint ${endpoint}` });
  });

  it('registers the penguins pipeline\'s model with the profile of its training table', async () => {
    const name = unique('penguins-profile');
    const source = penguins
      .replace(/^name: penguins$/m, `name: ${name}`)
      .replace('with: { name: penguins,', `with: { name: ${name},`)
      .replace('with: { endpoint: penguins }', `with: { endpoint: ${name} }`);
    const run = await startRun(h.svc, { source, baseDir: exampleDir, author: 'test' });
    await h.client.workflow.getHandle(run.workflowId).result();
    const version = (await getModelVersion(h.database.db, name, 1))!;
    const profile = version.profile as DataProfile;
    const rows = Number(version.runtime.rows);
    expect(rows).toBeGreaterThan(200);
    expect(profile.version).toBe(1);
    expect(profile.rows).toBe(rows);
    const features = ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)'];
    expect(Object.keys(profile.features).sort()).toEqual([...features].sort());
    for (const f of features) {
      const p = profile.features[f] as NumericProfile;
      expect(p.kind, f).toBe('numeric');
      expect(p.count, f).toBe(rows);
      expect(p.nulls, f).toBe(0);
      expect(p.quantiles, f).toHaveLength(1001);
      expect(p.quantiles[0], f).toBe(p.min);
      expect(p.quantiles[p.quantiles.length - 1], f).toBe(p.max);
      expect(p.counts.reduce((a, b) => a + b, 0), f).toBe(rows);
    }
    expect((profile.features['Body Mass (g)'] as NumericProfile).min).toBeGreaterThanOrEqual(2000);
    const target = profile.target!;
    expect(target.kind).toBe('categorical');
    if (target.kind !== 'categorical') return;
    expect(Object.keys(target.counts).sort()).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
    expect(Object.values(target.counts).reduce((a, b) => a + b, 0)).toBe(rows);
  }, 150_000);
});
