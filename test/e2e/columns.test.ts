// Column choices in the editor, in Chromium against the embedded platform: on the penguins example (whose
// ingest step declares its columns), the train step's form offers the upstream columns with their types as
// the target's choices and only the numeric ones for features; Monaco's completion at `target: ` lists them
// and inserts the one picked. SHOTS_DIR=/some/dir also saves screenshots of the form and the completion.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHeadraceClient } from '../../server/api/client';
import { launchChromium } from '../helpers/browser';
import { monacoLineEnd, node, openEditor, yamlPaneText } from '../helpers/flow';
import { startPlatform, stopLauncher } from '../helpers/platform';

let home: string;
let url: string;
let child: ChildProcess | undefined;
let browser: Browser;
let page: Page | undefined;
const shots = process.env.SHOTS_DIR;

const all = ['Species', 'Island', 'Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)', 'Sex'];
const numeric = ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)'];

beforeAll(async () => {
  const started = await startPlatform('headrace-columns', ['--no-example'], { timeoutMs: 240_000 });
  child = started.child;
  ({ home, url } = started.place);
  const client = createHeadraceClient({ url });
  await client.pipeline.save.mutate({ source: readFileSync('examples/penguins/pipeline.yaml', 'utf8'), baseDir: resolve('examples/penguins') });
  browser = await launchChromium();
  if (shots) mkdirSync(shots, { recursive: true });
}, 300_000);

afterAll(async () => {
  await page?.close();
  await browser?.close();
  if (child) await stopLauncher(child);
  rmSync(home, { recursive: true, force: true });
});

// The editor opens readable on the first steps; the tests click `train`, further on.
const openPenguins = () => openEditor(browser, url, 'penguins', { steps: 8, fit: true });

const optionTexts = (select: ReturnType<Page['locator']>) =>
  select.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).textContent ?? ''));

describe('column choices', () => {
  it('offers the upstream columns with their types in the train step form, numeric ones only for features', async () => {
    page = await openPenguins();
    await node(page, 'train').click();
    const target = page.locator('.editor-config .cf-field[data-path="target"] select');
    await target.waitFor();
    expect(await target.inputValue()).toBe('Species');
    expect(await optionTexts(target)).toEqual(['Choose a column…', ...all.map((n) => `${n} · ${n === 'Species' || n === 'Island' || n === 'Sex' ? 'string' : 'number'}`)]);
    await expect.poll(() => page?.locator('.editor-config .cf-field[data-path="target"]').textContent()).toContain('of split.train');

    // features lists all four numeric columns already: its add list has none left; removing one offers it again.
    const features = page.locator('.editor-config fieldset[data-path="features"]');
    expect(await optionTexts(features.locator('select.cf-columns'))).toEqual(['every column is listed']);
    await features.getByRole('button', { name: 'Remove Body Mass (g) from features' }).click();
    await expect.poll(() => optionTexts(features.locator('select.cf-columns'))).toEqual(['Choose a column…', 'Body Mass (g) · number']);
    expect(await optionTexts(features.locator('select.cf-columns'))).not.toContain('Species · string');

    // Picking a column in the form writes it to the YAML.
    await target.selectOption('Island');
    await page.getByRole('button', { name: 'Show train in YAML' }).click();
    await expect.poll(() => yamlPaneText(page as Page)).toMatch(/\n\s+target: Island\n/);
    if (shots) await page.screenshot({ path: join(shots, 'columns-form.png') });
  });

  it("lists the columns with their types in Monaco's completion at `target: ` and inserts the one picked", async () => {
    const p = page ?? (page = await openPenguins());
    const show = p.getByRole('button', { name: 'Show train in YAML' });
    if (!(await show.isVisible())) await node(p, 'train').click();
    await show.click();
    await monacoLineEnd(p, /^\s*target:\s\w+/);
    // Back over the value to `target: `, then ask for suggestions as a user does (Ctrl+Space).
    const line = (await yamlPaneText(p)).split('\n').find((l) => /^\s*target: /.test(l)) ?? '';
    for (let i = 0; i < line.trim().length - 'target: '.length; i++) await p.keyboard.press('Backspace');
    await p.keyboard.press('Control+Space');
    const rows = p.locator('.suggest-widget .monaco-list-row');
    await rows.filter({ hasText: 'Body Mass (g)' }).first().waitFor({ timeout: 15_000 });
    const texts = await rows.allTextContents();
    for (const name of ['Species', 'Island', 'Sex']) expect(texts.some((t) => t.includes(name) && t.includes('string'))).toBe(true);
    expect(texts.some((t) => t.includes('Beak Length (mm)') && t.includes('number'))).toBe(true);
    if (shots) await p.screenshot({ path: join(shots, 'columns-completion.png') });

    // Typing narrows the list; Enter inserts the column.
    await p.keyboard.type('Spe');
    await rows.filter({ hasText: 'Species' }).first().waitFor();
    await p.keyboard.press('Enter');
    await expect.poll(() => yamlPaneText(p)).toMatch(/\n\s+target: Species\n/);
    await expect.poll(() => p.locator('.editor-config .cf-field[data-path="target"] select').inputValue()).toBe('Species');
  });
});
