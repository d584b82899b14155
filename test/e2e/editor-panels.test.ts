// The editor's panels in Chromium at 1280×800 against the embedded platform: the config panel docks beside the
// canvas (their boxes do not overlap), its width and its collapsed state outlive a reload; the YAML pane wraps
// long lines (a toggle that outlives a reload) and scrolls to and lights up a step dropped from the palette; a
// bad value in the form reads as one sentence naming the field; the version history gives a diff the width of
// the editor. SHOTS_DIR=/some/dir also saves screenshots of the editor with the panel open, collapsed, with form
// errors, and with the version history.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHeadraceClient } from '../../server/api/client';
import { launchChromium } from '../helpers/browser';
import { dropFromPalette, monacoLine, monacoLineEnd, node, openEditor, yamlPaneText } from '../helpers/flow';
import { startPlatform, stopLauncher } from '../helpers/platform';
import { shot } from '../helpers/signed-in-platform';

let home: string;
let url: string;
let child: ChildProcess | undefined;
let browser: Browser;

/** A comment line far wider than the pane: wrapped, it takes several rows. */
const LONG_COMMENT = `# ${Array.from({ length: 40 }, (_, i) => `lorem-${i}`).join(' ')}`;
const LONG_DESCRIPTION = `description: ${Array.from({ length: 30 }, (_, i) => `palmer-${i}`).join(' ')}`;

const penguins = readFileSync('examples/penguins/pipeline.yaml', 'utf8');
const panels = penguins.replace('name: penguins', `name: panels\n${LONG_COMMENT}`);

beforeAll(async () => {
  const started = await startPlatform('headrace-panels', ['--no-example'], { timeoutMs: 240_000 });
  child = started.child;
  ({ home, url } = started.place);
  const client = createHeadraceClient({ url });
  const baseDir = resolve('examples/penguins');
  await client.pipeline.save.mutate({ source: panels, baseDir });
  // v2 changes the description to one long line: the diff between v1 and v2 shows it whole.
  await client.pipeline.save.mutate({ source: panels.replace(/^description: .*$/m, LONG_DESCRIPTION), baseDir });
  browser = await launchChromium();
  if (process.env.SHOTS_DIR) mkdirSync(process.env.SHOTS_DIR, { recursive: true });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  if (child) await stopLauncher(child);
  rmSync(home, { recursive: true, force: true });
});

