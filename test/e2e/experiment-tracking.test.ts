// Experiment tracking in Chromium against the embedded platform: an MLP's curves drawn live on the run page
// (training and validation loss, epoch of epochs, samples/s, device, time left) growing while it trains; two
// finished runs ticked in the runs list and compared (curves overlaid per run, the one setting that differs, the
// metrics); and the registered version's page showing the curves of the run that made it.
// SHOTS_DIR=/some/dir saves screenshots (1280×800) of the three pages.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeadraceClient } from '../../server/api/client';
import { penguinsDir, penguinsUpToSplit, waitForRun } from '../helpers/case-env';
import { shot, startSignedInPlatform, type SignedInPlatform } from '../helpers/signed-in-platform';

let p: SignedInPlatform;
let editor: HeadraceClient;

beforeAll(async () => {
  p = await startSignedInPlatform('headrace-tracking', { example: false });
  editor = p.client('editor');
}, 320_000);

afterAll(async () => {
  await p?.stop();
});

const FEATURES = '[Beak Length (mm), Beak Depth (mm), Flipper Length (mm), Body Mass (g)]';
const source = (name: string, epochs: number, learningRate: number) => penguinsUpToSplit(name, `  train:
    uses: train.mlp
    in: { table: split.train }
    with: { target: Species, features: ${FEATURES}, hidden: [16], epochs: ${epochs}, learningRate: ${learningRate}, validationFraction: 0.2 }
  evaluate:
    uses: evaluate.classifier
    in: { model: train.model, table: split.test }
  register:
    uses: registry.register
    in: { model: train.model, metrics: evaluate.metrics }
    with: { name: ${name}, stage: staging }
`);

/** Points of the longest line drawn in the chart (ECharts' SVG path: coordinate pairs after M and L). */
const linePoints = (page: import('playwright-core').Page, testId: string) =>
  page.evaluate((id) => {
    const paths = [...document.querySelectorAll(`[data-testid="${id}"] svg path[fill="none"]`)];
    return Math.max(0, ...paths.map((el) => Math.floor((el.getAttribute('d')?.match(/-?\d+(\.\d+)?/g) ?? []).length / 2)));
  }, testId);

