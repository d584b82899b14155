// A new user's first pipeline, entirely in the browser (Chromium against `headrace start` with auth required):
// name it, add an ingest step from the palette, upload a CSV made here from the data picker (its preview shows
// the columns with their types), declare its columns in one click, add split, train, evaluate and register
// (each lands wired to the step selected before it), draw the other wires on the canvas, choose the target, the
// stratify column and the features from the column choices, save, run, and read the outcome on the run page:
// the evaluation metrics and the registered model version.
// The picker also shows the upload limit (lowered here with HEADRACE_UPLOAD_MAX_BYTES), a progress bar while a
// large file goes up, and a sentence for a file over the limit.
// SHOTS_DIR=/some/dir also saves screenshots (1280×800) of the picker's preview, the wired graph, the finished
// run and the upload progress.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectHandles, node } from '../helpers/flow';
import { shot, startSignedInPlatform, type SignedInPlatform } from '../helpers/signed-in-platform';

const LIMIT = 4 * 1024 * 1024;

let p: SignedInPlatform;

beforeAll(async () => {
  p = await startSignedInPlatform('headrace-first-pipeline', { example: false, env: { HEADRACE_UPLOAD_MAX_BYTES: String(LIMIT) } });
}, 320_000);

afterAll(async () => {
  await p?.stop();
});

/**
 * 300 customers: two numeric features that decide the class (with a margin, so a logistic regression learns
 * it), a third that does not, and the label. Deterministic, so the run's figures are the same every time.
 */
function customersCsv(rows = 300): string {
  const lines = ['tenure,charges,visits,churned'];
  for (let i = 0; i < rows; i++) {
    const tenure = (i * 37) % 60;
    const charges = 20 + ((i * 53) % 80);
    const visits = (i * 7) % 11;
    const score = charges / 100 - tenure / 60;
    lines.push(`${tenure},${charges.toFixed(1)},${visits},${score > 0 ? 'yes' : 'no'}`);
  }
  return lines.join('\n') + '\n';
}

/** The config panel of one step (the form beside the canvas). */
const panel = (page: Page, step: string) => page.getByRole('complementary', { name: `Configuration of ${step}` });

/** Opens a step's configuration: a loaded machine can swallow a click on a canvas still settling, so one more. */
async function openPanel(page: Page, step: string) {
  await node(page, step).click();
  const opened = await panel(page, step).waitFor({ timeout: 3000 }).then(() => true, () => false);
  if (!opened) await node(page, step).click();
  return panel(page, step);
}

/**
 * Waits until the canvas has stopped moving (Layout computes, then animates; a fit animates): the node's box and
 * the viewport's transform read the same four times running, 150 ms apart.
 */
async function settled(page: Page, id: string): Promise<void> {
  const read = async () => JSON.stringify([await node(page, id).boundingBox(), await page.locator('.react-flow__viewport').getAttribute('style')]);
  let last = await read();
  let same = 0;
  await expect
    .poll(async () => {
      const now = await read();
      same = now === last ? same + 1 : 0;
      last = now;
      return same;
    }, { interval: 150 })
    .toBeGreaterThanOrEqual(4);
}

/** Lays the graph out and fits it in view, once each has finished moving it. */
async function layOutAndFit(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Auto layout' }).click();
  await settled(page, 'registry');
  await page.getByRole('button', { name: /fit view/i }).click();
  await settled(page, 'registry');
}

/** Adds a step kind from the palette with the keyboard, as the palette offers (no drop position needed). */
async function addFromPalette(page: Page, kind: string, id: string): Promise<void> {
  await page.getByTestId(`palette-${kind}`).press('Enter');
  await node(page, id).waitFor();
  await panel(page, id).waitFor();
}