async function waitForEditor(p: Page): Promise<void> {
  await p.locator('.react-flow__pane').waitFor();
  await p.getByTestId('yaml-pane').locator('.view-line').first().waitFor();
  await expect.poll(() => p.locator('.react-flow__node').count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(8);
}

/**
 * Clicks a step until `shows` appears: just after a reload the canvas may still be moving to its first view, and a
 * click then lands beside the node on a busy machine.
 */
async function selectStep(p: Page, id: string, shows: Locator): Promise<void> {
  for (let i = 0; ; i++) {
    await node(p, id).click();
    try {
      await shows.waitFor({ timeout: 3000 });
      return;
    } catch (err) {
      if (i >= 5) throw err;
    }
  }
}

/** A new page on the editor of `panels`, fitted: it opens at a readable zoom and these tests click steps further on. */
const openPanels = () => openEditor(browser, url, 'panels', { atLeast: 8, fit: true });

async function box(l: Locator) {
  const b = await l.boundingBox();
  if (!b) throw new Error(`no box for ${String(l)}`);
  return b;
}
const width = async (l: Locator) => Math.round((await box(l)).width);

/** The rendered rows of the long comment: one when it is not wrapped, several when it is. */
const commentRows = (p: Page) => monacoLine(p, /lorem-\d+/).count();

describe('editor panels', () => {
  it('docks the config panel beside the canvas: no overlap, the canvas usable, the width and collapse kept over a reload', async () => {
    const p = await openPanels();
    try {
      await node(p, 'train').click();
      const panel = p.locator('.editor-config');
      await panel.getByRole('textbox', { name: 'Step id' }).waitFor();
      const canvas = p.locator('.editor-canvas');
      const dock = p.getByTestId('config-dock');
      // The canvas shrinks to make room: its right edge is at or left of the panel's left edge.
      await expect.poll(async () => (await box(canvas)).x + (await box(canvas)).width - (await box(dock)).x).toBeLessThanOrEqual(0.5);
      const c = await box(canvas);
      expect(c.width).toBeGreaterThanOrEqual(360);
      expect(c.height).toBeGreaterThanOrEqual(600);
      // The step being configured stays in view beside the panel (the canvas pans if the panel took its place).
      await expect
        .poll(async () => {
          const n = await box(node(p, 'train'));
          const cv = await box(canvas);
          return n.x >= cv.x && n.x + n.width <= cv.x + cv.width;
        })
        .toBe(true);
      await shot(p, 'b-panel-open.png');

      // Resize: the handle on the panel's left edge, dragged 120 px to the left, widens the panel by as much.
      const before = await width(dock);
      const handle = await box(p.getByRole('separator', { name: 'Resize configuration panel' }));
      await p.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
      await p.mouse.down();
      await p.mouse.move(handle.x + handle.width / 2 - 120, handle.y + handle.height / 2, { steps: 8 });
      await p.mouse.up();
      await expect.poll(() => width(dock)).toBe(before + 120);
      const resized = before + 120;

      // The width outlives a reload.
      await p.reload();
      await waitForEditor(p);
      await selectStep(p, 'train', p.locator('.editor-config'));
      await expect.poll(() => width(p.getByTestId('config-dock'))).toBe(resized);

      // Collapse: a strip with the step's id; the canvas takes the room back.
      const canvasOpen = await width(canvas);
      await p.getByRole('button', { name: 'Collapse configuration' }).click();
      const expand = p.getByRole('button', { name: 'Expand configuration of train' });
      await expand.waitFor();
      expect(await p.locator('.editor-config').count()).toBe(0);
      await expect.poll(() => width(p.getByTestId('config-dock'))).toBeLessThan(50);
      await expect.poll(() => width(canvas)).toBeGreaterThan(canvasOpen + 200);
      await shot(p, 'b-panel-collapsed.png');

      // Collapsed outlives a reload; expanding brings the kept width back.
      await p.reload();
      await waitForEditor(p);
      await selectStep(p, 'train', p.getByRole('button', { name: 'Expand configuration of train' }));
      await p.getByRole('button', { name: 'Expand configuration of train' }).click();
      await p.locator('.editor-config').waitFor();
      await expect.poll(() => width(p.getByTestId('config-dock'))).toBe(resized);
    } finally {
      await p.close();
    }
  });

  it('wraps long YAML lines by default, and the choice to not wrap outlives a reload', async () => {
    const p = await openPanels();
    try {
      const wrap = p.getByTestId('yaml-wrap');
      expect(await wrap.isChecked()).toBe(true);
      await expect.poll(() => commentRows(p)).toBeGreaterThan(1);
      await wrap.uncheck();
      await expect.poll(() => commentRows(p)).toBe(1);
      await p.reload();
      await waitForEditor(p);
      expect(await p.getByTestId('yaml-wrap').isChecked()).toBe(false);
      await expect.poll(() => commentRows(p)).toBe(1);
      await p.getByTestId('yaml-wrap').check();
      await expect.poll(() => commentRows(p)).toBeGreaterThan(1);
    } finally {
      await p.close();
    }
  });

  it('scrolls the YAML pane to a step dropped from the palette and lights it up', async () => {
    const p = await openPanels();
    try {
      // The pane opens at the top: the end of the pipeline, where a new step goes, is out of view.
      await expect.poll(() => monacoLine(p, /^headrace:\s1/).count()).toBe(1);
      expect(await monacoLine(p, /^\s*register:\s*$/).count()).toBe(0);
      await dropFromPalette(p, 'prepare.split', { x: 60, y: 560 });
      await node(p, 'prepare').waitFor();
      const added = monacoLine(p, /^\s*prepare:\s*$/);
      await expect.poll(() => added.count(), { timeout: 10_000 }).toBe(1);
      // In the pane's visible box, and lit.
      const pane = await box(p.getByTestId('yaml-pane'));
      const line = await box(added);
      expect(line.y).toBeGreaterThanOrEqual(pane.y);
      expect(line.y + line.height).toBeLessThanOrEqual(pane.y + pane.height);
      await expect.poll(() => p.getByTestId('yaml-pane').locator('.yaml-flash').count()).toBeGreaterThan(0);
      expect(await yamlPaneText(p)).toMatch(/prepare:\n\s+uses: prepare\.split/);
    } finally {
      await p.close();
    }
  });

  it('says what is wrong with a form value in one sentence naming the field, never in zod’s words', async () => {
    const p = await openPanels();
    try {
      await node(p, 'train').click();
      const field = (path: string) => p.locator(`.editor-config .cf-field[data-path="${path}"]`);
      await field('epochs').locator('input').fill('0');
      await expect.poll(() => field('epochs').locator('.cf-error').innerText()).toBe('epochs must be >= 1, got 0.');

      // `target:` emptied in the YAML (a null, which zod words "Invalid input: expected string, received null").
      await p.getByRole('button', { name: 'Show train in YAML' }).click();
      await monacoLineEnd(p, /^\s*target:\sSpecies\s*$/);
      for (let i = 0; i < 'Species'.length; i++) await p.keyboard.press('Backspace');
      await p.keyboard.press('Escape');
      await expect.poll(() => yamlPaneText(p)).toMatch(/\n\s+target: *\n/);
      const error = field('target').locator('.cf-error');
      await expect.poll(() => error.count(), { timeout: 10_000 }).toBe(1);
      expect(await error.innerText()).toBe('target must be a string, got nothing.');
      const panelText = await p.locator('.editor-config').innerText();
      expect(panelText).not.toMatch(/Invalid input|expected \w+, received/);
      await shot(p, 'b-form-errors.png');
    } finally {
      await p.close();
    }
  });

  it('gives the version history and its diff the width right of the palette', async () => {
    const p = await openPanels();
    try {
      await p.getByTestId('versions-toggle').click();
      const history = p.getByRole('region', { name: 'Version history' });
      const diff = history.getByTestId('unified-diff');
      await diff.waitFor({ timeout: 20_000 });
      const panel = await box(history);
      const palette = await box(p.getByRole('complementary', { name: 'Step kinds' }));
      expect(panel.x).toBeGreaterThanOrEqual(palette.x + palette.width - 1);
      expect(panel.width).toBeGreaterThan(1000);
      // The long line is all there: nothing hidden past the diff's right edge.
      const added = diff.locator('.vh-add').filter({ hasText: 'palmer-29' });
      await added.waitFor();
      expect(await diff.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
      const a = await box(added);
      const d = await box(diff);
      expect(a.x + a.width).toBeLessThanOrEqual(d.x + d.width + 0.5);
      await shot(p, 'b-versions-diff.png');
      await history.getByRole('button', { name: 'Close version history' }).click();
      await expect.poll(() => history.count()).toBe(0);
    } finally {
      await p.close();
    }
  });
});
