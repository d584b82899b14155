// The endpoint pages in Chromium against the embedded platform with auth required, after the penguins example
// registered penguins v1 in staging and deployed it: an endpoint deployed twice more through the API, and what
// predict servers report (serving windows, written in the platform's database as they write them) shows on the
// list and on the endpoint page — variants and weights, requests/s, p50/p99, errors, the shadow comparison —
// with the deployment history, a usage snippet that really answers when sent to the predict server, and the ONNX
// file with its signature. A viewer gets no Deploy / Rollback; an editor rolls back through the button.
// SHOTS_DIR=/some/dir also saves screenshots of both pages there (1280×800, a narrow one, dark mode).
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeadraceClient } from '../../server/api/client';
import { openDatabase, type Database } from '../../server/db/client';
import { emptyLatencyCounts, emptyShadowCounts, latencyBucket, recordServingWindows } from '../../server/db/repo/serving-windows';
import { shot, startSignedInPlatform, type SignedInPlatform } from '../helpers/signed-in-platform';

let p: SignedInPlatform;
let admin: HeadraceClient;
let database: Database;
const ENDPOINT = 'penguins-web';

beforeAll(async () => {
  p = await startSignedInPlatform('headrace-endpoints', { example: true });
  admin = p.client('admin');
  // The platform's own database, as a predict server reaches it.
  database = await openDatabase(`postgres://postgres@127.0.0.1:${p.place.ports.db}/postgres`, { max: 2 });
  // Two deployments of the example's version, so there is one to roll back to.
  await p.client('editor').endpoint.deploy.mutate({ endpoint: ENDPOINT, model: 'penguins@1', reason: 'first web deploy' });
  await p.client('editor').endpoint.deploy.mutate({ endpoint: ENDPOINT, model: 'penguins@staging', reason: 'second web deploy' });
  const { current } = await admin.endpoint.get.query({ name: ENDPOINT });
  // The last minute as two predict servers saw it: 600 requests, 6 errors; 500 answered within 2 ms, 94 within
  // 5 ms, 6 within 40 ms (p50 ≤ 2 ms, p99 ≤ 5 ms); and a shadow no longer deployed, which agreed on 96 %.
  const end = new Date(Date.now() - 1000);
  const start = new Date(end.getTime() - 60_000);
  const counts = (fast: number, mid: number, slow: number) => {
    const c = emptyLatencyCounts();
    c[latencyBucket(2)] = fast;
    c[latencyBucket(5)] = mid;
    c[latencyBucket(40)] = slow;
    return c;
  };
  const base = { endpoint: ENDPOINT, deploymentId: current!.id, modelVersionId: current!.variants[0].modelVersionId, windowStart: start, windowEnd: end };
  await recordServingWindows(database.db, [
    { ...base, variant: current!.variants[0].name, role: 'primary', server: 'host-a:1', requests: 300, errors: 2, latencyCounts: counts(250, 47, 3), latencySumMs: 900 },
    { ...base, variant: current!.variants[0].name, role: 'primary', server: 'host-b:2', requests: 300, errors: 4, latencyCounts: counts(250, 47, 3), latencySumMs: 900 },
    {
      ...base, variant: 'challenger', role: 'shadow', server: 'host-a:1', requests: 500, errors: 0, latencyCounts: counts(500, 0, 0), latencySumMs: 1000,
      shadow: { ...emptyShadowCounts(), compared: 500, agreed: 480, dropped: 3, squaredErrorSum: 2, rows: 500, latencyDiffSumMs: 125 },
    },
  ]);
}, 320_000);

afterAll(async () => {
  await database?.close();
  await p?.stop();
});

