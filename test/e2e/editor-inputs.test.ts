// The editor's first-hour gaps, in Chromium at 1280×800 against the embedded platform: a chain wired through
// the config panel's input selects alone (no drag), "none" taking a wire away, and saved; a step added from the
// palette with Enter or a double-click while a step is selected lands wired to it, to its right; opening the
// config panel on a step at the canvas's right edge and closing it again leaves the graph where it was.
// SHOTS_DIR=/some/dir also saves screenshots of the form with its input selects.
import { readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHeadraceClient, type HeadraceClient } from '../../server/api/client';
import { launchChromium } from '../helpers/browser';
import { node, nodeBoxes, openEditor, yamlPaneText } from '../helpers/flow';
import { startPlatform, stopLauncher } from '../helpers/platform';
import { shot } from '../helpers/signed-in-platform';

let home: string;
let url: string;
let child: ChildProcess | undefined;
let browser: Browser;
let client: HeadraceClient;

const penguins = readFileSync('examples/penguins/pipeline.yaml', 'utf8');
/** The penguins ingest step alone: the chain after it is built in the browser. */
const chain = penguins.replace('name: penguins', 'name: chain').replace(/\n {2}validate:[\s\S]*$/, '\n');

beforeAll(async () => {
  const started = await startPlatform('headrace-editor-inputs', ['--no-example'], { timeoutMs: 240_000 });
  child = started.child;
  ({ home, url } = started.place);
  client = createHeadraceClient({ url });
  const baseDir = resolve('examples/penguins');
  await client.pipeline.save.mutate({ source: chain, baseDir });
  await client.pipeline.save.mutate({ source: penguins.replace('name: penguins', 'name: drift'), baseDir });
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  if (child) await stopLauncher(child);
  rmSync(home, { recursive: true, force: true });
});

const openAt = (name: string, steps: number) => openEditor(browser, url, name, { steps });

const panel = (p: Page, step: string) => p.getByRole('complementary', { name: `Configuration of ${step}` });
const input = (p: Page, step: string, port: string) => panel(p, step).getByRole('combobox', { name: `Input ${port}`, exact: true });
/** A wire of the graph (in the DOM: one whose end is off screen has no box). */
const wire = (p: Page, id: string) => p.locator(`.react-flow__edge[data-id="${id}"]`).waitFor({ state: 'attached' });
const edgeIds = (p: Page) => p.locator('.react-flow__edge').evaluateAll((els) => els.map((el) => el.getAttribute('data-id')).sort());

