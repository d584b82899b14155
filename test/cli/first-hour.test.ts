// The terminal in a new user's first hour: `pipelines` lists what exists, short run ids work wherever a run id
// does, a closed pipe ends quietly, a bad file in a folder is reported while the rest are checked, and an input
// the API refuses is one sentence naming the field.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desc, eq } from 'drizzle-orm';
import { createRun, getRunSummary } from '../../server/db/repo/runs';
import { auditLog } from '../../server/db/schema';
import { headrace, headraceBin, headraceUntil } from '../helpers/cli';
import { startHarness, type Harness } from '../helpers/harness';
import { platformPlace, stopLauncher } from '../helpers/platform';
import { penguinsIn } from './fixtures';

let h: Harness;
let dir: string;
let editor: Record<string, string>;
let runId: string;
const cli = (args: string[], env = editor) => headrace(args, env);
/** A stack trace line, as Node prints one. */
const STACK = /^\s+at /m;

/** Runs `command` in bash; `pipefail` makes the exit status headrace's, not `head`'s. */
function shell(command: string, env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    const child = spawn('bash', ['-c', `set -o pipefail; ${command}`], { env: { ...process.env, NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    child.once('exit', (code) => done({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  h = await startHarness({ api: true });
  dir = mkdtempSync(join(tmpdir(), 'headrace-cli-first-hour-'));
  const base = { HEADRACE_URL: h.api.url, XDG_CONFIG_HOME: join(dir, 'config'), HEADRACE_HOME: join(dir, 'home'), HEADRACE_DATA_ROOTS: dir };
  editor = { ...base, HEADRACE_TOKEN: h.api.users.editor.token };
  mkdirSync(join(dir, 'penguins'));
  writeFileSync(join(dir, 'penguins/pipeline.yaml'), penguinsIn(join(dir, 'penguins'), 'first-hour'));
  const r = await cli(['run', join(dir, 'penguins/pipeline.yaml'), '--wait']);
  expect(r.code, r.stdout + r.stderr).toBe(0);
  runId = r.stdout.match(/run ([0-9a-f-]{36}) started/)![1];
}, 180_000);

afterAll(async () => {
  await h?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the terminal in the first hour', () => {
  it('pipelines lists the saved pipelines with their latest version', async () => {
    const human = await cli(['pipelines']);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/^NAME\s+LATEST\s+UPDATED\s+SCHEDULE\s+DESCRIPTION/);
    expect(human.stdout).toMatch(/^first-hour\s+v1\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+-\s+/m);
    const json = await cli(['pipelines', '--json']);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toContainEqual(expect.objectContaining({ name: 'first-hour', latestVersion: 1, schedule: null }));
  });

  it('pipelines shows each schedule as its Temporal Schedule stands, from the one list call', async () => {
    const sched = join(dir, 'scheduled');
    mkdirSync(sched);
    const source = penguinsIn(sched, 'first-hour-nightly').replace(/^steps:$/m, 'triggers:\n  - schedule: { cron: "0 3 * * *", timezone: Europe/Paris }\nsteps:');
    writeFileSync(join(sched, 'pipeline.yaml'), source);
    expect((await cli(['apply', join(sched, 'pipeline.yaml')])).code).toBe(0);
    const active = await cli(['pipelines']);
    expect(active.stdout).toMatch(/^first-hour-nightly\s+v1\s+\S+ \S+\s+0 3 \* \* \* Europe\/Paris\s+\S/m);
    // paused by hand (the file says nothing of it): the list tells it from Temporal
    expect((await cli(['schedule', 'pause', 'first-hour-nightly', '--reason', 'quiet week'])).code).toBe(0);
    const paused = await cli(['pipelines']);
    expect(paused.stdout).toMatch(/^first-hour-nightly\s+v1\s+\S+ \S+\s+0 3 \* \* \* Europe\/Paris \(paused\)\s+\S/m);
    const json = JSON.parse((await cli(['pipelines', '--json'])).stdout) as Array<{ name: string; schedule: unknown }>;
    expect(json.find((p) => p.name === 'first-hour-nightly')?.schedule).toEqual({ crons: ['0 3 * * *'], overlap: 'skip', timezone: 'Europe/Paris', paused: true });
  });

  it('a unique prefix of 8 or more characters stands for the run', async () => {
    const status = await cli(['status', runId.slice(0, 8), '--json']);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ id: runId, status: 'succeeded' });
    const logs = await cli(['logs', runId.slice(0, 13).toUpperCase(), '--step', 'train']);
    expect(logs.code, logs.stderr).toBe(0);
    expect(logs.stdout).toMatch(/train\s+info\s+epoch \d+\/\d+ loss/);
    // a finished run cannot be cancelled: the refusal names the full id the prefix resolved to
    const cancel = await cli(['cancel', runId.slice(0, 10)]);
    expect(cancel.code).toBe(2);
    expect(cancel.stderr).toContain(`CONFLICT: run ${runId} has already succeeded`);
    // and its audit row names that run by its full id, not by the prefix typed
    const [row] = await h.svc.db.select().from(auditLog).where(eq(auditLog.action, 'run.cancel')).orderBy(desc(auditLog.id)).limit(1);
    expect(row).toMatchObject({ actor: 'editor-user', target: runId, outcome: 'error', details: { code: 'CONFLICT' } });
  });

  it('an ambiguous prefix says so with the candidates; a short one is a usage error', async () => {
    const run = (await getRunSummary(h.svc.db, runId))!;
    const ids = ['abcdef12-0000-4000-8000-000000000001', 'abcdef12-0000-4000-8000-100000000002'];
    for (const id of ids) {
      await createRun(h.svc.db, { id, pipelineId: run.pipelineId, pipelineVersionId: run.pipelineVersionId, workflowId: `wf-${id}`, params: {}, plan: run.plan, createdBy: 'test' });
    }
    const ambiguous = await cli(['status', 'abcdef12']);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toMatch(/run id prefix "abcdef12" is ambiguous: it matches 2 runs/);
    for (const id of ids) expect(ambiguous.stderr).toContain(id);
    const unique = await cli(['status', ids[1].slice(0, 25), '--json']);
    expect(JSON.parse(unique.stdout)).toMatchObject({ id: ids[1] });

    const short = await cli(['status', 'abcdef1']);
    expect(short.code).toBe(2);
    expect(short.stderr.trim()).toBe('headrace: run.get: id must be a run id or a prefix of one (at least 8 hex characters), got "abcdef1".');
    const none = await cli(['logs', 'ffffffff']);
    expect(none.code).toBe(2);
    expect(none.stderr.trim()).toBe('headrace: NOT_FOUND: no run "ffffffff"');
  });

  it('an input the API refuses is one sentence naming the procedure and the field, never zod JSON', async () => {
    const r = await cli(['approve', runId.slice(0, 8), 'review', '--reason', '   ']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('headrace: run.approve: reason must be at least 1 character(s) long.\n');
    const json = await cli(['approve', runId.slice(0, 8), 'review', '--reason', '   ', '--json']);
    expect(JSON.parse(json.stderr).error).toEqual({ code: 'BAD_REQUEST', exit: 2, message: 'run.approve: reason must be at least 1 character(s) long.' });
  });

  it('output to a closed pipe ends quietly with 0', async () => {
    const head = await shell(`"${process.execPath}" "${headraceBin}" logs ${runId.slice(0, 8)} | head -1`, editor);
    expect(head.code, head.stderr).toBe(0);
    expect(head.stdout.trim().split('\n')).toHaveLength(1);
    expect(head.stderr).not.toMatch(STACK);
    // The reader is gone before the first line is written: every write meets a closed pipe.
    const closed = (args: string[]) => new Promise<{ code: number | null; stderr: string }>((done) => {
      const child = spawn(process.execPath, [headraceBin, ...args], { env: { ...process.env, NO_COLOR: '1', ...editor } });
      child.stdout.destroy();
      let stderr = '';
      child.stderr.on('data', (b) => (stderr += b));
      child.once('exit', (code) => done({ code, stderr }));
    });
    const logs = await closed(['logs', runId]);
    expect(logs.code, logs.stderr).toBe(0);
    expect(logs.stderr).toBe('');
    // diff writes its patch with process.stdout.write, which throws EPIPE unless handled
    const changed = join(dir, 'changed');
    mkdirSync(changed);
    writeFileSync(join(changed, 'pipeline.yaml'), `${penguinsIn(changed, 'first-hour')}# changed\n`);
    const diff = await closed(['diff', changed]);
    expect(diff.code, diff.stderr).toBe(0);
    expect(diff.stderr).not.toMatch(STACK);
  });

  it('validate and diff over a folder report each bad file and go on with the rest, exit 1 at the end', async () => {
    const folder = join(dir, 'folder');
    mkdirSync(folder);
    writeFileSync(join(folder, 'good.pipeline.yaml'), penguinsIn(folder, 'first-hour'));
    writeFileSync(join(folder, 'broken.pipeline.yaml'), 'name: [not yaml\n  steps: {{\n');
    symlinkSync(join(folder, 'nowhere.yaml'), join(folder, 'gone.pipeline.yaml'));

    const v = await cli(['validate', folder]);
    expect(v.code, v.stdout + v.stderr).toBe(1);
    expect(v.stdout).toMatch(/^ok .*good\.pipeline\.yaml: pipeline "first-hour"/m);
    expect(v.stderr).toMatch(/broken\.pipeline\.yaml:\d+:\d+: error: /);
    expect(v.stderr).toMatch(/gone\.pipeline\.yaml:1:1: error: cannot read the file: no such file/);
    expect(v.stderr).not.toMatch(STACK);

    const d = await cli(['diff', folder]);
    expect(d.code, d.stdout + d.stderr).toBe(1);
    expect(d.stderr).toMatch(/good\.pipeline\.yaml: same as first-hour v1/);
    expect(d.stderr).toMatch(/broken\.pipeline\.yaml: error: no readable `name:`/);
    expect(d.stderr).toMatch(/gone\.pipeline\.yaml: error: cannot read the file: no such file/);
    const dj = await cli(['diff', folder, '--json']);
    expect(dj.code).toBe(1);
    const files = JSON.parse(dj.stdout).files as Array<{ file: string; equal: boolean; error?: string }>;
    expect(files.map((f) => [f.file.split('/').pop(), f.equal, Boolean(f.error)])).toEqual([
      ['broken.pipeline.yaml', false, true],
      ['gone.pipeline.yaml', false, true],
      ['good.pipeline.yaml', true, false],
    ]);
  });
});

describe('Ctrl+C on headrace start', () => {
  it('stops the platform and its children while the example runs, with no stack trace', async () => {
    const place = await platformPlace('headrace-first-hour-start');
    try {
      const started = await headraceUntil(['start', '--no-web'], place.env, /run [0-9a-f-]{36}: /, 180_000);
      expect(await stopLauncher(started.child)).toBe(0);
      const output = started.output();
      expect(output).toContain('SIGINT: stopping');
      expect(output).not.toMatch(STACK);
      expect(output).not.toMatch(/^headrace: /m);
      // the API and the Temporal dev server are gone with it
      await expect(fetch(place.url)).rejects.toThrow();
      await expect(fetch(`http://127.0.0.1:${place.ports.temporal}`)).rejects.toThrow();
    } finally {
      rmSync(place.home, { recursive: true, force: true });
    }
  }, 240_000);
});