describe('the first pipeline, in the browser', () => {
  it('uploads a CSV and builds, saves and runs a pipeline on it, ending with its metrics and registered version', async () => {
    const page = await p.pageAs('editor', '/pipelines/new');
    try {
      await page.getByLabel('Name', { exact: true }).fill('my-first');
      await page.getByRole('button', { name: 'Create and open the editor' }).click();
      await page.getByRole('toolbar', { name: 'Editor' }).getByText('my-first').waitFor();

      // Ingest: the data picker uploads the CSV and previews it; one click uses it, one more declares its columns.
      await addFromPalette(page, 'ingest.csv', 'ingest');
      const picker = panel(page, 'ingest').getByRole('region', { name: 'Data file' });
      await picker.getByRole('button', { name: 'Choose a file…' }).click();
      await expect.poll(() => picker.innerText()).toMatch(/Up to 4\.0 MiB, stored in \S+\/data\/uploads\./);
      await picker.getByLabel('Upload a file').setInputFiles({ name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(customersCsv()) });
      const preview = picker.getByTestId('dp-preview');
      await expect.poll(() => preview.innerText(), { timeout: 15_000 }).toMatch(/customers\.csv · \d+(\.\d)? KiB · 4 columns · read by ingest\.csv/);
      const table = preview.getByRole('table', { name: 'First rows' });
      expect(await table.locator('thead th').allInnerTexts()).toEqual(['tenure\ninteger', 'charges\nnumber', 'visits\ninteger', 'churned\nstring']);
      expect(await table.locator('tbody tr').first().locator('td').allInnerTexts()).toEqual(['0', '20.0', '0', 'yes']);
      await shot(page, 'first-pipeline-picker-preview.png');
      await picker.getByRole('button', { name: 'Use this file' }).click();
      await picker.getByRole('button', { name: 'Declare these 4 columns' }).click();
      await picker.getByRole('status').filter({ hasText: 'These columns are declared.' }).waitFor();
      expect(await panel(page, 'ingest').getByLabel('path', { exact: true }).inputValue()).toMatch(/\/data\/uploads\/customers\.csv$/);

      // The rest of the chain, from the palette: each added while the one before is selected, so wired to it.
      await addFromPalette(page, 'prepare.split', 'prepare');
      await addFromPalette(page, 'train.logistic', 'train');
      await addFromPalette(page, 'evaluate.classifier', 'evaluate');
      await addFromPalette(page, 'registry.register', 'registry');
      const chained = ['ingest.table->prepare.table', 'prepare.train->train.table', 'train.model->evaluate.model', 'evaluate.metrics->registry.metrics'];
      const edgeIds = () => page.locator('.react-flow__edge').evaluateAll((els) => els.map((el) => el.getAttribute('data-id')).sort());
      await expect.poll(edgeIds).toEqual([...chained].sort());

      // Wire it on the canvas: first the whole graph in view, with no panel over it.
      await page.getByRole('button', { name: 'Close configuration' }).click();
      await panel(page, 'registry').waitFor({ state: 'detached' });
      await page.getByRole('button', { name: 'Hide YAML' }).click();
      await layOutAndFit(page);
      // The two wires that do not follow the chain.
      const wires: Array<[string, string, string, string]> = [
        ['prepare', 'test', 'evaluate', 'table'],
        ['train', 'model', 'registry', 'model'],
      ];
      const edges = async () => (await page.locator('.react-flow__edge').count()) - chained.length;
      for (const [i, [from, out, to, port]] of wires.entries()) {
        await connectHandles(page, { id: from, port: out }, { id: to, port });
        // A loaded machine can swallow a drag that starts while the canvas settles: draw that wire once more (an
        // input holds one wire, so a late first one is replaced, never doubled).
        const drawn = await expect.poll(edges, { timeout: 3000 }).toBe(i + 1).then(() => true, () => false);
        if (!drawn) await connectHandles(page, { id: from, port: out }, { id: to, port });
        await expect.poll(edges, { message: `${from}.${out} -> ${to}.${port}` }).toBe(i + 1);
      }
      await layOutAndFit(page);

      // The column fields now offer the uploaded file's columns: choose from them.
      await (await openPanel(page, 'prepare')).getByLabel('stratify', { exact: true }).selectOption('churned');
      const train = await openPanel(page, 'train');
      const target = train.getByLabel('target', { exact: true });
      expect(await target.locator('option').allInnerTexts()).toEqual(['Choose a column…', 'tenure · integer', 'charges · number', 'visits · integer', 'churned · string']);
      await target.selectOption('churned');
      const features = train.getByRole('group', { name: 'features' });
      for (const column of ['tenure', 'charges']) {
        await features.getByLabel('Add to features').selectOption(column);
        await features.getByRole('button', { name: 'Add', exact: true }).click();
        await features.getByRole('button', { name: `Remove ${column} from features` }).waitFor();
      }
      await (await openPanel(page, 'registry')).getByLabel('name', { exact: true }).fill('my-first-model');
      await panel(page, 'registry').getByLabel('stage', { exact: true }).selectOption('staging');
      await page.getByRole('button', { name: 'Close configuration' }).click();
      await expect.poll(() => page.getByRole('toolbar', { name: 'Editor' }).innerText()).toMatch(/0 errors/);
      await settled(page, 'registry');
      await page.getByRole('button', { name: /fit view/i }).click();
      await settled(page, 'registry');
      await shot(page, 'first-pipeline-wired.png');

      // Save, then run from the editor; the run page opens.
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByRole('status').filter({ hasText: 'Saved my-first v1' }).waitFor({ timeout: 15_000 });
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      await Promise.all([
        page.waitForURL((u) => u.pathname.startsWith('/runs/'), { timeout: 30_000 }),
        page.getByRole('form', { name: 'Run parameters' }).getByRole('button', { name: 'Start run' }).click(),
      ]);

      // The run page ends with succeeded, the evaluation metrics and the registered version.
      await expect.poll(() => page.getByTestId('run-status').innerText(), { timeout: 240_000, interval: 1000 }).toMatch(/succeeded/i);
      const outcome = page.getByRole('region', { name: 'Outcome' });
      await outcome.waitFor();
      await shot(page, 'first-pipeline-run.png');
      const names = await outcome.getByRole('term').allInnerTexts();
      const values = await outcome.getByRole('definition').allInnerTexts();
      const figures = Object.fromEntries(names.map((n, i) => [n, Number(values[i])]));
      expect(names[0]).toBe('accuracy');
      expect(figures.accuracy).toBeGreaterThan(0.8);
      expect(names.length).toBeGreaterThan(1);
      const registered = outcome.getByRole('link', { name: 'my-first-model v1' });
      expect(await registered.getAttribute('href')).toBe('/models/my-first-model/versions/1');
      expect(await outcome.innerText()).toMatch(/Registered my-first-model v1\s*staging\s*by step registry/);

      // What the user saw is what the platform holds: the version, with the features and target chosen in the form.
      const version = await p.client('viewer').model.version.query({ name: 'my-first-model', version: 1 });
      expect(version).toMatchObject({ stage: 'staging', registeredBy: 'editor-user', hyperparameters: { target: 'churned', features: ['tenure', 'charges'] } });
      expect(version.features.map((f) => f.name)).toEqual(['tenure', 'charges']);
    } finally {
      await page.close();
    }
  });

  it('shows the upload limit, a progress bar while a large file goes up, and a sentence for a file over the limit', async () => {
    const page = await p.pageAs('editor', '/pipelines/new');
    try {
      await page.getByLabel('Name', { exact: true }).fill('large-upload');
      await page.getByRole('button', { name: 'Create and open the editor' }).click();
      await addFromPalette(page, 'ingest.csv', 'ingest');
      const picker = panel(page, 'ingest').getByRole('region', { name: 'Data file' });
      await picker.getByRole('button', { name: 'Choose a file…' }).click();
      await picker.getByText(/Up to 4\.0 MiB/).waitFor();

      // Hold the upload in flight (until the screenshot is taken) to see the progress bar.
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      await page.route('**/api/data/upload?*', async (route) => {
        await held;
        await route.continue();
      });
      const big = customersCsv(200_000); // about 2.7 MiB
      expect(big.length).toBeGreaterThan(2 * 1024 * 1024);
      expect(big.length).toBeLessThan(LIMIT);
      await picker.getByLabel('Upload a file').setInputFiles({ name: 'large.csv', mimeType: 'text/csv', buffer: Buffer.from(big) });
      const progress = picker.getByRole('progressbar', { name: 'Uploading large.csv' });
      await progress.waitFor();
      expect(await picker.innerText()).toMatch(/Uploading large\.csv: \d+(\.\d)? (B|KiB|MiB) of 2\.\d MiB/);
      await shot(page, 'first-pipeline-upload-progress.png');
      release();
      await expect.poll(() => picker.getByTestId('dp-preview').innerText(), { timeout: 30_000 }).toMatch(/large\.csv · \d\.\d MiB · 4 columns/);
      expect(await progress.count()).toBe(0);
      await page.unroute('**/api/data/upload?*');

      // Over the limit: refused in the browser with a sentence, before anything is sent.
      await picker.getByLabel('Upload a file').setInputFiles({ name: 'huge.csv', mimeType: 'text/csv', buffer: Buffer.alloc(LIMIT + 512 * 1024, 'a') });
      await picker.getByRole('alert').filter({ hasText: 'huge.csv is 4.5 MiB; uploads are limited to 4.0 MiB.' }).waitFor();
    } finally {
      await page.close();
    }
  });
});
