// The run page while a model trains and after, in Chromium against the embedded platform (real Temporal worker,
// auth required): the loss curve so far is in the running train step's summary through the API and drawn on the
// page, growing as the page polls; after the run, "Edit params and run" lists the version's params with their
// types and this run's values, refuses a bad value with one sentence, and starts a fresh run with the edited
// value; `headrace rerun` does the same from the terminal.
// The training is long on purpose (the curve is watched while it runs) and cancelled once seen.
// SHOTS_DIR=/some/dir also saves screenshots (1280×800) of the live curve and of the form there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeadraceClient } from '../../server/api/client';
import { penguinsDir, waitForRun } from '../helpers/case-env';
import { headrace } from '../helpers/cli';
import { shot, startSignedInPlatform, type SignedInPlatform } from '../helpers/signed-in-platform';

let p: SignedInPlatform;
let editor: HeadraceClient;

beforeAll(async () => {
  p = await startSignedInPlatform('headrace-run-live', { example: false });
  editor = p.client('editor');
}, 320_000);

afterAll(async () => {
  await p?.stop();
});

const FEATURES = '[Beak Length (mm), Beak Depth (mm), Flipper Length (mm), Body Mass (g)]';
/** Penguins straight into training; `epochs` defaults to far more than the test waits for (it cancels). */
const source = `headrace: 1
name: live
params:
  epochs: { type: integer, default: 200000, description: Passes over the training rows }
  learningRate: { type: number, default: 0.05 }
steps:
  ingest:
    uses: ingest.json
    with:
      path: data/penguins.json
      columns:
        Species: { type: string }
        Beak Length (mm): { type: number }
        Beak Depth (mm): { type: number }
        Flipper Length (mm): { type: number }
        Body Mass (g): { type: number }
  clean:
    uses: prepare.dropna
    in: { table: ingest.table }
    with: { columns: ${FEATURES} }
  train:
    uses: train.logistic
    in: { table: clean.table }
    with:
      target: Species
      features: ${FEATURES}
      epochs: \${{ params.epochs }}
      learningRate: \${{ params.learningRate }}
`;

/** The train step's latest attempt as `run.get` returns it. */
async function trainRow(id: string) {
  const run = await editor.run.get.query({ id });
  return run.steps.filter((s) => s.stepId === 'train').at(-1);
}

const curveOf = (summary: unknown) => ((summary as { lossCurve?: unknown } | null)?.lossCurve ?? []) as number[];

