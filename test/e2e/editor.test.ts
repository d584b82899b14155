// The visual pipeline editor in Chromium against the embedded platform: a 60-step pipeline laid out without
// overlaps; a small pipeline built from an empty canvas by dragging palette items and connecting handles,
// seen in the YAML pane; an incompatible connection refused with its reason.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHeadraceClient } from '../../server/api/client';
import { freePort } from '../../server/temporal/dev-server';
import { launchChromium } from '../helpers/browser';
import { headraceUntil } from '../helpers/cli';
import { connectHandles, dropFromPalette, node, nodeBoxes, overlaps, yamlPaneText } from '../helpers/flow';

let home: string;
let url: string;
let child: ChildProcess | undefined;
let browser: Browser;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'headrace-editor-'));
  const ports = { http: await freePort(), db: await freePort(), temporal: await freePort(), ui: await freePort() };
  url = `http://127.0.0.1:${ports.http}`;
  const env = {
    HEADRACE_HOME: home,
    HEADRACE_PORT: String(ports.http),
    HEADRACE_DB_PORT: String(ports.db),
    TEMPORAL_PORT: String(ports.temporal),
    TEMPORAL_UI_PORT: String(ports.ui),
    HEADRACE_URL: url,
  };
  child = (await headraceUntil(['start', '--no-example'], env, /ready — press Ctrl\+C/, 240_000)).child;
  const source = readFileSync('test/dsl/fixtures/sixty-steps.yaml', 'utf8');
  await createHeadraceClient({ url }).pipeline.save.mutate({ source, baseDir: '/tmp' });
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGINT');
    await exited;
  }
  rmSync(home, { recursive: true, force: true });
});

async function openPage(path: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(url + path);
  await page.locator('.react-flow__pane').waitFor();
  await page.getByTestId('yaml-pane').locator('.view-line').first().waitFor();
  return page;
}

describe('pipeline editor', () => {
  it('lays out a 60-step pipeline with no two nodes overlapping', async () => {
    const page = await openPage('/pipelines/sixty-steps/edit');
    try {
      await expect.poll(() => page.locator('.react-flow__node').count(), { timeout: 20_000 }).toBe(60);
      await page.waitForTimeout(300); // the fit-view settles
      const boxes = await nodeBoxes(page);
      expect(boxes).toHaveLength(60);
      expect(boxes.every((b) => b.width > 0 && b.height > 0)).toBe(true);
      expect(overlaps(boxes)).toEqual([]);
      expect(await page.locator('.react-flow__edge').count()).toBeGreaterThanOrEqual(59);
    } finally {
      await page.close();
    }
  });

  it('builds a pipeline from an empty canvas, and refuses an incompatible connection with its reason', async () => {
    const page = await openPage('/pipelines/new');
    try {
      await dropFromPalette(page, 'ingest.json', { x: 50, y: 60 });
      await dropFromPalette(page, 'validate.table', { x: 50, y: 230 });
      await dropFromPalette(page, 'prepare.split', { x: 50, y: 400 });
      for (const id of ['ingest', 'validate', 'prepare']) await node(page, id).waitFor();

      await connectHandles(page, { id: 'ingest', port: 'table' }, { id: 'validate', port: 'table' });
      await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(1);
      await connectHandles(page, { id: 'validate', port: 'table' }, { id: 'prepare', port: 'table' });
      await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(2);

      await expect
        .poll(() => yamlPaneText(page), { timeout: 10_000 })
        .toMatch(/ingest:\n\s+uses: ingest\.json[\s\S]*validate:\n\s+uses: validate\.table\n\s+in: \{ table: ingest\.table \}[\s\S]*prepare:\n\s+uses: prepare\.split\n\s+in: \{ table: validate\.table \}/);

      // A Report output cannot feed a Table input: no edge, and the reason on the status line.
      await connectHandles(page, { id: 'validate', port: 'report' }, { id: 'prepare', port: 'table' });
      await expect.poll(() => page.getByRole('status').innerText()).toMatch(/Report output cannot feed a Table input/);
      expect(await page.locator('.react-flow__edge').count()).toBe(2);
      expect(await yamlPaneText(page)).not.toContain('validate.report');
    } finally {
      await page.close();
    }
  });
});