describe('experiment tracking in the web app', () => {
  it('draws the curves live on the run page while the MLP trains', async () => {
    const run = await editor.run.start.mutate({ source: source('tracked-live', 100_000, 0.01), baseDir: penguinsDir });
    const page = await p.pageAs('viewer', `/runs/${run.id}`);
    const curves = page.getByTestId('curves-train');
    await curves.waitFor({ timeout: 90_000 });
    await expect.poll(() => linePoints(page, 'curves-chart-train'), { timeout: 60_000 }).toBeGreaterThanOrEqual(3);
    const first = await linePoints(page, 'curves-chart-train');
    await expect.poll(() => linePoints(page, 'curves-chart-train'), { timeout: 60_000 }).toBeGreaterThan(first);
    const facts = await curves.locator('p').textContent();
    expect(facts).toMatch(/^epoch \d+ of 100,?000 · [\d,]+ samples\/s · on cpu · lr 0\.01 · validation accuracy [\d.]+ · about .+ left$/);
    expect(await page.getByTestId('curves-chart-train').getAttribute('aria-label')).toMatch(/^loss curves of train: training loss and validation loss over \d+ epochs; last training loss/);
    await curves.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await shot(page, 'tracking-live-curves.png');
    await page.close();
    await editor.run.cancel.mutate({ id: run.id });
    expect((await waitForRun(editor, run.id)).status).toBe('cancelled');
  }, 240_000);

  it('compares two runs picked in the runs list, and shows the curves on the registered version', async () => {
    const ids: string[] = [];
    const labels: string[] = [];
    for (const lr of [0.01, 0.05]) {
      const run = await editor.run.start.mutate({ source: source('tracked', 40, lr), baseDir: penguinsDir });
      const done = await waitForRun(editor, run.id);
      expect(done.status).toBe('succeeded');
      ids.push(run.id);
      labels.push(`${run.id.slice(0, 8)} · tracked v${done.pipelineVersion}`); // the two sources are two versions
    }
    const page = await p.pageAs('viewer', '/runs?pipeline=tracked');
    for (const id of ids) await page.getByRole('checkbox', { name: `Compare run ${id.slice(0, 8)}` }).check();
    await Promise.all([page.waitForURL(/\/runs\/compare\?ids=/), page.getByRole('link', { name: 'Compare 2 runs' }).click()]);
    await page.getByRole('heading', { name: 'Compare 2 runs' }).waitFor();
    const chart = page.getByTestId('compare-curves-train');
    await expect.poll(() => linePoints(page, 'compare-curves-train'), { timeout: 30_000 }).toBeGreaterThanOrEqual(10);
    const legend = await chart.getAttribute('aria-label');
    for (const l of labels) expect(legend).toContain(`${l} training`);
    const settings = page.getByRole('table', { name: 'Settings compared' });
    expect(await settings.getByRole('row').allTextContents()).toEqual([
      `Setting${labels.join('')}`,
      'train.learningRate0.010.05',
    ]);
    const metrics = page.getByRole('table', { name: 'Metrics compared' });
    expect(await metrics.getByRole('rowheader', { name: 'evaluate.accuracy' }).count()).toBe(1);
    await shot(page, 'tracking-compare.png');

    // The second run registered version 2: its page shows the curves of the run that made it.
    await page.goto(`${p.place.url}/models/tracked/versions/2`);
    const version = page.getByTestId('version-curves');
    await version.waitFor({ timeout: 30_000 });
    expect(await version.textContent()).toMatch(new RegExp(`Step train of run ${ids[1].slice(0, 8)}: 40 epochs, last loss [\\d.]+, validation [\\d.]+`));
    await version.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await shot(page, 'tracking-version-curves.png');
    // Version 2 compared with version 1: the two runs that registered them.
    await Promise.all([page.waitForURL(/\/runs\/compare\?ids=tracked%401,tracked%402/), page.getByRole('link', { name: 'Compare with v1' }).click()]);
    await page.getByRole('heading', { name: 'Compare 2 runs' }).waitFor();
    expect(await page.getByRole('table', { name: 'Settings compared' }).getByRole('row').allTextContents()).toEqual([
      `Setting${labels.join('')}`,
      'train.learningRate0.010.05',
    ]);
    await page.close();
  }, 240_000);

  it('shows a sweep: every trial in a sortable table and a parallel-coordinates plot; the editor counts its trials', async () => {
    const sweepSource = penguinsUpToSplit('swept', `  train:
    uses: train.mlp
    in: { table: split.train }
    with: { target: Species, features: ${FEATURES}, hidden: [8], epochs: 40, validationFraction: 0.25, seed: 3 }
    matrix:
      learningRate: [0.01, 0.03, 0.1, 0.000001]
      dropout: [0, 0.2]
    parallelism: 2
    select: { metric: val_loss }
`);
    await editor.pipeline.save.mutate({ source: sweepSource, baseDir: penguinsDir });
    const run = await editor.run.start.mutate({ pipeline: 'swept' });
    expect((await waitForRun(editor, run.id)).status).toBe('succeeded');
    const page = await p.pageAs('viewer', `/runs/${run.id}`);
    const view = page.getByTestId('sweep-view');
    await view.waitFor({ timeout: 30_000 });
    expect(await view.textContent()).toContain('Sweep of 8 trials, 2 at a time, best by val_loss (min)');
    const table = page.getByRole('table', { name: 'trials' });
    expect(await table.getByRole('row').count()).toBe(9);
    // Sorted by the selected metric: the best trial first; the stopped ones have no full run.
    const states = await table.locator('tbody td:last-child').allTextContents();
    expect(states[0]).toBe('best');
    expect(states).toContain('stopped');
    // Sort by trial number, then the other way.
    await table.getByRole('button', { name: 'Trial' }).click();
    expect((await table.locator('tbody td:first-child').allTextContents()).map(Number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    await table.getByRole('button', { name: 'Trial ↑' }).click();
    expect((await table.locator('tbody td:first-child').allTextContents()).map(Number)).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
    await expect.poll(() => page.getByTestId('sweep-parallel').locator('svg path').count(), { timeout: 30_000 }).toBeGreaterThan(8);
    await view.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await shot(page, 'sweep-run.png');

    await page.goto(`${p.place.url}/pipelines/swept/edit`);
    const badge = page.getByTestId('node-train').locator('.step-node-sweep');
    await badge.waitFor({ timeout: 30_000 });
    expect(await badge.textContent()).toBe('×8 trials');
    await page.getByRole('button', { name: /fit view/i }).click();
    await shot(page, 'sweep-editor.png');
    await page.close();
  }, 240_000);

  it('shows a model with preprocessing compiled in: the raw columns it takes, text and missing values included', async () => {
    const source = readFileSync(join(penguinsDir, 'mlp.yaml'), 'utf8');
    const run = await editor.run.start.mutate({ source, baseDir: penguinsDir });
    expect((await waitForRun(editor, run.id)).status).toBe('succeeded');
    const page = await p.pageAs('viewer', '/models/penguins-mlp/versions/1');
    const signature = page.getByTestId('version-signature');
    await signature.waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('model-preprocessing').textContent()).toMatch(/^compiled in: 6 raw columns → \d+ features$/);
    const rows = await signature.getByRole('table', { name: 'Features' }).getByRole('row').allTextContents();
    expect(rows).toEqual([
      '#FeatureTypeMissing', '0Islandtextallowed', '1Beak Length (mm)numberrefused', '2Beak Depth (mm)numberrefused',
      '3Flipper Length (mm)numberrefused', '4Body Mass (g)numberrefused', '5Sextextallowed',
    ]);
    await signature.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await shot(page, 'preprocessed-version.png');
    await page.close();
  }, 240_000);
});
