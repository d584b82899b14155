// A rollout watched from the endpoint page in Chromium, against the embedded platform with auth required: the
// penguins example registered v1, a second run of its pipeline registers v2 (in staging, as the pipeline says);
// an endpoint serves v1; an editor submits a canary of v2 through the Deploy form, and the page follows it step by
// step (the steps reached, the canary's weight, the decisions) while the test records, for the canary's
// deployment, serving windows that pass the canary rule (enough requests, no errors, a low p99) as predict
// servers record theirs; it ends with v2 at 100 %. Then a split of v1 and v2, and Promote of v1 from the page,
// checked through the API.
// SHOTS_DIR=/some/dir also saves screenshots (1280×800) of the rollout in progress, after it, and after Promote.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeadraceClient } from '../../server/api/client';
import { openDatabase, type Database } from '../../server/db/client';
import { emptyLatencyCounts, latencyBucket, recordServingWindows } from '../../server/db/repo/serving-windows';
import { penguinsDir, waitForRun } from '../helpers/case-env';
import { shot, startSignedInPlatform, type SignedInPlatform } from '../helpers/signed-in-platform';

let p: SignedInPlatform;
let admin: HeadraceClient;
let editor: HeadraceClient;
let database: Database;
const ENDPOINT = 'penguins-rollout';

beforeAll(async () => {
  p = await startSignedInPlatform('headrace-endpoint-rollout', { example: true });
  admin = p.client('admin');
  editor = p.client('editor');
  database = await openDatabase(`postgres://postgres@127.0.0.1:${p.place.ports.db}/postgres`, { max: 2 });
  // The example's pipeline again, trained a little shorter: it registers penguins v2 in staging (the same
  // training again would make the same model, which the registry keeps as the version it already is).
  const source = readFileSync(join(penguinsDir, 'pipeline.yaml'), 'utf8').replace('epochs: 200', 'epochs: 150');
  await editor.pipeline.save.mutate({ source, baseDir: penguinsDir });
  const run = await editor.run.start.mutate({ pipeline: 'penguins' });
  expect((await waitForRun(editor, run.id, 240_000)).status).toBe('succeeded');
  const versions = await admin.model.versions.query({ name: 'penguins' });
  expect(versions.find((v) => v.version === 2)?.stage).toBe('staging');
  await editor.endpoint.deploy.mutate({ endpoint: ENDPOINT, model: 'penguins@1', reason: 'v1 serves first' });
}, 600_000);

afterAll(async () => {
  await database?.close();
  await p?.stop();
});

/**
 * Until stopped, every 500 ms, one window per variant of the endpoint's current deployment as a predict server
 * would record it: 60 requests, no error, each answered within 2 ms — a canary that passes every judgement.
 */
function recordWhileRolling() {
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const { current } = await admin.endpoint.get.query({ name: ENDPOINT });
      if (current && current.status === 'rolling') {
        const end = new Date();
        const counts = emptyLatencyCounts();
        counts[latencyBucket(2)] = 60;
        await recordServingWindows(
          database.db,
          current.variants.map((v) => ({
            endpoint: ENDPOINT, deploymentId: current.id, variant: v.name, role: v.role, modelVersionId: v.modelVersionId, server: 'test-host:1',
            windowStart: new Date(end.getTime() - 500), windowEnd: end, requests: 60, errors: 0, latencyCounts: counts, latencySumMs: 60,
          })),
        );
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  })();
  return async () => {
    stopped = true;
    await loop;
  };
}