/** Polls `probe` every 250 ms until it returns a value; throws with `what` past the deadline. */
async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 120_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`no ${what} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

let liveRunId: string;

describe('the loss curve while training', () => {
  it('is in the running step through the API and drawn on the page, growing', async () => {
    const run = await editor.run.start.mutate({ source, baseDir: penguinsDir });
    liveRunId = run.id;

    // Through the API: a curve of two points or more while the step is still running, then a longer one.
    const first = await until('running train step with a curve of 2 points', async () => {
      const row = await trainRow(run.id);
      return row?.status === 'running' && curveOf(row.summary).length >= 2 ? row : undefined;
    });
    const firstLength = curveOf(first.summary).length;
    expect(first.summary).toMatchObject({ epochs: 200000 });
    expect(curveOf(first.summary).every((x) => Number.isFinite(x))).toBe(true);
    const later = await until('longer curve while running', async () => {
      const row = await trainRow(run.id);
      return row?.status === 'running' && curveOf(row.summary).length > firstLength ? row : undefined;
    });
    expect(curveOf(later.summary).slice(0, firstLength)).toEqual(curveOf(first.summary));

    // On the page: the sparkline inside the train step while its row says running, then with more points.
    const page = await p.pageAs('viewer', `/runs/${run.id}`);
    const points = () =>
      page.evaluate(() => {
        const row = document.querySelector('[data-testid="step-train"]');
        const line = row?.querySelector('.sparkline polyline');
        return row?.getAttribute('data-state') === 'running' && line ? (line.getAttribute('points') ?? '').trim().split(/\s+/).length : 0;
      });
    await expect.poll(points, { timeout: 90_000 }).toBeGreaterThanOrEqual(2);
    const shown = await points();
    await expect.poll(points, { timeout: 90_000 }).toBeGreaterThan(shown);
    const label = await page.getByTestId('step-train').getByRole('img', { name: /training loss by epoch/ }).getAttribute('aria-label');
    expect(label).toMatch(/^training loss by epoch.*: from \S+ to \S+$/);
    await page.getByTestId('step-train').evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await shot(page, 'run-live-curve.png');
    await page.close();

    await editor.run.cancel.mutate({ id: run.id });
    expect((await waitForRun(editor, run.id)).status).toBe('cancelled');
  }, 300_000);
});

describe('Edit params and run', () => {
  it('lists the params with their types and values, refuses a bad value in a sentence, and runs the edited one', async () => {
    const page = await p.pageAs('editor', `/runs/${liveRunId}`);
    const help = page.getByTestId('run-actions-help');
    await expect.poll(() => help.getByRole('listitem').allTextContents(), { timeout: 30_000 }).toEqual([
      'Resume where it stopped: a new run that reuses the steps that finished and runs the rest, from the step that was interrupted.',
      'Run again: a fresh run of v1 with the same params, from the first step.',
      `Reproduce: the same, on the data versions this run read (from the store, even where a file has changed since), every step executed again; headrace rerun ${liveRunId.slice(0, 8)} --wait also compares the metrics.`,
      'Edit params and run: the same, with params you change first.',
    ]);
    const toggle = page.getByRole('button', { name: 'Edit params and run…' });
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    const form = page.getByRole('form', { name: 'Run again with these params' });
    await form.waitFor();
    const epochs = form.getByLabel('epochs integer');
    expect(await epochs.inputValue()).toBe('200000');
    expect(await form.getByLabel('learningRate number').inputValue()).toBe('0.05');
    expect(await form.getByText('Passes over the training rows').count()).toBe(1);

    await epochs.fill('many');
    await form.getByRole('button', { name: 'Start the run' }).click();
    const alert = form.getByTestId('run-again-error');
    await alert.waitFor();
    expect(await alert.textContent()).toBe('epochs must be a whole number, not "many".');
    expect(await epochs.getAttribute('aria-invalid')).toBe('true');
    expect(page.url()).toMatch(new RegExp(`/runs/${liveRunId}$`));
    await shot(page, 'run-again-refused.png');

    await epochs.fill('40');
    expect(await alert.count()).toBe(0); // the sentence goes once the value is edited
    await shot(page, 'run-again-form.png');
    await Promise.all([
      page.waitForURL((u) => u.pathname.startsWith('/runs/') && !u.pathname.endsWith(liveRunId), { timeout: 60_000 }),
      form.getByRole('button', { name: 'Start the run' }).click(),
    ]);
    const id = new URL(page.url()).pathname.split('/').pop()!;
    const again = await waitForRun(editor, id);
    expect(again).toMatchObject({ status: 'succeeded', pipelineName: 'live', pipelineVersion: 1, params: { epochs: 40, learningRate: 0.05 }, createdBy: 'editor-user' });
    expect(again.retryOf).toBeNull();
    const train = again.steps.find((s) => s.stepId === 'train');
    expect(train?.summary).toMatchObject({ epochs: 40 });
    // The new run's page shows the edited value among its params.
    await page.getByText('epochs = 40').waitFor({ timeout: 30_000 });
    await page.close();
  }, 240_000);

  it('is `headrace rerun` in the terminal: same version, --param changes one', async () => {
    const env = { HEADRACE_URL: p.place.url, HEADRACE_TOKEN: p.users.editor.token };
    const done = await headrace(['rerun', liveRunId.slice(0, 8), '--param', 'epochs=30', '--wait', '--json'], env);
    expect(done.stderr).not.toMatch(/\n\s+at /);
    expect(done.code).toBe(0);
    const run = JSON.parse(done.stdout) as { id: string; status: string; pipelineVersion: number; params: Record<string, unknown>; retryOf: string | null };
    expect(run).toMatchObject({ status: 'succeeded', pipelineVersion: 1, params: { epochs: 30, learningRate: 0.05 }, retryOf: null, reproduces: liveRunId });
    // Its page says which run it reproduces, linked.
    const page = await p.pageAs('viewer', `/runs/${run.id}`);
    await page.getByTestId('reproduces').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('reproduces').textContent()).toBe(liveRunId.slice(0, 8));
    await shot(page, 'run-reproduces.png');
    await page.close();

    const bad = await headrace(['rerun', liveRunId.slice(0, 8), '--param', 'epoch=30'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown param 'epoch' given \(did you mean 'epochs'\?\)/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  }, 180_000);
});
