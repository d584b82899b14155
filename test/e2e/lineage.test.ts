// Versions and lineage in Chromium against the embedded platform with auth required: `headrace start` runs the
// penguins example (penguins v1, deployed to endpoint penguins); the test runs a second pipeline twice on a copy of
// the penguins file, changed between the runs. A viewer opens the lineage page from the model version page (every
// node of dataset.lineage drawn, each a link to its page, the endpoint reached), the sources on /datasets, and the
// versions table of the changed file with its two versions compared.
// SHOTS_DIR=/some/dir also saves screenshots (1280×800, light and dark) of the lineage page and the versions there.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lineageHref, modelHref } from '../../app/_lib/links';
import { penguinsDir, pipelineSource, waitForRun } from '../helpers/case-env';
import { shot, startSignedInPlatform, type SignedInPlatform } from '../helpers/signed-in-platform';

let p: SignedInPlatform;
let dir: string;
let file: string;

/** Light and dark screenshots of what the page shows now. */
async function shots(page: Page, name: string): Promise<void> {
  await page.emulateMedia({ colorScheme: 'light' });
  await shot(page, `${name}.png`);
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot(page, `${name}-dark.png`);
  await page.emulateMedia({ colorScheme: 'light' });
}

beforeAll(async () => {
  p = await startSignedInPlatform('headrace-lineage', { example: true });
  expect(p.output()).toMatch(/run [0-9a-f-]{36} succeeded/);
  dir = mkdtempSync(join(tmpdir(), 'headrace-lineage-e2e-'));
  mkdirSync(join(dir, 'data'));
  file = join(dir, 'data', 'penguins.json');
  copyFileSync(join(penguinsDir, 'data', 'penguins.json'), file);
  const editor = p.client('editor');
  const source = pipelineSource('lineage-e2e').replace(/\n {2}deploy:\n( {4}.*\n?)+/, '\n');
  for (let i = 0; i < 2; i++) {
    // The second run reads the file without its last 30 penguins: a second version of the source.
    if (i === 1) writeFileSync(file, JSON.stringify((JSON.parse(readFileSync(file, 'utf8')) as unknown[]).slice(0, -30)));
    const run = await editor.run.start.mutate({ source, baseDir: dir });
    const done = await waitForRun(editor, run.id, 180_000);
    expect(done.status, done.error ?? '').toBe('succeeded');
  }
}, 600_000);

afterAll(async () => {
  await p?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the lineage page', () => {
  it('opens from the model version page and draws every node of dataset.lineage, each a link to its page', async () => {
    const graph = await p.client('viewer').dataset.lineage.query({ model: 'penguins@1' });
    const page = await p.pageAs('viewer', modelHref('penguins', 1));
    await Promise.all([page.waitForURL((u) => u.pathname === '/lineage'), page.getByRole('link', { name: 'Lineage', exact: true }).click()]);
    expect(new URL(page.url()).search).toBe(lineageHref({ model: 'penguins@1' }).slice('/lineage'.length));
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Lineage of model version penguins v1');

    const drawn = page.getByTestId('lineage-graph').locator('.react-flow__node');
    await expect.poll(() => drawn.count()).toBe(graph.nodes.length);
    for (const n of graph.nodes) {
      expect(await page.getByTestId(`lineage-node-${n.id}`).getAttribute('href'), n.id).toBe(n.href);
    }
    // Both ends: the file it was trained on, and the endpoint serving it.
    // The example's file; the copy the other pipeline read first is the same table (tables are content-addressed),
    // so it is a source of that table too.
    const source = graph.nodes.find((n) => n.type === 'source' && n.label.endsWith('/examples/penguins/data/penguins.json'))!;
    expect(source).toBeDefined();
    expect(graph.nodes.filter((n) => n.type === 'source').map((n) => n.label)).toContain(file);
    const answer = page.getByTestId('lineage-answer');
    expect(await answer.textContent()).toContain('penguins.json');
    expect(await answer.textContent()).toContain('penguins');
    expect(graph.nodes.map((n) => n.type)).toEqual(expect.arrayContaining(['source', 'table', 'run', 'modelVersion', 'endpoint']));
    // Laid out left to right: the source left of the model, the model left of the endpoint.
    const x = async (id: string) => (await page.getByTestId(`lineage-node-${id}`).boundingBox())!.x;
    expect(await x(source.id)).toBeLessThan(await x('model:penguins@1'));
    expect(await x('model:penguins@1')).toBeLessThan(await x('endpoint:penguins'));
    await shots(page, 'lineage-model');

    await Promise.all([page.waitForURL((u) => u.pathname === '/endpoints/penguins'), page.getByTestId('lineage-node-endpoint:penguins').click()]);
    await page.close();
  });
});

