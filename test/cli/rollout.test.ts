// `headrace deploy --strategy canary|split|shadow`, `headrace promote-variant`, `headrace rollback` of a rolling
// canary and the rollout's events in `headrace endpoints NAME`, against a real API, Temporal and worker.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headrace } from '../helpers/cli';
import { startHarness, type Harness } from '../helpers/harness';
import { registerLogistic } from '../serving/server-fixtures';

let h: Harness;
let dir: string;
let editor: Record<string, string>;
const m = `clirollout${process.pid}`;
const cli = (args: string[]) => headrace(args, editor);

beforeAll(async () => {
  h = await startHarness({ api: true });
  dir = mkdtempSync(join(tmpdir(), 'headrace-cli-rollout-'));
  editor = { HEADRACE_URL: h.api.url, XDG_CONFIG_HOME: join(dir, 'config'), HEADRACE_HOME: join(dir, 'home'), HEADRACE_TOKEN: h.api.users.editor.token };
  await registerLogistic(h.database.db, h.store, m, [1, 2, 3]);
});

afterAll(async () => {
  await h?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('rollouts from the CLI', () => {
  it('starts a canary, shows its events, promotes it; splits with a sticky header; rolls a canary back', async () => {
    expect((await cli(['deploy', 'scoring', `${m}@1`])).code).toBe(0);
    const canary = await cli(['deploy', 'scoring', `${m}@2`, '--strategy', 'canary', '--steps', '50,100', '--interval', '1h', '--max-error-rate', '0.02', '--max-latency-p99', '40', '--json']);
    expect(canary.code, canary.stderr).toBe(0);
    const d = JSON.parse(canary.stdout);
    expect(d).toMatchObject({ number: 2, strategy: 'canary', config: { canary: { steps: [50, 100], intervalMs: 3_600_000, maxErrorRate: 0.02, maxLatencyP99Ms: 40 } } });
    expect(['pending', 'rolling']).toContain(d.status);

    const promoted = await cli(['promote-variant', 'scoring', `${m}-v2`, '--reason', 'looks right']);
    expect(promoted.code, promoted.stderr).toBe(0);
    expect(promoted.stdout.trim()).toBe(`scoring: ${m}-v2 takes all the traffic (deployment #2, active), serving ${m}@2 (staging) 100%`);
    const shown = await cli(['endpoints', 'scoring']);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain('rollout of deployment #2 (canary, active)');
    expect(shown.stdout).toMatch(/^[\d\- :]+ +promote +the canary .* takes all the traffic: promoted by editor-user \(looks right\)$/m);
    expect(shown.stdout).toMatch(/^[\d\- :]+ +succeeded +deployment #2 of scoring is active/m);

    const split = await cli(['deploy', 'scoring', `${m}@1`, '--strategy', 'split', '--variant', `${m}@3=30`, '--sticky-header', 'x-user', '--wait']);
    expect(split.code, split.stderr).toBe(0);
    expect(split.stdout.trim()).toBe(`scoring: deployment #3 (split) serves ${m}@1 (staging) 70%, ${m}@3 (staging) 30%`);
    const badVariant = await cli(['deploy', 'scoring', `${m}@1`, '--strategy', 'split', '--variant', `${m}@3`]);
    expect(badVariant.code).toBe(2);
    expect(badVariant.stderr).toContain('MODEL@VERSION=WEIGHT');

    const again = await cli(['deploy', 'scoring', `${m}@2`, '--strategy', 'shadow', '--sample', '10']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(new RegExp(`^scoring: deployment #4 \\(shadow\\) serves ${m}@1 \\(staging\\) 70%, ${m}@3 \\(staging\\) 30%, ${m}@2 \\(staging\\) shadow 10%`));

    const rolling = await cli(['deploy', 'other', `${m}@1`]);
    expect(rolling.code).toBe(0);
    expect((await cli(['deploy', 'other', `${m}@3`, '--strategy', 'canary', '--interval', '1h'])).code).toBe(0);
    const back = await cli(['rollback', 'other', '--reason', 'not now']);
    expect(back.code, back.stderr).toBe(0);
    expect(back.stdout.trim()).toMatch(new RegExp(`^other: rolled back #2 to #1 \\(now deployment #(1|3)\\), serving ${m}@1 \\(staging\\) 100%$`));
    const events = await cli(['endpoints', 'other']);
    expect(events.stdout).toContain('rollout of deployment #2 (canary, rolled_back)');
    expect(events.stdout).toMatch(/^[\d\- :]+ +rollback +not now$/m);
  });
});
