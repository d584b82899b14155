// Gestures on the React Flow canvas of the pipeline editor, as a user makes them (Playwright).
import type { Browser, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

export const node = (page: Page, id: string): Locator => page.locator(`.react-flow__node[data-id="${id}"]`);

export const handle = (page: Page, id: string, port: string, type: 'source' | 'target'): Locator =>
  page.locator(`.react-flow__handle.${type}[data-nodeid="${id}"][data-handleid="${port}"]`);

/**
 * The centre of an element once it has stopped moving: on a busy machine the canvas may still be settling (a
 * panel closing, a resize) when a gesture starts, and a drag aimed at a stale box misses its handle.
 */
async function centre(l: Locator): Promise<{ x: number; y: number }> {
  await l.waitFor({ state: 'visible' });
  let prev = await l.boundingBox();
  for (let i = 0; i < 50; i++) {
    await l.page().waitForTimeout(50);
    const b = await l.boundingBox();
    if (b && prev && b.x === prev.x && b.y === prev.y && b.width === prev.width && b.height === prev.height) {
      return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
    }
    prev = b;
  }
  throw new Error(`element never stopped moving: ${String(l)}`);
}

export interface OpenEditorOptions {
  /** Wait for exactly this many steps on the canvas… */
  steps?: number;
  /** …or for at least this many. */
  atLeast?: number;
  /** Click "fit view" once loaded: the editor opens at a readable zoom on the first steps only. */
  fit?: boolean;
}

/** A new page (its own localStorage) at 1280×800 on a pipeline's editor, once its canvas and YAML pane show. */
export async function openEditor(browser: Browser, url: string, pipeline: string, o: OpenEditorOptions = {}): Promise<Page> {
  const p = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await p.goto(`${url}/pipelines/${pipeline}/edit`);
  await p.locator('.react-flow__pane').waitFor();
  await p.getByTestId('yaml-pane').locator('.view-line').first().waitFor();
  const count = () => p.locator('.react-flow__node').count();
  if (o.steps !== undefined) await expect.poll(count, { timeout: 20_000 }).toBe(o.steps);
  if (o.atLeast !== undefined) await expect.poll(count, { timeout: 20_000 }).toBeGreaterThanOrEqual(o.atLeast);
  if (o.fit) await p.getByRole('button', { name: /fit view/i }).click();
  return p;
}

/** Drags a palette item (HTML5 drag and drop) onto the canvas at (x, y) relative to the canvas. */
export async function dropFromPalette(page: Page, kind: string, at: { x: number; y: number }): Promise<void> {
  await page.getByTestId(`palette-${kind}`).dragTo(page.locator('.react-flow__pane'), { targetPosition: at });
}

/** Drags from an output handle to an input handle; React Flow needs several mouse steps to see a drag. */
export async function connectHandles(page: Page, from: { id: string; port: string }, to: { id: string; port: string }): Promise<void> {
  const a = await centre(handle(page, from.id, from.port, 'source'));
  const b = await centre(handle(page, to.id, to.port, 'target'));
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move(b.x, b.y, { steps: 10 });
  await page.mouse.up();
}

/** The text of the Monaco pane (its rendered lines, with Monaco's non-breaking spaces made plain). */
export async function yamlPaneText(page: Page): Promise<string> {
  // Monaco positions its line elements absolutely, not in document order: sort them by `top`.
  const lines = await page
    .getByTestId('yaml-pane')
    .locator('.view-line')
    .evaluateAll((els) => els.map((el) => ({ top: parseFloat((el as HTMLElement).style.top) || 0, text: el.textContent ?? '' })));
  return lines
    .sort((a, b) => a.top - b.top)
    .map((l) => l.text.replace(/\u00a0/g, ' '))
    .join('\n');
}

export interface Box {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Pairs of nodes whose on-screen boxes overlap. */
export function overlaps(boxes: readonly Box[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i];
      const b = boxes[j];
      if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height) out.push([a.id, b.id]);
    }
  }
  return out;
}

export async function nodeBoxes(page: Page): Promise<Box[]> {
  return page.locator('.react-flow__node').evaluateAll((els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      return { id: el.getAttribute('data-id') ?? '', x: r.x, y: r.y, width: r.width, height: r.height };
    }),
  );
}

/**
 * A rendered line of the Monaco pane that matches: a RegExp as is, a string as a substring. Monaco renders
 * spaces as non-breaking ones, so a space in the string matches either.
 */
export const monacoLine = (page: Page, text: RegExp | string): Locator =>
  page
    .getByTestId('yaml-pane')
    .locator('.view-line')
    .filter({ hasText: typeof text === 'string' ? new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s')) : text });

/** Puts Monaco's cursor at the end of the first rendered line that matches. */
export async function monacoLineEnd(page: Page, text: RegExp | string): Promise<void> {
  await monacoLine(page, text).first().click();
  await page.keyboard.press('End');
}

/** The run graph's nodes with the state each shows (`data-state` on the React Flow node element). */
export async function runGraphStates(page: Page): Promise<{ id: string; state: string | null }[]> {
  return page
    .getByTestId('run-graph')
    .locator('.react-flow__node')
    .evaluateAll((els) => els.map((el) => ({ id: el.getAttribute('data-id') ?? '', state: el.getAttribute('data-state') })));
}