describe('a canary deployed from the page', () => {
  it('shows the rollout step by step and ends with the new version taking all traffic', async () => {
    const page = await p.pageAs('editor', `/endpoints/${ENDPOINT}`);
    const actions = page.getByTestId('endpoint-actions');
    await actions.getByRole('button', { name: 'Deploy…' }).click();
    await actions.getByLabel('Strategy').selectOption('canary');
    await actions.getByLabel(/^Model/).fill('penguins@2');
    await actions.getByLabel(/^Steps/).fill('25, 50, 100');
    await actions.getByLabel(/^Each held/).fill('4s');
    // Loose bounds: the rule judges the canary's numbers against these or the stable version's.
    await actions.getByLabel(/^Errors at most/).fill('5');
    await actions.getByLabel(/^p99 at most/).fill('500');
    await actions.getByLabel(/^judged after/).fill('50');
    await shot(page, 'endpoint-canary-form.png');
    await actions.getByLabel(/Why deploy it\?/).fill('Canary of v2 from the page.');
    const stop = recordWhileRolling();
    try {
      await actions.getByRole('button', { name: 'Deploy as editor-user' }).click();
      // In progress: the first step reached, the canary at 25 % beside v1 at 75 %.
      await page.waitForFunction(() => document.querySelector('[data-testid="endpoint-status"]')?.textContent === 'rolling', undefined, { timeout: 60_000 });
      const progress = page.getByTestId('canary-progress');
      await progress.waitFor();
      expect(await progress.locator('li').allTextContents()).toEqual(['25 %', '50 %', '100 %']);
      expect(await progress.textContent()).toContain("each held 4.0 s; rolled back by itself when the canary's error rate passes 5.0 % or its p99 passes 500 ms (judged after 50 requests)");
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="canary-progress"] li.reached').length >= 1, undefined, { timeout: 30_000 });
      expect(await page.getByTestId('endpoint-current').textContent()).toBe('deployment #2 · canary');
      const canary = page.getByTestId('variant-penguins-v2');
      await page.waitForFunction(() => document.querySelector('[data-testid="variant-penguins-v2"] [role="meter"]') !== null);
      expect(['25', '50']).toContain(await canary.getByRole('meter').getAttribute('aria-valuenow'));
      expect(await canary.textContent()).toContain('canary');
      await page.getByTestId('rollout-events').waitFor();
      expect(await page.getByTestId('rollout-events').textContent()).toContain('started');
      await shot(page, 'endpoint-canary-rolling.png');

      // The second step, with a judgement that advanced to it.
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="canary-progress"] li.reached').length >= 2, undefined, { timeout: 60_000 });
      await page.waitForFunction(() => /watch/.test(document.querySelector('[data-testid="rollout-events"]')?.textContent ?? ''), undefined, { timeout: 30_000 });
      expect(await page.getByTestId('rollout-events').textContent()).toContain('advance');
      await shot(page, 'endpoint-canary-step2.png');

      // Done: v2 alone at 100 %, the deployment active, every step reached.
      await page.waitForFunction(() => document.querySelector('[data-testid="endpoint-status"]')?.textContent === 'active', undefined, { timeout: 90_000 });
    } finally {
      await stop();
    }
    const v2 = page.getByTestId('variant-penguins-v2');
    await page.waitForFunction(() => document.querySelector('[data-testid="variant-penguins-v2"] [role="meter"]')?.getAttribute('aria-valuenow') === '100');
    expect(await v2.textContent()).toContain('primary');
    expect(await page.locator('[data-testid="variant-penguins-v1"]:not(.gone)').count()).toBe(0);
    // What v2 served as the canary stays in the span's numbers, on a row of its own.
    expect(await page.getByTestId('earlier-penguins-v2-canary').textContent()).toContain('in an earlier deployment');
    await page.getByTestId('rollout-events').getByText('succeeded').first().waitFor();
    expect(await page.getByTestId('canary-progress').locator('li.reached').count()).toBe(3);
    expect(await page.getByTestId('rollout-summary').textContent()).toBe('Deployment #2 is active.');
    await shot(page, 'endpoint-canary-done.png');
    await page.close();

    const e = await admin.endpoint.get.query({ name: ENDPOINT });
    expect(e.current).toMatchObject({ number: 2, strategy: 'canary', status: 'active', actor: 'editor-user', reason: 'Canary of v2 from the page.' });
    expect(e.current!.variants.map((v) => [v.name, v.weight, v.role])).toEqual([['penguins-v2', 100, 'primary']]);
    const { events } = await admin.endpoint.events.query({ endpoint: ENDPOINT });
    const kinds = events.map((x) => x.kind);
    expect(kinds[0]).toBe('started');
    expect(kinds.at(-1)).toBe('succeeded');
    expect(kinds).toContain('advance');
    expect(kinds.filter((k) => k === 'watch').length).toBeGreaterThanOrEqual(2);
    expect(events[0].details).toMatchObject({ canary: { steps: [25, 50, 100], intervalMs: 4000, maxErrorRate: 0.05, maxLatencyP99Ms: 500, minRequests: 50 } });
  });
});

describe('a split promoted from the page', () => {
  it('gives the promoted variant all traffic as a new deployment', async () => {
    await editor.endpoint.deploy.mutate({ endpoint: ENDPOINT, model: 'penguins@1', strategy: 'split', variants: [{ model: 'penguins@2', weight: 30 }], reason: 'split v1 and v2', wait: true });
    const page = await p.pageAs('editor', `/endpoints/${ENDPOINT}`);
    const v1 = page.getByTestId('variant-penguins-v1');
    await v1.waitFor();
    expect(await page.getByTestId('endpoint-current').textContent()).toBe('deployment #3 · split');
    expect(await v1.getByRole('meter').getAttribute('aria-valuenow')).toBe('70');
    expect(await page.getByTestId('variant-penguins-v2').getByRole('meter').getAttribute('aria-valuenow')).toBe('30');
    await v1.getByRole('button', { name: 'Promote penguins-v1…' }).click();
    const form = page.getByTestId('promote-penguins-v1');
    expect(await form.textContent()).toContain('penguins@v1 takes all traffic of penguins-rollout as a new deployment.');
    const submit = form.getByRole('button', { name: 'Promote penguins-v1 as editor-user' });
    expect(await submit.isDisabled()).toBe(true); // no reason yet
    await form.getByLabel(/Why give penguins-v1 all traffic\?/).fill('v1 answers better.');
    await shot(page, 'endpoint-promote-confirm.png');
    await submit.click();
    await page.waitForFunction(() => document.querySelector('[data-testid="endpoint-current"]')?.textContent?.startsWith('deployment #4') === true, undefined, { timeout: 60_000 });
    await page.waitForFunction(() => document.querySelector('[data-testid="variant-penguins-v1"] [role="meter"]')?.getAttribute('aria-valuenow') === '100');
    expect(await page.locator('[data-testid="variant-penguins-v2"]:not(.gone)').count()).toBe(0);
    expect(await page.getByTestId('promote-penguins-v1').count()).toBe(0);
    await shot(page, 'endpoint-promoted.png');
    await page.close();

    const e = await admin.endpoint.get.query({ name: ENDPOINT });
    expect(e.current).toMatchObject({ number: 4, actor: 'editor-user', reason: 'v1 answers better.', status: 'active' });
    expect(e.current!.variants.map((v) => [v.name, v.weight, v.role])).toEqual([['penguins-v1', 100, 'primary']]);
    expect(e.history.find((h) => h.number === 3)?.status).toBe('superseded');
  });
});
