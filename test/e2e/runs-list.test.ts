// The runs list and the run's outcome in Chromium against the embedded platform with auth required, after the
// penguins example ran and registered penguins v1: run.list carries each run's metrics; the list shows columns
// for params and key metrics, sorts by a header (click again: the other way, missing values last), filters by
// pipeline, status and trigger through the address; the run page's Outcome block shows the metrics and links
// the registered version's page.
// SHOTS_DIR=/some/dir also saves screenshots (1280×800) of the runs list and the run's outcome there.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeadraceClient } from '../../server/api/client';
import { waitForRun } from '../helpers/case-env';
import { shot, startSignedInPlatform, type SignedInPlatform } from '../helpers/signed-in-platform';

let p: SignedInPlatform;
let editor: HeadraceClient;
/** The example's run, a rerun with a lower bar, one that fails its gate, and a run of a pipeline without metrics. */
const ids = { example: '', lower: '', failed: '', waits: '' };

beforeAll(async () => {
  p = await startSignedInPlatform('headrace-runs-list', { example: true });
  editor = p.client('editor');
  ids.example = (await editor.run.list.query({ pipeline: 'penguins' })).items[0].id;
  ids.lower = (await editor.run.start.mutate({ pipeline: 'penguins', params: { minAccuracy: 0.5 } })).id;
  ids.failed = (await editor.run.start.mutate({ pipeline: 'penguins', params: { minAccuracy: 1.5 } })).id;
  const waits = `headrace: 1\nname: waits\nsteps:\n  first:\n    uses: wait\n    with: { duration: 1s }\n`;
  ids.waits = (await editor.run.start.mutate({ source: waits })).id;
  for (const id of Object.values(ids)) await waitForRun(editor, id);
}, 420_000);

afterAll(async () => {
  await p?.stop();
});

const pageAs = (path: string) => p.pageAs('viewer', path);

/** The evaluate step's metrics of a run, as the run records them. */
async function evaluated(id: string): Promise<Record<string, number>> {
  const run = await editor.run.get.query({ id });
  return (run.steps.find((s) => s.stepId === 'evaluate' && (s.status === 'succeeded' || s.status === 'cached'))!.outputs as { metrics: { values: Record<string, number> } }).metrics.values;
}

// The run's cell is the third: after the compare checkbox and the status.
const shortIds = (page: Page) => page.locator('table[aria-label] tbody tr td:nth-child(3) .mono').allTextContents();

describe('run.list', () => {
  it("carries each run's metrics: those of its evaluation, none for a run that failed before or has none", async () => {
    const { items } = await editor.run.list.query({});
    const byId = new Map(items.map((r) => [r.id, r]));
    expect(byId.get(ids.example)!.metrics).toEqual(await evaluated(ids.example));
    expect(byId.get(ids.lower)!.metrics).toEqual(await evaluated(ids.lower));
    expect(byId.get(ids.example)!.metrics!.accuracy).toBeGreaterThan(0.9);
    expect(byId.get(ids.failed)!).toMatchObject({ status: 'failed', metrics: {} });
    expect(byId.get(ids.waits)!).toMatchObject({ status: 'succeeded', metrics: {} });
  });
});

