// `headrace deploy`, `headrace endpoints`, `headrace rollback` against a real API (auth required): the human and
// --json outputs, and one-sentence errors with their exit codes (2 refused, 3 role).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headrace } from '../helpers/cli';
import { startHarness, type Harness } from '../helpers/harness';
import { emptyLatencyCounts, latencyBucket, recordServingWindows } from '../../server/db/repo/serving-windows';
import { fixtureModel, type FixtureModel } from '../serving/deployments-fixtures';

let h: Harness;
let dir: string;
let m: FixtureModel;
let editor: Record<string, string>;
let viewer: Record<string, string>;
const cli = (args: string[], env = editor) => headrace(args, env);

beforeAll(async () => {
  h = await startHarness({ api: true });
  dir = mkdtempSync(join(tmpdir(), 'headrace-cli-endpoints-'));
  const base = { HEADRACE_URL: h.api.url, XDG_CONFIG_HOME: join(dir, 'config'), HEADRACE_HOME: join(dir, 'home') };
  editor = { ...base, HEADRACE_TOKEN: h.api.users.editor.token };
  viewer = { ...base, HEADRACE_TOKEN: h.api.users.viewer.token };
  m = await fixtureModel(h.database.db, 'cli', ['staging', 'production', 'none'], { champion: 2 }, h.store);
});

afterAll(async () => {
  await h?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('deploy, endpoints, rollback', () => {
  it('deploys by version and alias, lists, shows one endpoint, and rolls back', async () => {
    const empty = await cli(['endpoints'], viewer);
    expect(empty.code, empty.stderr).toBe(0);
    expect(empty.stdout.trim()).toBe('no endpoints yet (headrace deploy ENDPOINT MODEL@VERSION makes one)');

    const first = await cli(['deploy', 'scoring', `${m.name}@1`, '--reason', 'launch']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout.trim()).toBe(`scoring: deployment #1 (replace) serves ${m.name}@1 (staging) 100% — new endpoint`);
    const second = await cli(['deploy', 'scoring', `${m.name}@champion`, '--strategy', 'replace', '--json']);
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ endpoint: 'scoring', number: 2, strategy: 'replace', endpointCreated: false, variants: [{ model: m.name, version: 2, stage: 'production', weight: 100, role: 'primary' }] });

    // Health: what predict servers reported over the last minutes (two servers' windows, as they flush them).
    const deployment = JSON.parse(second.stdout) as { id: string };
    const counts = emptyLatencyCounts();
    counts[latencyBucket(3)] = 291;
    counts[latencyBucket(40)] = 9;
    const end = new Date();
    await recordServingWindows(h.database.db, ['a:1', 'b:2'].map((server) => ({
      endpoint: 'scoring', deploymentId: deployment.id, variant: `${m.name}-v2`, role: 'primary' as const, modelVersionId: null, server,
      windowStart: new Date(end.getTime() - 5000), windowEnd: end, requests: 300, errors: 3, latencyCounts: counts, latencySumMs: 1000,
    })));
    const list = await cli(['endpoints'], viewer);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^ENDPOINT +DEPLOYMENT +STRATEGY +SERVES +REQ\/S +P99 +ERRORS +UPDATED$/m);
    // 600 requests in 5 minutes: 2.00 req/s; 18 of the 600 (3 %) above 3 ms put the p99 in the 40 ms bucket.
    expect(list.stdout).toMatch(new RegExp(`^scoring +#2 +replace +${m.name}@2 \\(production\\) 100% +2\\.00 +≤40 ms +6 \\(1\\.0%\\) +\\d{4}-`, 'm'));
    const listJson = JSON.parse((await cli(['endpoints', '--json'], viewer)).stdout);
    const scoring = listJson.find((e: { name: string }) => e.name === 'scoring');
    expect(scoring.current.number).toBe(2);
    expect(scoring.health).toMatchObject({ minutes: 5, requests: 600, errors: 6, p99Ms: 40 });

    const back = await cli(['rollback', 'scoring', '--reason', 'v2 drifts']);
    expect(back.code, back.stderr).toBe(0);
    expect(back.stdout.trim()).toBe(`scoring: rolled back #2 to #1 (now deployment #3), serving ${m.name}@1 (staging) 100%`);

    const one = await cli(['endpoints', 'scoring'], viewer);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toContain('scoring  deployment #3 (replace, active)');
    // Version 1 serves again and no predict server has reported on it: no health yet.
    expect(one.stdout).toMatch(new RegExp(`^${m.name}-v1 +primary +100% +${m.name} +1 +staging +— +— +—$`, 'm'));
    expect(one.stdout).toMatch(/^3 +replace +active +.* +editor-user +\d{4}-[\d:\- ]+ +v2 drifts$/m);
    expect(one.stdout).toMatch(/^2 +replace +rolled_back +/m);
    expect(one.stdout).toMatch(/^1 +replace +superseded +.*launch$/m);
    const oneJson = JSON.parse((await cli(['endpoints', 'scoring', '--json'], viewer)).stdout);
    expect(oneJson.history.map((d: { number: number }) => d.number)).toEqual([3, 2, 1]);
    expect(oneJson.health.variants).toEqual([expect.objectContaining({ variant: `${m.name}-v2`, requests: 600, errors: 6, servers: 2 })]);
  });

  it('refuses in one sentence with the exit code of its kind', async () => {
    const stage = await cli(['deploy', 'refused', `${m.name}@3`]);
    expect(stage.code).toBe(2);
    expect(stage.stderr.trim()).toBe(`headrace: CONFLICT: ${m.name}@3 is in stage none and only staging or production versions take traffic: promote it first (headrace promote ${m.name} 3 staging --reason TEXT)`);
    const noVersion = await cli(['deploy', 'refused', `${m.name}@7`, '--json']);
    expect(noVersion.code).toBe(2);
    expect(JSON.parse(noVersion.stderr).error).toEqual({ code: 'NOT_FOUND', message: `NOT_FOUND: model ${m.name} has no version 7`, exit: 2 });
    const bare = await cli(['deploy', 'refused', m.name]);
    expect(bare.code).toBe(2);
    expect(bare.stderr.trim().split('\n')).toHaveLength(1);
    expect(bare.stderr).toMatch(/^headrace: endpoint\.deploy: model\b.*MODEL@VERSION, MODEL@STAGE or MODEL@ALIAS/);
    const strategy = await cli(['deploy', 'refused', `${m.name}@1`, '--strategy', 'canary']);
    expect(strategy.code).toBe(2);
    expect(strategy.stderr.trim()).toBe('headrace: BAD_REQUEST: strategy canary compares the new version with the one serving now, and endpoint refused serves nothing yet: deploy first with strategy replace, then roll out by canary');
    const byViewer = await cli(['deploy', 'refused', `${m.name}@1`], viewer);
    expect(byViewer.code).toBe(3);
    expect(byViewer.stderr.trim()).toBe('headrace: FORBIDDEN: needs role editor; viewer-user is viewer');
    const nothing = await cli(['rollback', 'nowhere']);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr.trim()).toBe('headrace: NOT_FOUND: no endpoint named nowhere');
    const unknown = await cli(['endpoints', 'nowhere'], viewer);
    expect([unknown.code, unknown.stderr.trim()]).toEqual([2, 'headrace: NOT_FOUND: no endpoint named nowhere']);
  });
});
