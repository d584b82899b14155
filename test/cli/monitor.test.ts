// Monitor files through the CLI against a real API (auth required) and Temporal: `validate` and `apply` take them
// beside pipelines (all or nothing), `monitors` lists them, and `monitor ENDPOINT` prints the stored windows and
// alerts (human and the documented --json shape, newest window last); `schema monitor` is the checked-in schema.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { getMonitor } from '../../server/db/repo/monitors';
import { models, modelVersions } from '../../server/db/schema';
import { profileCategorical, profileNumeric, type DataProfile } from '../../server/monitoring/stats';
import { createPredictionLog } from '../../server/serving/prediction-log';
import { monitorWorkflowId } from '../../server/temporal/contract';
import { headrace } from '../helpers/cli';
import { startHarness, type Harness } from '../helpers/harness';
import { monitorSource, storeWindows } from '../monitoring/monitor-fixtures';
import { fixtureModel } from '../serving/deployments-fixtures';
import { tinyPipeline } from './fixtures';

let h: Harness;
let dir: string;
let editor: Record<string, string>;
let viewer: Record<string, string>;
const rel = (p: string) => relative(process.cwd(), join(dir, p));
const write = (p: string, text: string) => {
  mkdirSync(join(dir, p, '..'), { recursive: true });
  writeFileSync(join(dir, p), text);
};
const cli = (args: string[], env = editor) => headrace(args, env);
const offline = { HEADRACE_URL: 'http://127.0.0.1:9', HEADRACE_DATA_ROOTS: tmpdir() };

beforeAll(async () => {
  h = await startHarness({ api: true });
  dir = mkdtempSync(join(tmpdir(), 'headrace-cli-monitor-'));
  const base = { HEADRACE_URL: h.api.url, XDG_CONFIG_HOME: join(dir, 'config'), HEADRACE_HOME: join(dir, 'home') };
  editor = { ...base, HEADRACE_TOKEN: h.api.users.editor.token };
  viewer = { ...base, HEADRACE_TOKEN: h.api.users.viewer.token };
});