describe('the runs list', () => {
  it('shows params and key metrics, and sorts by a header both ways with missing values last', async () => {
    const page = await pageAs('/runs');
    const table = page.getByRole('table', { name: 'Runs' });
    await table.locator('tbody tr').nth(3).waitFor();
    const headers = await table.locator('thead th').allTextContents();
    expect(headers.map((h) => h.replace(/[▲▼↕]/g, ''))).toEqual(['Compare', 'Status', 'Run', 'Trigger', 'Params', 'accuracy', 'macro F1', 'log loss', 'balanced accuracy', 'Started', 'Duration']);
    const example = await evaluated(ids.example);
    const row = table.locator('tr', { hasText: ids.lower.slice(0, 8) });
    expect(await row.textContent()).toContain('minAccuracy=0.5');
    expect(await row.locator('[data-column="metric:accuracy"]').textContent()).toBe(String(Number((await evaluated(ids.lower)).accuracy.toPrecision(4))));
    expect(await table.locator('tr', { hasText: ids.example.slice(0, 8) }).locator('[data-column="metric:macroF1"]').textContent()).toBe(String(Number(example.macroF1.toPrecision(4))));
    expect(await table.locator('tr', { hasText: ids.waits.slice(0, 8) }).locator('[data-column="metric:accuracy"]').textContent()).toBe('—');
    await shot(page, 'runs-list.png');

    // Newest first by default: the run that started last (the worker may start queued runs in any order).
    const { items } = await editor.run.list.query({});
    const latest = items.reduce((a, b) => (new Date(b.startedAt ?? b.createdAt) > new Date(a.startedAt ?? a.createdAt) ? b : a));
    expect((await shortIds(page))[0]).toBe(latest.id.slice(0, 8));
    const accuracy = table.getByRole('button', { name: /^accuracy/ });
    await accuracy.click();
    expect(await table.locator('th[aria-sort]').textContent()).toMatch(/^accuracy▲/);
    expect(await table.locator('th[aria-sort]').getAttribute('aria-sort')).toBe('ascending');
    let order = await shortIds(page);
    // The two runs without metrics come last, whichever the direction.
    expect(new Set(order.slice(2))).toEqual(new Set([ids.failed.slice(0, 8), ids.waits.slice(0, 8)]));
    await accuracy.click();
    expect(await table.locator('th[aria-sort]').getAttribute('aria-sort')).toBe('descending');
    order = await shortIds(page);
    expect(new Set(order.slice(2))).toEqual(new Set([ids.failed.slice(0, 8), ids.waits.slice(0, 8)]));
    const cells = await table.locator('[data-column="metric:accuracy"]').allTextContents();
    const figures = cells.slice(0, 2).map(Number);
    expect(figures[0]).toBeGreaterThanOrEqual(figures[1]);

    // By pipeline (Run): "penguins" before "waits"; Status: failed before succeeded.
    await table.getByRole('button', { name: /^Status/ }).click();
    expect((await shortIds(page))[0]).toBe(ids.failed.slice(0, 8));
    await page.close();
  });

  it('filters by pipeline, status and trigger through the address, with a column per param for one pipeline', async () => {
    const page = await pageAs('/runs');
    const filter = page.getByRole('search', { name: 'Filter runs' });
    await page.getByRole('table', { name: 'Runs' }).locator('tbody tr').nth(3).waitFor();
    await filter.getByLabel('Status').selectOption('failed');
    await page.waitForURL((u) => u.search === '?status=failed');
    const table = page.getByRole('table', { name: 'Runs' });
    await expect.poll(() => shortIds(page)).toEqual([ids.failed.slice(0, 8)]);

    await filter.getByLabel('Status').selectOption('');
    await filter.getByLabel('Pipeline').selectOption('penguins');
    await page.waitForURL((u) => u.search === '?pipeline=penguins');
    await page.getByRole('heading', { name: 'Runs of penguins' }).waitFor();
    const one = page.getByRole('table', { name: 'Runs of penguins' });
    await expect.poll(async () => (await one.locator('tbody tr').count())).toBe(3);
    // One pipeline: each param has its own sortable column.
    expect(await one.locator('thead th').nth(1).textContent()).toMatch(/^Status/);
    expect(await one.getByRole('button', { name: /^minAccuracy/ }).count()).toBe(1);
    await one.getByRole('button', { name: /^minAccuracy/ }).click();
    expect(await one.locator('[data-column="param:minAccuracy"]').allTextContents()).toEqual(['0.5', '0.9', '1.5']);

    // The trigger filter is read from the address too; no run of penguins was started by a schedule.
    await page.goto(`${p.place.url}/runs?pipeline=penguins&trigger=schedule`);
    await page.getByText('No runs of penguins started by schedule yet.').waitFor();
    expect(await page.getByRole('search', { name: 'Filter runs' }).getByLabel('Trigger').inputValue()).toBe('schedule');
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.waitForURL((u) => u.pathname === '/runs' && u.search === '');
    await expect.poll(async () => (await table.locator('tbody tr').count())).toBe(4);
    await page.close();
  });
});

describe("the run's outcome", () => {
  it('shows the metrics and links the registered version', async () => {
    const page = await pageAs(`/runs/${ids.example}`);
    const outcome = page.getByTestId('run-outcome');
    await outcome.waitFor();
    const example = await evaluated(ids.example);
    const text = await outcome.textContent();
    expect(text).toContain(`accuracy${String(Number(example.accuracy.toPrecision(4)))}`);
    expect(text).toContain(`macro F1${String(Number(example.macroF1.toPrecision(4)))}`);
    const link = outcome.getByRole('link', { name: 'penguins v1' });
    expect(await link.getAttribute('href')).toBe('/models/penguins/versions/1');
    expect(text).toContain('staging');
    await outcome.scrollIntoViewIfNeeded();
    await shot(page, 'run-outcome.png');
    await Promise.all([page.waitForURL((u) => u.pathname === '/models/penguins/versions/1'), link.click()]);

    // A run without metrics or a version has no Outcome block.
    await page.goto(`${p.place.url}/runs/${ids.waits}`);
    await page.getByTestId('run-status').waitFor();
    await expect.poll(() => page.getByTestId('run-status').textContent()).toContain('succeeded');
    expect(await page.getByTestId('run-outcome').count()).toBe(0);
    await page.close();
  });
});
