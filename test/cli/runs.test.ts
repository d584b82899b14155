// Runs from the CLI against a real API (auth required, real Temporal, real worker): `run --wait` exit codes,
// `logs --follow` streaming until the run ends, `retry` reusing finished steps, `promote` through the stage rules.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headrace, headraceBin } from '../helpers/cli';
import { startHarness, type Harness } from '../helpers/harness';
import { penguinsIn } from './fixtures';

let h: Harness;
let dir: string;
/** Environments of a CI job with an editor's or an admin's token (and no stored credentials). */
let editor: Record<string, string>;
let admin: Record<string, string>;
const cli = (args: string[], env = editor) => headrace(args, env);
const runIdOf = (stdout: string) => stdout.match(/run ([0-9a-f-]{36}) started/)![1];

/** Like `headrace()`, and notes when the first bytes of stdout arrived. */
function followed(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string; firstLineAt: number }>((done) => {
    const child = spawn(process.execPath, [headraceBin, ...args], { env: { ...process.env, NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    let firstLineAt = Infinity;
    child.stdout.on('data', (b) => {
      if (stdout === '') firstLineAt = Date.now();
      stdout += b;
    });
    child.stderr.on('data', (b) => (stderr += b));
    child.once('exit', (code) => done({ code, stdout, stderr, firstLineAt }));
  });
}

beforeAll(async () => {
  h = await startHarness({ api: true });
  dir = mkdtempSync(join(tmpdir(), 'headrace-cli-runs-'));
  const base = { HEADRACE_URL: h.api.url, XDG_CONFIG_HOME: join(dir, 'config'), HEADRACE_HOME: join(dir, 'home') };
  editor = { ...base, HEADRACE_TOKEN: h.api.users.editor.token };
  admin = { ...base, HEADRACE_TOKEN: h.api.users.admin.token };
  mkdirSync(join(dir, 'penguins'));
  writeFileSync(join(dir, 'penguins/pipeline.yaml'), penguinsIn(join(dir, 'penguins'), 'cli-penguins'));
});

afterAll(async () => {
  await h?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('runs from the CLI', () => {
  let failedRunId: string;

  it('run --wait exits 0 for a run that succeeds and 1 for one that fails', async () => {
    const ok = await cli(['run', join(dir, 'penguins/pipeline.yaml'), '--wait']);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/run [0-9a-f-]{36} succeeded/);
    const bad = await cli(['run', 'cli-penguins', '--wait', '--param', 'minAccuracy=1.5']);
    expect(bad.code, bad.stdout + bad.stderr).toBe(1);
    expect(bad.stdout).toMatch(/gate failed: accuracy = [\d.]+ does not meet >= 1\.5/);
    failedRunId = runIdOf(bad.stdout);
    const status = await cli(['status', failedRunId, '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ id: failedRunId, status: 'failed' });
  }, 120_000);

  it('logs --follow streams lines until the run ends and exits with its outcome', async () => {
    // Long enough a training that the follower is attached while the run goes (the model registers as another name).
    const source = penguinsIn(join(dir, 'penguins'), 'cli-penguins-slow').replace('epochs: 200', 'epochs: 3000');
    const { id } = await h.api.as('editor').run.start.mutate({ source, baseDir: join(dir, 'penguins') });
    const follow = await followed(['logs', id, '--follow'], editor);
    expect(follow.code, follow.stderr).toBe(0);
    // Streamed: the first line reached us while the run was still going.
    const run = await h.api.as('viewer').run.get.query({ id });
    expect(follow.firstLineAt).toBeLessThan(new Date(run.finishedAt!).getTime());
    expect(follow.stderr).toContain(`run ${id} succeeded`);
    const lines = follow.stdout.trim().split('\n');
    const steps = new Set(lines.map((l) => l.split(/ +/)[1]));
    for (const step of ['ingest', 'train', 'evaluate', 'register']) expect(steps, follow.stdout).toContain(step);
    // The run had ended, so following it again prints the same lines at once.
    const again = await cli(['logs', id, '--json']);
    const ndjson = again.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(ndjson).toHaveLength(lines.length);
    const trainOnly = await cli(['logs', id, '--step', 'train', '--json']);
    const trainLines = trainOnly.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(trainLines.length).toBeGreaterThan(0);
    expect(new Set(trainLines.map((l: { stepId: string }) => l.stepId))).toEqual(new Set(['train']));
  }, 120_000);

  it('cancel stops a running run; logs --follow then exits 1', async () => {
    // Far too long a training to end by itself within the test.
    const source = penguinsIn(join(dir, 'penguins'), 'cli-penguins-endless').replace('epochs: 200', 'epochs: 1000000');
    const { id } = await h.api.as('editor').run.start.mutate({ source, baseDir: join(dir, 'penguins') });
    const cancel = await cli(['cancel', id, '--json']);
    expect(cancel.code, cancel.stderr).toBe(0);
    expect(JSON.parse(cancel.stdout)).toEqual({ id, cancelRequested: true });
    const follow = await cli(['logs', id, '--follow']);
    expect(follow.code, follow.stderr).toBe(1);
    expect(follow.stderr).toContain(`run ${id} cancelled`);
    const status = await cli(['status', id]);
    expect(status.stdout).toMatch(new RegExp(`^run ${id} +cli-penguins-endless v1 +cancelled`, 'm'));
  }, 120_000);

  it('retry --wait reuses the finished steps of a failed run (cached) and exits with the new outcome', async () => {
    const r = await cli(['retry', failedRunId, '--wait']);
    // Same params, so the gate fails again: exit 1, but only the failed step and what follows ran again.
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain(`retry of ${failedRunId}`);
    const status = JSON.parse((await cli(['status', runIdOf(r.stdout), '--json'])).stdout);
    const byStep = Object.fromEntries(status.steps.map((s: { stepId: string; status: string }) => [s.stepId, s.status]));
    expect(byStep).toMatchObject({ ingest: 'cached', train: 'cached', evaluate: 'failed' });
    const missing = await cli(['retry', randomUUID()]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('NOT_FOUND');
  }, 120_000);

  it('rerun --wait reproduces a run on the data it read, though the file has changed since: metrics equal', async () => {
    const d = join(dir, 'repro');
    mkdirSync(d);
    writeFileSync(join(d, 'pipeline.yaml'), penguinsIn(d, 'cli-repro'));
    const first = await cli(['run', join(d, 'pipeline.yaml'), '--wait']);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    const firstId = runIdOf(first.stdout);
    // The source changes: only 200 of its 344 records are left.
    const file = join(d, 'data/penguins.json');
    writeFileSync(file, JSON.stringify((JSON.parse(readFileSync(file, 'utf8')) as unknown[]).slice(0, 200)));

    const again = await cli(['rerun', firstId.slice(0, 8), '--wait']);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toMatch(/reproduced: metrics equal \(\d+ metrics of run [0-9a-f]{8}\)/);
    const id = again.stdout.match(/run ([0-9a-f-]{36}) started: reproducing/)![1];
    const status = JSON.parse((await cli(['status', id, '--json'])).stdout) as {
      reproduces: string; steps: { stepId: string; status: string; attempt: number; summary: { reproducedFrom?: { runId: string }; rows?: number } }[];
    };
    expect(status.reproduces).toBe(firstId);
    const ingest = status.steps.find((s) => s.stepId === 'ingest')!;
    expect(ingest).toMatchObject({ status: 'cached', attempt: 0, summary: { reproducedFrom: { runId: firstId }, rows: 344 } });
    // Everything after the source executed again (no cache), on the 344 records the first run read.
    for (const step of ['validate', 'clean', 'split', 'train', 'evaluate']) {
      expect(status.steps.find((s) => s.stepId === step), step).toMatchObject({ status: 'succeeded', attempt: 1 });
    }

    // A fresh run reads the file as it is now, and its validation refuses 200 rows (minRows: 300).
    const fresh = await cli(['run', 'cli-repro', '--wait']);
    expect(fresh.code).toBe(1);
    // A changed param is no longer a reproduction: the metrics that differ are listed, and the exit is the run's.
    const variant = await cli(['rerun', firstId.slice(0, 8), '--param', 'minAccuracy=0.5', '--wait', '--json']);
    expect(variant.code, variant.stderr).toBe(0);
    expect(JSON.parse(variant.stdout)).toMatchObject({ status: 'succeeded', reproduces: firstId, params: { minAccuracy: 0.5 }, reproduction: { equal: true } });
  }, 240_000);

  it('promote moves a version through the stages: production needs an admin and a version from staging', async () => {
    const editorTry = await cli(['promote', 'cli-penguins', '1', 'production', '--reason', 'beats the baseline']);
    expect(editorTry.code).toBe(3);
    expect(editorTry.stderr).toMatch(/FORBIDDEN: .*admin/);

    const promoted = await cli(['promote', 'cli-penguins', '1', 'production', '--reason', 'beats the baseline'], admin);
    expect(promoted.code, promoted.stderr).toBe(0);
    expect(promoted.stdout).toContain('cli-penguins v1: staging → production');
    expect(promoted.stdout).toContain('by admin-user: beats the baseline');
    const models = await cli(['models', 'cli-penguins']);
    expect(models.stdout).toMatch(/^cli-penguins +1 +production +accuracy=/m);

    // Skipping the gate: out of staging and straight back to production is refused (CONFLICT → 2), nothing changes.
    expect((await cli(['promote', 'cli-penguins-slow', '1', 'none', '--reason', 'parked'])).code).toBe(0);
    const skip = await cli(['promote', 'cli-penguins-slow', '1', 'production', '--reason', 'hurry', '--json'], admin);
    expect(skip.code).toBe(2);
    expect(JSON.parse(skip.stderr)).toMatchObject({ error: { code: 'CONFLICT', exit: 2 } });
    const slow = JSON.parse((await cli(['models', 'cli-penguins-slow', '--json'])).stdout);
    expect(slow.map((v: { stage: string }) => v.stage)).toEqual(['none']);

    const usage = await cli(['promote', 'cli-penguins', '1', 'live', '--reason', 'x']);
    expect(usage.code).toBe(2);
    expect((await cli(['promote', 'cli-penguins', '1', 'staging'])).code).toBe(2); // --reason is required
  });
});