afterAll(async () => {
  await h?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('monitor files in validate and apply', () => {
  it('validate checks monitor files beside pipelines, offline, and names a bad one FILE:LINE:COL', async () => {
    write('v/pipelines/a.pipeline.yaml', tinyPipeline('cli-mon-a'));
    write('v/monitors/scoring.monitor.yaml', monitorSource('cli-scoring'));
    const ok = await headrace(['validate', join(dir, 'v')], offline);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout.trim().split('\n')).toEqual([
      `ok ${rel('v/pipelines/a.pipeline.yaml')}: pipeline "cli-mon-a", 2 steps`,
      `ok ${rel('v/monitors/scoring.monitor.yaml')}: monitor of endpoint "cli-scoring", window 1h`,
    ]);

    write('v/monitors/broken.monitor.yaml', 'monitor: cli-broken\nwindow: soon\n');
    const bad = await headrace(['validate', join(dir, 'v')], offline);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`${rel('v/monitors/broken.monitor.yaml')}:2:9: error: 'window' must be a duration like "30s", "10m", "1h" or "2d", got "soon"`);
    expect(bad.stderr).toContain('1 error(s) in 1 of 3 file(s)');
    const json = JSON.parse((await headrace(['validate', join(dir, 'v'), '--json'], offline)).stdout);
    expect(json.ok).toBe(false);
    expect(json.files.find((f: { file: string }) => f.file.endsWith('broken.monitor.yaml'))).toMatchObject({ monitor: 'cli-broken', ok: false, diagnostics: [{ line: 2, col: 9 }] });

    write('dupes/one.monitor.yaml', monitorSource('cli-same'));
    write('dupes/two.monitor.yaml', monitorSource('cli-same'));
    const dupes = await headrace(['validate', join(dir, 'dupes')], offline);
    expect(dupes.code).toBe(1);
    expect(dupes.stderr).toContain(`${rel('dupes/two.monitor.yaml')}:1:10: error: endpoint "cli-same" is also watched by ${rel('dupes/one.monitor.yaml')}`);
  });

  it('apply saves pipelines and monitors, starts the monitor, and is idempotent', async () => {
    write('repo/penguins.pipeline.yaml', tinyPipeline('cli-mon-pipe'));
    write('repo/penguins.monitor.yaml', monitorSource('cli-watched'));
    const first = await cli(['apply', join(dir, 'repo')]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^created +cli-mon-pipe v1 /m);
    expect(first.stdout).toContain(`created   monitor cli-watched v1 (${rel('repo/penguins.monitor.yaml')})`);
    const row = await getMonitor(h.database.db, 'cli-watched');
    expect(row).toMatchObject({ version: 1, origin: rel('repo/penguins.monitor.yaml'), createdBy: 'editor-user' });
    expect((await h.client.workflow.getHandle(monitorWorkflowId('cli-watched')).describe()).type).toBe('endpointMonitor');

    write('repo/penguins.monitor.yaml', monitorSource('cli-watched').replace('window: 1h', 'window: 10m'));
    const again = await cli(['apply', join(dir, 'repo'), '--json']);
    expect(again.code, again.stderr).toBe(0);
    const out = JSON.parse(again.stdout);
    expect(out.saved.map((s: { name: string; status: string }) => [s.name, s.status])).toEqual([['cli-mon-pipe', 'unchanged']]);
    expect(out.monitors).toEqual([{ file: rel('repo/penguins.monitor.yaml'), endpoint: 'cli-watched', status: 'updated', version: 2, workflowId: monitorWorkflowId('cli-watched') }]);
  });

  it('saves nothing when a monitor file is invalid, nor when the token may not apply', async () => {
    write('mixed/good.pipeline.yaml', tinyPipeline('cli-mon-never'));
    write('mixed/bad.monitor.yaml', 'monitor: cli-never\nquality: { accuracy: { severity: critical } }\n');
    const r = await cli(['apply', join(dir, 'mixed')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${rel('mixed/bad.monitor.yaml')}:2:22: error: 'quality.accuracy': a bound needs min or max`);
    expect(r.stderr).toContain('nothing was saved');
    expect(r.stdout).toBe('');
    await expect(h.api.as('viewer').pipeline.get.query({ name: 'cli-mon-never' })).rejects.toMatchObject({ data: { code: 'NOT_FOUND' } });
    expect(await getMonitor(h.database.db, 'cli-never')).toBeUndefined();

    write('denied/only.monitor.yaml', monitorSource('cli-denied'));
    const denied = await cli(['apply', join(dir, 'denied')], viewer);
    expect(denied.code).toBe(3);
    expect(denied.stderr).toContain('FORBIDDEN');
    expect(await getMonitor(h.database.db, 'cli-denied')).toBeUndefined();
  });
});

describe('headrace monitors and headrace monitor', () => {
  it('lists the monitors, and prints the stored windows and alerts of one, newest last', async () => {
    const endpoint = 'cli-shown';
    write('shown.monitor.yaml', monitorSource(endpoint));
    expect((await cli(['apply', join(dir, 'shown.monitor.yaml')])).code).toBe(0);
    const starts = await storeWindows(h.database.db, endpoint, 3);

    const list = await cli(['monitors'], viewer);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^ENDPOINT +VERSION +WINDOW +LAST WINDOW +ROWS +DRIFT +LAST ALERT$/m);
    expect(list.stdout).toMatch(/^cli-shown +v1 +1h +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d +100 +yes: Body Mass \(g\) +.* critical: Body Mass \(g\) drifted/m);
    const listJson = JSON.parse((await cli(['monitors', '--json'], viewer)).stdout);
    expect(listJson.find((m: { endpoint: string }) => m.endpoint === endpoint)).toMatchObject({ version: 1, window: '1h' });

    const json = await cli(['monitor', endpoint, '--json'], viewer);
    expect(json.code, json.stderr).toBe(0);
    const out = JSON.parse(json.stdout);
    expect(Object.keys(out)).toEqual(['endpoint', 'windows', 'alerts']);
    expect(out.endpoint).toBe(endpoint);
    expect(out.windows.map((w: { start: string }) => w.start)).toEqual(starts.map((s) => s.toISOString()));
    const newest = out.windows[2];
    expect(newest).toMatchObject({ rows: 100, dataset: { drifted: true }, quality: { labelled: 40, accuracy: 0.8 }, health: { requests: 100, p99Ms: 10 } });
    expect(newest.features['Body Mass (g)']).toMatchObject({ psi: 0.9, ks: { statistic: 0.4, pvalue: 1e-9 }, drifted: true });
    expect(newest.features.Island).toMatchObject({ chi2: { statistic: 1.5, pvalue: 0.47 }, drifted: false });
    expect(out.alerts).toEqual([expect.objectContaining({ kind: 'drift', severity: 'critical', subject: 'Body Mass (g)' })]);

    const human = await cli(['monitor', endpoint], viewer);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain(`${endpoint}: 3 stored window(s), newest last`);
    expect(human.stdout).toMatch(/^ {2}FEATURE +KIND +ROWS +PSI +JS +TEST +P-VALUE +DRIFTED$/m);
    expect(human.stdout).toMatch(/^ {2}Body Mass \(g\) +numeric +100 +0\.900 +0\.450 +ks 0\.4000 +1\.0e-9 +yes \(psi, ks\)$/m);
    expect(human.stdout).toMatch(/^ {2}Island +categorical +100 +0\.010 +0\.020 +chi2 1\.5000 +0\.4700 +no$/m);
    expect(human.stdout).toContain('quality: 40 labelled row(s), accuracy 0.800, F1 macro 0.780, log loss 0.200');
    expect(human.stdout).toContain('health: 100 request(s), 1 error(s) (1.0%), p50 ≤2 ms, p95 ≤5 ms, p99 ≤10 ms');
    expect(human.stdout).toMatch(/^alerts \(1\)$/m);

    const limited = JSON.parse((await cli(['monitor', endpoint, '--limit', '1', '--json'], viewer)).stdout);
    expect(limited.windows.map((w: { start: string }) => w.start)).toEqual([starts[2].toISOString()]);
  });

  it('--since also computes one window now over the prediction log, last, against the served version\'s profile', async () => {
    const endpoint = 'cli-live';
    write('live.monitor.yaml', monitorSource(endpoint));
    expect((await cli(['apply', join(dir, 'live.monitor.yaml')])).code).toBe(0);
    // A version whose training profile is x ~ uniform on [0, 1) and y in {a, b}; the window's x is shifted by 5.
    const m = await fixtureModel(h.database.db, 'clilive', ['staging'], {}, h.store);
    const [version] = await h.database.db.select({ id: modelVersions.id }).from(modelVersions).innerJoin(models, eq(models.id, modelVersions.modelId)).where(eq(models.name, m.name));
    const reference = Array.from({ length: 2000 }, (_, i) => ((i * 7919) % 2000) / 2000);
    const profile: DataProfile = {
      version: 1, rows: 2000,
      features: { x: profileNumeric(reference), y: profileCategorical(reference.map((v) => (v < 0.5 ? 'a' : 'b'))) },
      target: profileCategorical(reference.map((v) => (v < 0.5 ? 'yes' : 'no'))),
    };
    await h.database.db.update(modelVersions).set({ profile }).where(eq(modelVersions.id, version.id));
    const log = createPredictionLog({ dir: join(h.home, 'predictions'), inlineWriter: true, flushMs: 0 });
    const now = Date.now();
    for (let i = 0; i < 300; i++) {
      const v = reference[i * 5];
      log.log({
        requestId: `cli-live-${i}`, time: now - 60_000 + i, endpoint, variant: 'primary', modelVersionId: version.id, modelVersion: 1, latencyMs: 1,
        features: [{ x: v + 5, y: v < 0.5 ? 'a' : 'b' }], predictions: [{ label: v < 0.5 ? 'yes' : 'no' }],
      });
    }
    await log.close();

    const r = await cli(['monitor', endpoint, '--since', '1h', '--json'], viewer);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    const live = out.windows.at(-1);
    expect(live).toMatchObject({ onDemand: true, rows: 300, modelVersionId: version.id, model: `${m.name}@1` });
    expect(new Date(live.end).getTime() - new Date(live.start).getTime()).toBe(3600_000);
    expect(live.features.x).toMatchObject({ kind: 'numeric', drifted: true });
    expect(live.features.y).toMatchObject({ kind: 'categorical', drifted: false });
    expect(live.dataset.driftedFeatures).toEqual(['x']);

    const human = await cli(['monitor', endpoint, '--since', '1h'], viewer);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain(`${endpoint}: 0 stored window(s), newest last, over the last 1h`);
    expect(human.stdout).toMatch(/computed now over the last 1h \(.*\) +300 rows +model clilive-\w+@1/);
    expect(human.stdout).toMatch(/^ {2}x +numeric +300 +.* yes \(/m);
  });

  it('refuses an unknown endpoint (exit 2) and a malformed --since (exit 2)', async () => {
    const unknown = await cli(['monitor', 'cli-nowhere'], viewer);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('NOT_FOUND: no endpoint or monitor named cli-nowhere');
    const since = await cli(['monitor', 'cli-shown', '--since', 'yesterday'], viewer);
    expect(since.code).toBe(2);
    expect(since.stderr).toContain('a duration');
  });
});

describe('headrace schema monitor', () => {
  it('prints exactly the checked-in headrace.monitor.schema.json', async () => {
    const r = await headrace(['schema', 'monitor'], offline);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(readFileSync('headrace.monitor.schema.json', 'utf8'));
    expect(JSON.parse(r.stdout).required).toEqual(['monitor']);
  });
});