describe('the versions of a source', () => {
  it('lists the sources, then on the dataset page the versions over time, two of them compared', async () => {
    const viewer = p.client('viewer');
    const versions = (await viewer.dataset.versions.query({ source: `file:${file}` }))!;
    expect(versions.versions.map((v) => [v.version, v.rows])).toEqual([[2, 314], [1, 344]]);

    const page = await p.pageAs('viewer', '/datasets');
    const sources = page.getByRole('table', { name: 'Sources' });
    await sources.waitFor();
    const row = page.getByTestId(`source-file:${file}`);
    expect((await row.locator('td').allTextContents()).slice(0, 3)).toEqual(['ingest.json', '2', '2']);
    await shots(page, 'datasets-sources');

    await Promise.all([page.waitForURL((u) => u.pathname.startsWith('/datasets/')), row.getByRole('link', { name: file, exact: true }).click()]);
    expect(new URL(page.url()).pathname).toBe(`/datasets/${versions.versions[0].datasetId}`);
    const table = page.getByRole('table', { name: 'Versions of the source' });
    await table.waitFor();
    expect(await table.locator('tbody tr').count()).toBe(2);
    expect(await page.getByTestId('version-2').locator('th').textContent()).toBe('v2 (this one)');
    const v1 = (await page.getByTestId('version-1').locator('td').allTextContents()).map((t) => t.trim());
    expect(v1).toContain('344');
    expect(v1).toContain(versions.versions[1].hash.slice(0, 12));
    // Read by: the first run's short id.
    expect(await page.getByRole('list', { name: 'Runs that read v1' }).textContent()).toContain(versions.versions[1].runs[0].runId.slice(0, 8));

    // By default v1 → v2: 30 rows fewer, and the figures that moved are marked.
    expect(await page.getByLabel('Compare from v1').isChecked()).toBe(true);
    expect(await page.getByLabel('Compare to v2').isChecked()).toBe(true);
    const changes = page.getByRole('list', { name: 'Schema changes' });
    await expect.poll(async () => (await changes.textContent())?.replace(/\s+/g, ' ')).toContain('Rows 344 → 314 (-30)');
    expect(await changes.textContent()).toContain('Same columns, of the same types');
    const diffs = page.getByRole('table', { name: 'Column profile differences' });
    expect(await diffs.locator('tbody tr').count()).toBe(7);
    expect(await page.getByTestId('compare-Body Mass (g)').locator('[data-differs]').count()).toBeGreaterThan(0);
    // The statistics and rows of the table itself stay below.
    expect(await page.getByRole('table', { name: 'Preview rows' }).locator('tbody tr').count()).toBe(20);
    await page.getByRole('heading', { name: 'Versions of its source' }).scrollIntoViewIfNeeded();
    await shots(page, 'dataset-versions');

    // Swapping the sides compares v2 → v1.
    await page.getByLabel('Compare from v2').check();
    await page.getByLabel('Compare to v1').check();
    await expect.poll(async () => (await changes.textContent())?.replace(/\s+/g, ' ')).toContain('Rows 314 → 344 (+30)');

    // The lineage of the source: both versions of the model it fed.
    await Promise.all([page.waitForURL((u) => u.pathname === '/lineage'), page.getByRole('link', { name: 'lineage of the source' }).click()]);
    const graph = await viewer.dataset.lineage.query({ dataset: `file:${file}` });
    // Its first version is the example's table byte for byte (tables are content-addressed): it fed penguins v1 too.
    expect(graph.nodes.filter((n) => n.type === 'modelVersion').map((n) => n.label).sort()).toEqual(['lineage-e2e v1', 'lineage-e2e v2', 'penguins v1']);
    await expect.poll(() => page.getByTestId('lineage-graph').locator('.react-flow__node').count()).toBe(graph.nodes.length);
    expect(await page.getByTestId('lineage-answer').textContent()).toContain('lineage-e2e v2');
    await shots(page, 'lineage-source');
    await page.close();
  });
});