describe('the endpoints list', () => {
  it('lists each endpoint with its deployment and its last 5 minutes, linked to its page', async () => {
    const page = await p.pageAs('viewer', '/');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Endpoints' }).click();
    await page.waitForURL((u) => u.pathname === '/endpoints');
    const row = page.getByTestId(`endpoint-${ENDPOINT}`);
    await row.waitFor();
    expect(await row.textContent()).toContain('replace');
    expect(await row.textContent()).toContain('penguins@v1 100 %');
    expect(await row.textContent()).toContain('active');
    // 600 requests over 300 s; the shadow's copies are not requests callers made.
    await page.waitForFunction((name) => (document.querySelector(`[data-testid="endpoint-${name}"] [data-testid="endpoint-rps"]`)?.textContent ?? '…') !== '…', ENDPOINT);
    expect(await row.getByTestId('endpoint-rps').textContent()).toBe('2.00');
    expect(await row.getByTestId('endpoint-p99').textContent()).toBe('≤ 5 ms');
    expect(await row.getByTestId('endpoint-errors').textContent()).toBe('1.0 %');
    // The example's own endpoint is there too.
    await page.getByTestId('endpoint-penguins').waitFor();
    await shot(page, 'endpoints-list.png');
    await row.getByRole('link', { name: `Endpoint ${ENDPOINT}` }).click();
    await page.waitForURL((u) => u.pathname === `/endpoints/${ENDPOINT}`);
    await page.getByTestId('variants').waitFor();
    await page.close();
  });
});

describe('the version page', () => {
  it('links the endpoints serving the version', async () => {
    const page = await p.pageAs('viewer', '/models/penguins/versions/1');
    const serving = page.getByTestId('version-endpoints');
    await serving.waitFor();
    expect(await serving.textContent()).toContain(`${ENDPOINT} (primary, 100 %)`);
    expect(await serving.getByRole('link', { name: `Endpoint ${ENDPOINT}` }).getAttribute('href')).toBe(`/endpoints/${ENDPOINT}`);
    expect(await serving.getByRole('link', { name: 'Endpoint penguins', exact: true }).getAttribute('href')).toBe('/endpoints/penguins');
    await page.close();
  });
});

