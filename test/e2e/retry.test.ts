// The Retry button in Chromium against the embedded platform: a run fails at a step whose input file
// is missing, the file is put in place, Retry opens the new run, which shows the steps that had
// finished as `cached` (reused from the failed run, not executed) and runs the failed step.
// SHOTS_DIR=/some/dir also saves a screenshot of the retried run's page there.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHeadraceClient } from '../../server/api/client';
import { launchChromium } from '../helpers/browser';
import { waitForRun } from '../helpers/case-env';
import { startPlatform, stopLauncher } from '../helpers/platform';

const penguins = readFileSync('examples/penguins/pipeline.yaml', 'utf8');
/** Ingest and validate the penguins, then read a second file that is missing on the first run. */
const source = `${penguins.slice(0, penguins.indexOf('  clean:')).replace(/^name: penguins$/m, 'name: retry-page')}  extra:
    uses: ingest.csv
    needs: [validate]
    with:
      path: data/extra.csv
      columns: { a: { type: number } }
`;

let home: string;
let url: string;
let child: ChildProcess | undefined;
let browser: Browser;

beforeAll(async () => {
  const started = await startPlatform('headrace-retry', ['--no-example'], { timeoutMs: 240_000 });
  child = started.child;
  ({ home, url } = started.place);
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  if (child) await stopLauncher(child);
  rmSync(home, { recursive: true, force: true });
});

it('retries a failed run from the page: finished steps shown cached, the failed one run again', async () => {
  const dir = join(home, 'retry-page');
  mkdirSync(join(dir, 'data'), { recursive: true });
  copyFileSync(resolve('examples/penguins/data/penguins.json'), join(dir, 'data', 'penguins.json'));
  const client = createHeadraceClient({ url });
  const failed = await client.run.start.mutate({ source, baseDir: dir });
  const end = await waitForRun(client, failed.id);
  expect(end.status).toBe('failed');
  expect(end.error).toMatch(/step "extra" failed/);

  writeFileSync(join(dir, 'data', 'extra.csv'), 'a\n1\n2\n3\n');
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${url}/runs/${failed.id}`);
  await page.getByRole('button', { name: 'Retry from the failed step' }).click();
  await page.waitForURL((u) => u.pathname.startsWith('/runs/') && !u.pathname.endsWith(failed.id), { timeout: 30_000 });
  const retryId = new URL(page.url()).pathname.split('/').pop()!;
  await page.waitForFunction(() => document.querySelector('[data-testid="run-status"]')?.getAttribute('data-state') === 'succeeded', undefined, { timeout: 60_000 });

  for (const id of ['ingest', 'validate']) {
    const row = page.getByTestId(`step-${id}`);
    await expect.poll(() => row.getAttribute('data-state')).toBe('cached');
    expect(await row.locator('.badge').first().textContent()).toContain('cached');
  }
  expect(await page.getByTestId('step-extra').getAttribute('data-state')).toBe('succeeded');
  // The timeline says where the cached outputs came from; the header links back to the failed run.
  expect(await page.locator('.timeline-cached[data-step="ingest"]').textContent()).toContain(`reused from run ${failed.id.slice(0, 8)}`);
  expect(await page.getByTestId('retry-of').getAttribute('href')).toBe(`/runs/${failed.id}`);
  // A cached badge has its own colour, not the one of succeeded.
  const colour = (id: string) => page.getByTestId(`step-${id}`).locator('.badge').first().evaluate((el) => getComputedStyle(el).color);
  expect(await colour('ingest')).not.toBe(await colour('extra'));

  if (process.env.SHOTS_DIR) await page.screenshot({ path: join(process.env.SHOTS_DIR, 'retry-run.png'), fullPage: true });

  const retry = await client.run.get.query({ id: retryId });
  expect(retry.retryOf).toBe(failed.id);
  expect(retry.steps.filter((s) => s.stepId === 'ingest').map((s) => [s.attempt, s.status])).toEqual([[0, 'cached']]);
  await page.close();
});
