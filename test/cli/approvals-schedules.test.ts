// The CLI's commands for long-lived runs against a real API (auth required, real Temporal, real worker):
// `runs` with its filters, `status` showing skipped steps and waiting approvals, `approve` / `reject`,
// `schedule show|pause|resume`, and `run --no-cache` reaching the workflow.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunContext } from '../../server/temporal/contract';
import { gated, waitingStep } from '../api/gated';
import { waitForRun } from '../helpers/case-env';
import { headrace } from '../helpers/cli';
import { startHarness, type Harness } from '../helpers/harness';

let h: Harness;
let dir: string;
let editor: Record<string, string>;
let viewer: Record<string, string>;
const cli = (args: string[], env = editor) => headrace(args, env);
const runIdOf = (stdout: string) => stdout.match(/run ([0-9a-f-]{36}) started/)![1];

/** Writes a pipeline file into the test folder; returns its path. */
function file(name: string, text: string): string {
  const path = join(dir, `${name}.pipeline.yaml`);
  writeFileSync(path, text);
  return path;
}

beforeAll(async () => {
  h = await startHarness({ api: true });
  dir = mkdtempSync(join(tmpdir(), 'headrace-cli-approvals-'));
  const base = { HEADRACE_URL: h.api.url, XDG_CONFIG_HOME: join(dir, 'config'), HEADRACE_HOME: join(dir, 'home') };
  editor = { ...base, HEADRACE_TOKEN: h.api.users.editor.token };
  viewer = { ...base, HEADRACE_TOKEN: h.api.users.viewer.token };
});