describe('the endpoint page', () => {
  it('shows the variants with weights and numbers, the shadow comparison, the history, the snippet and the ONNX file; no buttons for a viewer', async () => {
    const v = await admin.model.version.query({ name: 'penguins', version: 1 });
    const page = await p.pageAs('viewer', `/endpoints/${ENDPOINT}`);
    const primary = page.getByTestId('variant-penguins-v1');
    await primary.waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(ENDPOINT);
    expect(await page.getByTestId('endpoint-status').textContent()).toBe('active');
    expect(await page.getByTestId('endpoint-current').textContent()).toBe('deployment #2 · replace');
    expect(await primary.getByRole('link', { name: 'penguins v1' }).getAttribute('href')).toBe('/models/penguins/versions/1');
    expect(await primary.getByRole('meter').getAttribute('aria-valuenow')).toBe('100');
    await page.waitForFunction(() => (document.querySelector('[data-testid="variant-penguins-v1"] [data-testid="variant-rps"]')?.textContent ?? '…') !== '…');
    expect(await primary.getByTestId('variant-rps').textContent()).toBe('2.00');
    expect(await primary.getByTestId('variant-requests').textContent()).toBe('600');
    expect(await primary.getByTestId('variant-p50').textContent()).toBe('≤ 2 ms');
    expect(await primary.getByTestId('variant-p99').textContent()).toBe('≤ 5 ms');
    expect(await primary.getByTestId('variant-errors').textContent()).toBe('6 · 1.0 %');
    // The shadow served in the span though no longer deployed: a row of its own, and its comparison.
    expect(await page.getByTestId('variant-challenger').textContent()).toContain('no longer deployed');
    const shadow = page.getByTestId('shadow-challenger');
    expect(await shadow.getByTestId('shadow-agreement').textContent()).toBe('96.0 %');
    expect(await shadow.getByTestId('shadow-rmse').textContent()).toBe(Math.sqrt(2 / 500).toFixed(4));
    expect(await shadow.getByTestId('shadow-latency').textContent()).toBe('+0.25 ms');
    // A span of 15 minutes: the same 600 requests over 900 s.
    await page.getByLabel('Span of the numbers').selectOption('15');
    await page.waitForFunction(() => document.querySelector('[data-testid="variant-penguins-v1"] [data-testid="variant-rps"]')?.textContent === '0.67');

    // The deployment history, newest first.
    const history = page.getByTestId('deployments');
    expect(await history.locator('tbody tr').count()).toBe(2);
    expect(await history.getByTestId('deployment-2').textContent()).toContain('second web deploy');
    expect(await history.getByTestId('deployment-2').textContent()).toContain('current');
    expect(await history.getByTestId('deployment-1').textContent()).toContain('superseded');

    // No Deploy / Rollback for a viewer, and a line saying who may.
    expect(await page.getByTestId('endpoint-actions-note').textContent()).toBe('Signed in as viewer-user (viewer): deploy, promote and rollback need editor or admin.');
    expect(await page.getByRole('button', { name: /Deploy|Rollback|Promote/ }).count()).toBe(0);

    // The usage snippet: curl first, for the plain predict route on the predict server, with a row of real data.
    const snippet = page.getByTestId('usage-snippet');
    const serve = p.place.env.HEADRACE_SERVE_URL;
    const curl = (await snippet.textContent())!;
    expect(curl).toContain(`curl -s ${serve}/v1/endpoints/${ENDPOINT}/predict`);
    expect(curl).toContain('"Beak Length (mm)":');
    const body = JSON.parse(/-d '(.*)'$/s.exec(curl)![1]) as { rows: Array<Record<string, number>> };
    expect(Object.keys(body.rows[0])).toEqual(v.features.map((f) => f.name));
    // Sent as it stands, the predict server answers with one of the model's classes.
    const answered = await fetch(`${serve}/v1/endpoints/${ENDPOINT}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(answered.status).toBe(200);
    const answer = (await answered.json()) as { predictions: Array<{ label: string }>; model: { name: string; version: number } };
    expect(['Adelie', 'Chinstrap', 'Gentoo']).toContain(answer.predictions[0].label);
    expect(answer.model).toMatchObject({ name: 'penguins', version: 1 });

    await page.getByRole('tab', { name: 'Python requests' }).click();
    expect(await snippet.textContent()).toContain('import requests');
    expect(await snippet.textContent()).toContain(`"${serve}/v1/endpoints/${ENDPOINT}/predict"`);
    await page.getByRole('radio', { name: 'V2 infer' }).click();
    expect(await snippet.textContent()).toContain(`"${serve}/v2/models/${ENDPOINT}/infer"`);
    await page.getByRole('tab', { name: 'TypeScript fetch' }).click();
    const ts = (await snippet.textContent())!;
    expect(ts).toContain(`await fetch('${serve}/v2/models/${ENDPOINT}/infer'`);
    const v2 = JSON.parse(/const body = (.*?);\nconst res/s.exec(ts)![1]) as { inputs: Array<{ name: string; datatype: string; shape: number[] }> };
    expect(v2.inputs.map((i) => [i.name, i.datatype, i.shape])).toEqual(v.features.map((f) => [f.name, 'FP32', [1]]));
    const inferred = await fetch(`${serve}/v2/models/${ENDPOINT}/infer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(v2) });
    expect(inferred.status).toBe(200);
    expect(((await inferred.json()) as { model_name: string }).model_name).toBe(ENDPOINT);

    // The ONNX file with its signature; its bytes are the registered artifact.
    const file = page.getByTestId('model-file-penguins-v1');
    for (const c of ['Adelie', 'Chinstrap', 'Gentoo']) expect(await file.getByTestId('model-classes').textContent()).toContain(c);
    const features = file.getByRole('table', { name: 'Features of penguins v1' });
    expect(await features.locator('tbody tr').count()).toBe(v.features.length);
    expect(await features.locator('tbody tr').first().textContent()).toBe(`0${v.features[0].name}${v.features[0].type}`);
    expect(await file.textContent()).toContain('probabilities');
    const link = file.getByRole('link', { name: 'Download ONNX of penguins v1' });
    expect(await link.getAttribute('href')).toBe('/api/models/penguins/versions/1/model.onnx');
    const got = await page.request.get(`${p.place.url}/api/models/penguins/versions/1/model.onnx`);
    expect(got.status()).toBe(200);
    expect(createHash('sha256').update(await got.body()).digest('hex')).toBe(v.artifactHash);

    await page.getByRole('tab', { name: 'curl' }).click();
    await page.getByRole('radio', { name: 'Plain predict' }).click();
    await page.getByLabel('Span of the numbers').selectOption('5');
    await page.waitForFunction(() => document.querySelector('[data-testid="variant-penguins-v1"] [data-testid="variant-rps"]')?.textContent !== '0.67');
    await shot(page, 'endpoint-page.png');
    if (process.env.SHOTS_DIR) {
      await page.screenshot({ path: join(process.env.SHOTS_DIR, 'endpoint-page-full.png'), fullPage: true });
      await page.setViewportSize({ width: 760, height: 900 });
      await page.screenshot({ path: join(process.env.SHOTS_DIR, 'endpoint-page-narrow.png'), fullPage: true });
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.screenshot({ path: join(process.env.SHOTS_DIR, 'endpoint-page-dark.png'), fullPage: true });
      await page.goto(`${p.place.url}/endpoints`);
      await page.waitForFunction((name) => (document.querySelector(`[data-testid="endpoint-${name}"] [data-testid="endpoint-rps"]`)?.textContent ?? '…') !== '…', ENDPOINT);
      await page.screenshot({ path: join(process.env.SHOTS_DIR, 'endpoints-list-dark.png') });
      await page.setViewportSize({ width: 760, height: 800 });
      await page.emulateMedia({ colorScheme: 'light' });
      await page.screenshot({ path: join(process.env.SHOTS_DIR, 'endpoints-list-narrow.png') });
    }
    await page.close();
  });

  it('lets an editor roll back through the button, with a reason, which changes the current deployment', async () => {
    const page = await p.pageAs('editor', `/endpoints/${ENDPOINT}`);
    const actions = page.getByTestId('endpoint-actions');
    await actions.getByRole('button', { name: 'Deploy…' }).waitFor();
    if (process.env.SHOTS_DIR) {
      await actions.getByRole('button', { name: 'Deploy…' }).click();
      await actions.getByLabel('Strategy').selectOption('canary');
      await actions.getByLabel(/^Model/).fill('penguins@1');
      await shot(page, 'endpoint-deploy-form.png');
      await actions.getByRole('button', { name: 'Cancel' }).click();
    }
    await actions.getByRole('button', { name: 'Rollback…' }).click();
    expect(await actions.textContent()).toContain('Roll back to deployment #1 (penguins@v1)?');
    const submit = actions.getByRole('button', { name: 'Roll back as editor-user' });
    expect(await submit.isDisabled()).toBe(true); // no reason yet
    await actions.getByLabel(/Why roll back\?/).fill('Rehearsing a rollback from the page.');
    if (process.env.SHOTS_DIR) await shot(page, 'endpoint-rollback-confirm.png');
    await submit.click();
    await page.waitForFunction(() => document.querySelector('[data-testid="endpoint-current"]')?.textContent === 'deployment #3 · replace', undefined, { timeout: 30_000 });
    const newest = page.getByTestId('deployments').locator('tbody tr').first();
    expect(await newest.textContent()).toContain('rollback of #2');
    expect(await newest.textContent()).toContain('editor-userRehearsing a rollback from the page.');
    await page.close();

    const e = await admin.endpoint.get.query({ name: ENDPOINT });
    expect(e.current).toMatchObject({ number: 3, actor: 'editor-user', reason: 'Rehearsing a rollback from the page.', status: 'active' });
    expect(e.history.find((h) => h.number === 2)?.status).toBe('rolled_back');
  });
});
