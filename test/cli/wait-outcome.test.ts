// `run --wait` ends with what the run produced: the evaluation's headline metrics and the model version it
// registered (real API, real Temporal, real worker); a run that produced neither ends with its status line.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headrace } from '../helpers/cli';
import { startHarness, type Harness } from '../helpers/harness';
import { penguinsIn, tinyPipeline } from './fixtures';

let h: Harness;
let dir: string;
let editor: Record<string, string>;

beforeAll(async () => {
  h = await startHarness({ api: true });
  dir = mkdtempSync(join(tmpdir(), 'headrace-cli-outcome-'));
  editor = {
    HEADRACE_URL: h.api.url, XDG_CONFIG_HOME: join(dir, 'config'), HEADRACE_HOME: join(dir, 'home'), HEADRACE_TOKEN: h.api.users.editor.token,
  };
  mkdirSync(join(dir, 'penguins'));
  writeFileSync(join(dir, 'penguins/pipeline.yaml'), penguinsIn(join(dir, 'penguins'), 'outcome-penguins'));
  writeFileSync(join(dir, 'penguins/tiny.yaml'), tinyPipeline('outcome-tiny'));
});

afterAll(async () => {
  await h?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the end of run --wait', () => {
  it('prints the metrics, the registered version and the deployment after the run line, from the run itself', async () => {
    const r = await headrace(['run', join(dir, 'penguins/pipeline.yaml'), '--wait'], editor);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    const end = lines.findIndex((l) => /^run [0-9a-f-]{36} succeeded/.test(l));
    expect(end, r.stdout).toBeGreaterThan(0);
    const id = lines[end].split(' ')[1];
    expect(lines.slice(end + 1)).toEqual([
      expect.stringMatching(/^metrics: accuracy [\d.]+, macroF1 [\d.]+, logLoss [\d.]+$/),
      'registered outcome-penguins v1 (staging)',
      'deployed outcome-penguins v1 to endpoint penguins (deployment #1, replace)',
    ]);
    // The figures are the run's own, rounded to 4 significant digits.
    const run = await h.api.as('viewer').run.get.query({ id });
    const values = (run.steps.find((s) => s.stepId === 'evaluate')!.outputs as { metrics: { values: Record<string, number> } }).metrics.values;
    expect(lines[end + 1]).toContain(`accuracy ${Number(values.accuracy.toPrecision(4))}, macroF1 ${Number(values.macroF1.toPrecision(4))}`);
    // --json prints the finished run alone: the outcome is in its steps, not in extra lines.
    const json = await headrace(['run', 'outcome-penguins', '--wait', '--json'], editor);
    expect(json.code, json.stdout + json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ status: 'succeeded', pipelineName: 'outcome-penguins' });
  }, 180_000);

  it('ends with the run line when the run produced no metrics and no version', async () => {
    const r = await headrace(['run', join(dir, 'penguins/tiny.yaml'), '--wait'], editor);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n').at(-1)).toMatch(/^run [0-9a-f-]{36} succeeded/);
    expect(r.stdout).not.toContain('metrics:');
    expect(r.stdout).not.toContain('registered');
  }, 120_000);
});
