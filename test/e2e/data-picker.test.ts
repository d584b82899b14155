// The ingest step's data file picker in Chromium against the embedded platform: a CSV under a data root is
// found in the file browser (folders, sizes), previewed with its inferred column types, used as the step's
// `path`, and its columns declared in one click, which the YAML and the saved plan then hold; a file uploaded
// from the browser lands in the platform's uploads folder and is previewed there.
// SHOTS_DIR=/some/dir also saves screenshots (1280×800) of the preview, the declared columns and the upload.
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../dsl/compile';
import { createHeadraceClient } from '../../server/api/client';
import { launchChromium } from '../helpers/browser';
import { dropFromPalette, node, yamlPaneText } from '../helpers/flow';
import { startPlatform, stopLauncher } from '../helpers/platform';

let home: string;
let url: string;
let child: ChildProcess | undefined;
let browser: Browser;
/** A folder under the tmpdir data root ("0-" sorts it first among the root's folders). */
let dataDir: string;
const shots = process.env.SHOTS_DIR;
const shot = (page: Page, name: string) => (shots ? page.screenshot({ path: join(shots, name) }) : undefined);

const FLOWERS = ['petal,width,species,seen', '1.4,0.2,setosa,2024-01-02', '4.7,1.4,versicolor,2024-02-03', '5.9,2.1,virginica,2024-03-04', ''].join('\n');

beforeAll(async () => {
  dataDir = realpathSync(mkdtempSync(join(tmpdir(), '0-headrace-picker-')));
  writeFileSync(join(dataDir, 'flowers.csv'), FLOWERS);
  writeFileSync(join(dataDir, 'readme.md'), 'not a data file');
  const started = await startPlatform('headrace-data-picker', ['--no-example'], { timeoutMs: 600_000 });
  child = started.child;
  ({ home, url } = started.place);
  browser = await launchChromium();
  if (shots) mkdirSync(shots, { recursive: true });
}, 620_000);

afterAll(async () => {
  await browser?.close();
  if (child) await stopLauncher(child);
  rmSync(home, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the ingest data picker', () => {
  it('picks a CSV from a data root, previews it, declares its columns in one click, and uploads a file', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      await page.goto(`${url}/pipelines/new`);
      await page.getByLabel('Name', { exact: true }).fill('picked');
      await page.getByRole('button', { name: 'Create and open the editor' }).click();
      await page.locator('.react-flow__pane').waitFor();
      await page.getByTestId('yaml-pane').locator('.view-line').first().waitFor();
      await dropFromPalette(page, 'ingest.csv', { x: 60, y: 60 });
      await node(page, 'ingest').click();
      const picker = page.getByTestId('data-picker');
      await picker.getByRole('button', { name: 'Choose a file…' }).click();

      // The first root is the tmpdir: find the folder, open it; the CSV is listed with its size, the .md is not.
      await picker.getByLabel('Filter files by name').fill(basename(dataDir));
      await picker.getByRole('button', { name: basename(dataDir) }).click();
      const flowers = picker.getByRole('button', { name: /flowers\.csv/ });
      await expect.poll(() => flowers.innerText()).toMatch(/flowers\.csv\s*\n?\s*\d+ B/);
      expect(await picker.getByRole('button', { name: /readme\.md/ }).count()).toBe(0);
      await expect.poll(() => picker.innerText()).toMatch(/1 other entry \(not data files\) not shown/);

      // The preview: the first rows under their column names and inferred types.
      await flowers.click();
      const table = picker.getByRole('table', { name: 'First rows' });
      await table.waitFor();
      expect(await table.locator('thead th').allInnerTexts()).toEqual(['petal\nnumber', 'width\nnumber', 'species\nstring', 'seen\ndate']);
      expect(await table.locator('tbody tr').count()).toBe(3);
      expect(await table.locator('tbody tr').first().locator('td').allInnerTexts()).toEqual(['1.4', '0.2', 'setosa', '2024-01-02']);
      await shot(page, 'data-picker-preview.png');

      // Use it: `path` is set to the file; then one click declares its four columns.
      await picker.getByRole('button', { name: 'Use this file' }).click();
      const csv = join(dataDir, 'flowers.csv');
      await expect.poll(() => page.locator('.editor-config .cf-field[data-path="path"] input').inputValue()).toBe(csv);
      await picker.getByRole('button', { name: 'Declare these 4 columns' }).click();
      await expect.poll(() => picker.getByRole('status').innerText()).toBe('These columns are declared.');
      await expect.poll(() => yamlPaneText(page)).toMatch(/columns:[\s\S]*petal[\s\S]*number[\s\S]*seen[\s\S]*date/);
      // (The path is checked in the form above and in the saved plan below: the YAML pane may wrap its long line.)
      await shot(page, 'data-picker-declared.png');

      // Saved, the plan holds the path and the columns: the checker knows the table's schema.
      await page.getByTestId('save').click();
      await page.getByRole('status').filter({ hasText: /Saved picked v1/ }).waitFor({ timeout: 10_000 });
      const saved = await createHeadraceClient({ url }).pipeline.get.query({ name: 'picked' });
      const { plan, diagnostics } = compile(saved.version.source, { dataRoots: [realpathSync(tmpdir())] });
      expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(plan!.steps[0].config).toMatchObject({
        path: csv,
        columns: { petal: { type: 'number' }, width: { type: 'number' }, species: { type: 'string' }, seen: { type: 'date' } },
      });

      // Upload: the file lands in HEADRACE_HOME/data/uploads and the browser previews it there.
      await picker.getByRole('button', { name: 'Choose another file…' }).click();
      await expect.poll(() => picker.innerText()).toMatch(/Up to 256 MiB, stored in/);
      await picker.getByLabel('Upload a file').setInputFiles({ name: 'my data.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b\n1,x\n2,y\n') });
      const uploaded = join(realpathSync(home), 'data', 'uploads', 'my_data.csv');
      await expect.poll(() => picker.getByTestId('dp-preview').innerText(), { timeout: 10_000 }).toMatch(/my_data\.csv/);
      expect(await table.locator('thead th').allInnerTexts()).toEqual(['a\ninteger', 'b\nstring']);
      expect(readFileSync(uploaded, 'utf8')).toBe('a,b\n1,x\n2,y\n');
      await shot(page, 'data-picker-upload.png');
      await picker.getByRole('button', { name: 'Use this file' }).click();
      await expect.poll(() => page.locator('.editor-config .cf-field[data-path="path"] input').inputValue()).toBe(uploaded);
      expect(existsSync(uploaded)).toBe(true);
    } finally {
      await page.close();
    }
  });
});