/** Waits until the canvas has stopped moving: the viewport's transform reads the same four times, 150 ms apart. */
async function settled(p: Page): Promise<void> {
  const read = () => p.locator('.react-flow__viewport').getAttribute('style');
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

/** Selects a step by its header's left end: the minimap may cover the rest of a node low on the canvas. */
const select = (p: Page, id: string) => node(p, id).click({ position: { x: 30, y: 12 } });

/** Adds a kind from the palette with Enter (focus on the palette item, as a keyboard user does). */
async function enterFromPalette(p: Page, kind: string, id: string): Promise<void> {
  await p.getByTestId(`palette-${kind}`).press('Enter');
  await panel(p, id).waitFor();
}

describe('wiring from the config panel', () => {
  it('wires a split → train chain through the input selects alone, "none" takes a wire away, and it saves', async () => {
    const p = await openAt('chain', 1);
    try {
      // Nothing selected: the new steps land unwired, as before.
      await enterFromPalette(p, 'prepare.split', 'prepare');
      await p.getByRole('button', { name: 'Close configuration' }).click();
      await enterFromPalette(p, 'train.logistic', 'train');
      await p.getByRole('button', { name: 'Close configuration' }).click();
      expect(await edgeIds(p)).toEqual([]);

      // The split's input offers the one Table output before it; choosing it draws the wire.
      await select(p, 'prepare');
      const splitIn = input(p, 'prepare', 'table');
      await expect.poll(() => splitIn.locator('option').allInnerTexts(), { timeout: 10_000 }).toEqual(['none', 'ingest.table · Table']);
      expect(await splitIn.inputValue()).toBe('');
      await splitIn.selectOption('ingest.table');
      await wire(p, 'ingest.table->prepare.table');

      // The trainer's input offers every Table output upstream, the split's two included.
      await select(p, 'train');
      const trainIn = input(p, 'train', 'table');
      await expect.poll(() => trainIn.locator('option').allInnerTexts(), { timeout: 10_000 }).toEqual(['none', 'ingest.table · Table', 'prepare.train · Table', 'prepare.test · Table']);
      await trainIn.selectOption('prepare.train');
      await wire(p, 'prepare.train->train.table');
      await expect.poll(() => yamlPaneText(p)).toMatch(/\n\s+train:\n\s+uses: train\.logistic\n\s+in: \{ table: prepare\.train \}\n/);
      await shot(p, 'editor-inputs-train.png');

      // Back on the split: its input shows the current wire; no output of the trainer (downstream) is offered.
      await select(p, 'prepare');
      expect(await input(p, 'prepare', 'table').inputValue()).toBe('ingest.table');
      await expect.poll(() => input(p, 'prepare', 'table').locator('option').allInnerTexts(), { timeout: 10_000 }).toEqual(['none', 'ingest.table · Table']);
      // "none" takes the wire away; choosing again puts it back.
      await input(p, 'prepare', 'table').selectOption('');
      await expect.poll(() => edgeIds(p)).toEqual(['prepare.train->train.table']);
      // The YAML pane follows the graph after its debounce: poll it too.
      await expect.poll(() => yamlPaneText(p)).not.toMatch(/table: ingest\.table/);
      await input(p, 'prepare', 'table').selectOption('ingest.table');
      await expect.poll(() => edgeIds(p)).toEqual(['ingest.table->prepare.table', 'prepare.train->train.table']);
      await panel(p, 'prepare').getByLabel('stratify', { exact: true }).selectOption('Species');

      // The trainer's columns, then save: the saved Plan has the wires chosen in the form.
      await select(p, 'train');
      await panel(p, 'train').getByLabel('target', { exact: true }).selectOption('Species');
      const features = panel(p, 'train').getByRole('group', { name: 'features' });
      await features.getByLabel('Add to features').selectOption('Body Mass (g)');
      await features.getByRole('button', { name: 'Add', exact: true }).click();
      await features.getByRole('button', { name: 'Remove Body Mass (g) from features' }).waitFor();
      await expect.poll(() => p.getByRole('toolbar', { name: 'Editor' }).innerText()).toMatch(/0 errors/);
      await p.getByRole('button', { name: 'Save', exact: true }).click();
      await p.getByRole('status').filter({ hasText: 'Saved chain v2' }).waitFor({ timeout: 15_000 });
      const saved = await client.pipeline.get.query({ name: 'chain' });
      const steps = (saved.version.plan as { steps: { id: string; inputs: Record<string, unknown> }[] }).steps;
      expect(steps.map((s) => s.id)).toEqual(['ingest', 'prepare', 'train']);
      expect(JSON.stringify(steps.find((s) => s.id === 'train')!.inputs)).toContain('prepare');
      expect(saved.version.source).toMatch(/\n {2}prepare:\n {4}uses: prepare\.split\n {4}in: \{ table: ingest\.table \}\n/);
      expect(saved.version.source).toMatch(/\n {2}train:\n {4}uses: train\.logistic\n {4}in: \{ table: prepare\.train \}\n/);

      // Adding from the palette with train selected (its form still open): Enter wires train.model into the
      // evaluator, to its right.
      await panel(p, 'train').waitFor();
      await enterFromPalette(p, 'evaluate.classifier', 'evaluate');
      await wire(p, 'train.model->evaluate.model');
      await settled(p); // the canvas pans to keep the new step in view beside the panel
      const [train, evaluate] = [await node(p, 'train').boundingBox(), await node(p, 'evaluate').boundingBox()];
      expect(evaluate!.x).toBeGreaterThan(train!.x + train!.width);
      expect(Math.abs(evaluate!.y - train!.y)).toBeLessThanOrEqual(2);
      expect(await input(p, 'evaluate', 'model').inputValue()).toBe('train.model');
      expect(await input(p, 'evaluate', 'table').inputValue()).toBe('');
      await input(p, 'evaluate', 'table').selectOption('prepare.test');
      await shot(p, 'editor-inputs-evaluate.png');

      // A double-click does the same: the evaluator's metrics go into the registration.
      await p.getByTestId('palette-registry.register').dblclick();
      await panel(p, 'registry').waitFor();
      await wire(p, 'evaluate.metrics->registry.metrics');
      expect(await input(p, 'registry', 'model').inputValue()).toBe('');
      await expect.poll(() => input(p, 'registry', 'model').locator('option').allInnerTexts(), { timeout: 10_000 }).toEqual(['none', 'train.model · Model']);

      // A kind none of whose inputs fits the selected step's outputs lands unwired.
      const before = await edgeIds(p);
      await enterFromPalette(p, 'ingest.csv', 'ingest-2');
      expect(await edgeIds(p)).toEqual(before);
    } finally {
      await p.close();
    }
  });
});

describe('the config panel and the view', () => {
  it('leaves the graph where it was after the panel opened on a step at the right edge and closed', async () => {
    const p = await openAt('drift', 8);
    try {
      await p.getByRole('button', { name: 'Hide YAML' }).click();
      await p.getByRole('button', { name: /fit view/i }).click();
      await settled(p);
      const before = await nodeBoxes(p);

      // The last step sits at the right edge: the docked panel would cover it, so the canvas pans.
      await node(p, 'deploy').click();
      await panel(p, 'deploy').waitFor();
      await settled(p);
      const open = await nodeBoxes(p);
      const shift = open.find((b) => b.id === 'deploy')!.x - before.find((b) => b.id === 'deploy')!.x;
      expect(shift).toBeLessThan(-50);

      await p.getByRole('button', { name: 'Close configuration' }).click();
      await panel(p, 'deploy').waitFor({ state: 'detached' });
      await settled(p);
      const after = await nodeBoxes(p);
      expect(after.map((b) => b.id)).toEqual(before.map((b) => b.id));
      for (const [i, b] of after.entries()) {
        expect(Math.abs(b.x - before[i].x), b.id).toBeLessThanOrEqual(2);
        expect(Math.abs(b.y - before[i].y), b.id).toBeLessThanOrEqual(2);
      }

      // Collapsing the panel gives the room back as closing does; expanding pans again.
      await node(p, 'deploy').click();
      await panel(p, 'deploy').waitFor();
      await settled(p);
      await p.getByRole('button', { name: 'Collapse configuration' }).click();
      await p.getByRole('button', { name: 'Expand configuration of deploy' }).waitFor();
      await settled(p);
      const collapsed = await nodeBoxes(p);
      for (const [i, b] of collapsed.entries()) expect(Math.abs(b.x - before[i].x), b.id).toBeLessThanOrEqual(2);
      await p.getByRole('button', { name: 'Expand configuration of deploy' }).click();
      await panel(p, 'deploy').waitFor();
      await settled(p);
      expect((await node(p, 'deploy').boundingBox())!.x).toBeLessThan(before.find((b) => b.id === 'deploy')!.x - 50);
      await shot(p, 'editor-inputs-deploy.png');
    } finally {
      await p.close();
    }
  });
});

describe('a step whose inputs the pipeline names (prepare.sql)', () => {
  it('takes the selected step\'s table under its name, and more through its "add a table" slot', async () => {
    const p = await openAt('drift', 8);
    try {
      await select(p, 'validate');
      await enterFromPalette(p, 'prepare.sql', 'prepare');
      await wire(p, 'validate.table->prepare.validate');
      // The form: the port named after the step it comes from, then the slot that adds one.
      expect(await input(p, 'prepare', 'validate').inputValue()).toBe('validate.table');
      const add = panel(p, 'prepare').getByRole('combobox', { name: 'Add a Table input', exact: true });
      await expect.poll(() => add.locator('option').allInnerTexts(), { timeout: 10_000 }).toEqual(['none', 'ingest.table · Table', 'validate.table · Table', 'clean.table · Table', 'split.train · Table', 'split.test · Table']);
      expect(await add.inputValue()).toBe('');
      await add.selectOption('ingest.table');
      await wire(p, 'ingest.table->prepare.ingest');
      // The node lists both ports and the slot, which takes a dragged wire too.
      const labels = await node(p, 'prepare').locator('.step-port-in .port-label').allInnerTexts();
      expect(labels).toEqual(['validate', 'ingest', '+ table']);
      await panel(p, 'prepare').getByLabel('query', { exact: true }).fill('SELECT v.* FROM validate v JOIN ingest USING ("Species")');
      await expect.poll(() => p.getByRole('toolbar', { name: 'Editor' }).innerText()).toMatch(/0 errors/);
      await shot(p, 'editor-prepare-sql.png');
      await p.getByRole('button', { name: 'Save', exact: true }).click();
      await p.getByRole('status').filter({ hasText: /Saved drift v\d+/ }).waitFor({ timeout: 15_000 });
      const saved = await client.pipeline.get.query({ name: 'drift' });
      expect(saved.version.source).toMatch(/\n {2}prepare:\n {4}uses: prepare\.sql\n {4}in: \{ validate: validate\.table, ingest: ingest\.table \}\n/);
    } finally {
      await p.close();
    }
  });
});