afterAll(async () => {
  await h?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('approve and reject', () => {
  it('status shows the waiting approval and who may decide; approve lets the run go on', async () => {
    const started = await cli(['run', file('cli-gated', gated('cli-gated'))]);
    expect(started.code, started.stderr).toBe(0);
    const id = runIdOf(started.stdout);
    await waitingStep(h.api.as('viewer'), id, 'review');

    const status = await cli(['status', id], viewer);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/^review +approve +1 +waiting/m);
    expect(status.stdout).toContain('waiting for approval: step review — Look at the data first');
    expect(status.stdout).toMatch(/may decide: editor or admin \(until \d{4}-\d\d-\d\dT[\d:.]+Z; then it ends as rejected\)/);
    expect(status.stdout).toContain(`headrace approve ${id} review --reason TEXT`);

    const noReason = await cli(['approve', id, 'review']);
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toMatch(/required option '--reason <text>'/);
    const byViewer = await cli(['approve', id, 'review', '--reason', 'fine'], viewer);
    expect(byViewer.code).toBe(3);
    expect(byViewer.stderr).toMatch(/FORBIDDEN/);

    const ok = await cli(['approve', id, 'review', '--reason', 'checked the sample']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout.trim()).toBe(`run ${id} step review: approved by editor-user: checked the sample`);
    expect((await waitForRun(h.api.as('viewer'), id)).status).toBe('succeeded');

    const again = await cli(['reject', id, 'review', '--reason', 'too late', '--json']);
    expect(again.code).toBe(2);
    expect(JSON.parse(again.stderr).error).toMatchObject({ code: 'CONFLICT', exit: 2 });
  });

  it('reject fails the run with the reason', async () => {
    const id = runIdOf((await cli(['run', 'cli-gated'])).stdout);
    await waitingStep(h.api.as('viewer'), id, 'review');
    const r = await cli(['reject', id, 'review', '--reason', 'wrong source', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ id, step: 'review', approved: false, reason: 'wrong source', actor: 'editor-user' });
    const done = await waitForRun(h.api.as('viewer'), id);
    expect(done.status).toBe('failed');
    const status = await cli(['status', id], viewer);
    expect(status.stdout).toMatch(/^review +approve +1 +failed +\S.* rejected by editor-user: wrong source/m);
  });
});

describe('status of skipped steps', () => {
  it('says why each skipped step was skipped', async () => {
    const r = await cli(['run', '--wait', file('cli-skippy', `headrace: 1
name: cli-skippy
params:
  go: { type: boolean, default: false }
steps:
  first:
    uses: wait
    with: { duration: 1s }
  maybe:
    uses: wait
    needs: [first]
    when: \${{ params.go }} == true
    with: { duration: 1s }
`)]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const id = r.stdout.match(/run ([0-9a-f-]{36}) succeeded/)![1];
    const status = await cli(['status', id], viewer);
    expect(status.stdout).toMatch(/^maybe +wait +- +skipped +skipped: .*when/m);
  });
});

describe('runs', () => {
  it('lists runs newest first, filtered by pipeline, status and trigger, as a table or JSON', async () => {
    const json = await cli(['runs', 'cli-gated', '--json'], viewer);
    expect(json.code, json.stderr).toBe(0);
    const items = JSON.parse(json.stdout) as Array<{ id: string; status: string; trigger: string; pipelineName: string }>;
    expect(items.map((r) => r.status)).toEqual(['failed', 'succeeded']);
    expect(items.every((r) => r.pipelineName === 'cli-gated' && r.trigger === 'manual')).toBe(true);

    const table = await cli(['runs', '--status', 'failed', '--trigger', 'manual'], viewer);
    expect(table.code, table.stderr).toBe(0);
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^RUN +PIPELINE +STATUS +TRIGGER +BY +CREATED +DURATION$/);
    expect(lines.slice(1)).toEqual([expect.stringMatching(new RegExp(`^${items[0].id} +cli-gated v1 +failed +manual +editor-user +\\d{4}-`))]);

    const one = await cli(['runs', '--limit', '1', '--json'], viewer);
    expect(JSON.parse(one.stdout)).toHaveLength(1);
    const none = await cli(['runs', 'cli-gated', '--trigger', 'schedule'], viewer);
    expect(none.stdout.trim()).toBe('no runs (pipeline cli-gated, trigger schedule)');
  });

  it('names the allowed values of a bad --trigger, --status or --limit', async () => {
    const trigger = await cli(['runs', '--trigger', 'cron'], viewer);
    expect(trigger.code).toBe(2);
    expect(trigger.stderr).toMatch(/Allowed choices are manual, schedule, retry, api, workflow/);
    const status = await cli(['runs', '--status', 'done'], viewer);
    expect(status.code).toBe(2);
    expect(status.stderr).toMatch(/Allowed choices are queued, running, succeeded, failed, cancelled/);
    const limit = await cli(['runs', '--limit', '0'], viewer);
    expect(limit.code).toBe(2);
    expect(limit.stderr).toMatch(/a positive integer/);
  });
});

describe('run --no-cache', () => {
  it('starts the workflow with noCache', async () => {
    const r = await cli(['run', 'cli-gated', '--no-cache']);
    expect(r.code, r.stderr).toBe(0);
    const id = runIdOf(r.stdout);
    const run = await h.api.as('viewer').run.get.query({ id });
    const history = await h.client.workflow.getHandle(run.workflowId).fetchHistory();
    const started = history.events?.[0].workflowExecutionStartedEventAttributes;
    const ctx = JSON.parse(Buffer.from(started!.input!.payloads![1].data!).toString()) as RunContext;
    expect(ctx).toMatchObject({ runId: id, noCache: true });
    await cli(['cancel', id]);
  });
});

describe('schedule', () => {
  it('shows, pauses and resumes a pipeline\'s schedule', async () => {
    const source = gated('cli-sched').replace(/^steps:$/m, 'triggers:\n  - schedule: { cron: "0 3 * * 1", timezone: Europe/Paris }\nsteps:');
    expect((await cli(['apply', file('cli-sched', source)])).code).toBe(0);

    const show = await cli(['schedule', 'show', 'cli-sched'], viewer);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toMatch(/^cli-sched: "0 3 \* \* 1" \(Europe\/Paris\), overlap skip; active \(runs v1\)$/m);
    expect(show.stdout).toContain('next fires:');
    expect(show.stdout.match(/^ {2}\d{4}-\d\d-\d\d (01|02):00:00 UTC$/gm)).toHaveLength(5);

    const pause = await cli(['schedule', 'pause', 'cli-sched', '--reason', 'holiday']);
    expect(pause.code, pause.stderr).toBe(0);
    expect(pause.stdout).toMatch(/; paused \(runs v1\)\nnote: paused by editor-user: holiday\nwould fire next/);
    const byViewer = await cli(['schedule', 'resume', 'cli-sched'], viewer);
    expect(byViewer.code).toBe(3);
    const resume = await cli(['schedule', 'resume', 'cli-sched', '--json']);
    expect(JSON.parse(resume.stdout).state).toMatchObject({ paused: false, note: 'resumed by editor-user' });

    const none = await cli(['schedule', 'pause', 'cli-gated']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/NOT_FOUND: pipeline "cli-gated" has no schedule/);
  });
});
