// The dataset page in Chromium against the embedded platform with auth required: `headrace start` runs the
// penguins example; a viewer opens the run page, follows the split step's `train` table to its dataset page
// and sees its size, schema with per-column statistics (nulls, min/max/mean, distinct, a histogram or the
// top values), the first rows, and the runs and the model version that used it.
// SHOTS_DIR=/some/dir also saves a screenshot (1280×800) of the dataset page there.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelHref } from '../../app/_lib/links';
import { shot, startSignedInPlatform, type SignedInPlatform } from '../helpers/signed-in-platform';

const finished = /run ([0-9a-f-]{36}) (succeeded|failed|cancelled)/;
let p: SignedInPlatform;
let runId: string;

beforeAll(async () => {
  p = await startSignedInPlatform('headrace-dataset', { example: true });
  const m = p.output().match(finished);
  expect(m?.[2], p.output()).toBe('succeeded');
  runId = m![1];
}, 320_000);

afterAll(async () => {
  await p?.stop();
});

describe('the dataset page', () => {
  it("opens from a run's table output with the schema, statistics, preview rows and the runs and models that used it", async () => {
    const viewer = p.client('viewer');
    const run = await viewer.run.get.query({ id: runId });
    const train = run.steps.find((s) => s.stepId === 'split')!.outputs as Record<string, { hash: string; rows: number }>;
    const dataset = await viewer.dataset.get.query({ id: train.train.hash });

    const page = await p.pageAs('viewer', `/runs/${runId}`);
    const split = page.getByTestId('step-split');
    await split.waitFor();
    if ((await split.getAttribute('data-expanded')) !== 'true') await split.getByRole('button', { name: 'Show details of split' }).click();
    await split.getByRole('link', { name: 'Dataset of train' }).scrollIntoViewIfNeeded();
    await shot(page, 'run-table-output-link.png');
    await Promise.all([page.waitForURL((u) => u.pathname.startsWith('/datasets/')), split.getByRole('link', { name: 'Dataset of train' }).click()]);
    expect(new URL(page.url()).pathname).toBe(`/datasets/${train.train.hash}`);

    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Dataset ${train.train.hash.slice(0, 12)}`);
    expect(await page.getByTestId('dataset-size').textContent()).toBe(`${dataset.rows} rows × 7 columns`);

    // Schema and statistics: one row per column, in table order, with its type.
    const columns = page.getByRole('table', { name: 'Schema and column statistics' });
    await columns.waitFor();
    const names = await columns.locator('tbody th[scope="row"]').allTextContents();
    expect(names).toEqual(dataset.schema.map((c) => c.name));
    const mass = page.getByTestId('column-Body Mass (g)');
    const massCells = await mass.locator('td').allTextContents();
    // type, nulls, distinct, min, max, mean, distribution
    expect(massCells[0]).toBe('number');
    expect(massCells[1]).toBe('0'); // clean dropped the rows without measurements
    expect(Number(massCells[3].replace(/,/g, ''))).toBeGreaterThanOrEqual(2000);
    expect(Number(massCells[4].replace(/,/g, ''))).toBeLessThanOrEqual(7000);
    expect(Number(massCells[5].replace(/,/g, ''))).toBeGreaterThan(Number(massCells[3].replace(/,/g, '')));
    expect(await mass.getByRole('img', { name: 'Histogram of Body Mass (g)' }).locator('rect').count()).toBeGreaterThan(1);
    const species = page.getByTestId('column-Species');
    expect((await species.locator('td').allTextContents())[2]).toBe('3');
    const top = species.getByRole('list', { name: 'Most frequent values of Species' });
    expect((await top.getByRole('listitem').allTextContents()).map((t) => t.replace(/[\d,]+$/, ''))).toEqual(expect.arrayContaining(['Adelie', 'Chinstrap', 'Gentoo']));

    // The first rows, with every column.
    const preview = page.getByRole('table', { name: 'Preview rows' });
    expect(await preview.locator('thead th').allTextContents()).toEqual(['#', ...dataset.schema.map((c) => c.name)]);
    expect(await preview.locator('tbody tr').count()).toBe(Math.min(20, dataset.rows));
    expect(await preview.locator('tbody tr').first().locator('td').count()).toBe(1 + dataset.schema.length);

    // Lineage: split wrote it, train read it, and the registered version was trained on it.
    const used = page.getByRole('table', { name: 'Runs that used it' });
    const uses = (await used.locator('tbody tr').allTextContents()).map((t) => t.replace(/\s+/g, ' '));
    expect(uses.some((t) => t.includes(runId.slice(0, 8)) && t.includes('penguins') && t.includes('split') && t.includes('wrote'))).toBe(true);
    expect(uses.some((t) => t.includes('train') && t.includes('read'))).toBe(true);
    const models = page.getByRole('list', { name: 'Models trained on it' });
    expect(await models.textContent()).toContain('penguins v1');
    expect(await models.getByRole('link', { name: /penguins v1/ }).getAttribute('href')).toBe(modelHref('penguins', 1));

    await shot(page, 'dataset-page.png');
    if (process.env.SHOTS_DIR) await page.screenshot({ path: join(process.env.SHOTS_DIR, 'dataset-page-full.png'), fullPage: true });

    // Up to 100 rows on request.
    await page.getByRole('button', { name: 'show 100' }).click();
    await expect.poll(() => preview.locator('tbody tr').count()).toBe(Math.min(100, dataset.rows));
    await page.close();
  });
});
