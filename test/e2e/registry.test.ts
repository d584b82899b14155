// The registry's pages in Chromium against the embedded platform with auth required, after the penguins example
// registered penguins v1 in staging: the models list links the model, the model page lists its versions (vN,
// stage, metrics, created, run), the version page shows every registry field, the stage history and the ONNX
// download. A viewer gets no Promote / Archive; an editor may archive but not promote to production; an admin
// promotes to production with a reason, which lands in the stage history.
// SHOTS_DIR=/some/dir also saves screenshots (1280×800) of the model page and the version page there.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeadraceClient } from '../../server/api/client';
import type { PlatformPlace } from '../helpers/platform';
import { shot, startSignedInPlatform, type SignedInPlatform } from '../helpers/signed-in-platform';

let p: SignedInPlatform;
let place: PlatformPlace;
let users: SignedInPlatform['users'];
let admin: HeadraceClient;

beforeAll(async () => {
  p = await startSignedInPlatform('headrace-registry', { example: true });
  place = p.place;
  users = p.users;
  admin = p.client('admin');
}, 320_000);

afterAll(async () => {
  await p?.stop();
});

const pageAs = (who: 'viewer' | 'editor' | 'admin', path: string) => p.pageAs(who, path);

describe('the model page', () => {
  it('is linked from the models list and lists each version as vN with stage, metrics, created and run', async () => {
    const [v1] = await admin.model.versions.query({ name: 'penguins' });
    expect(v1).toMatchObject({ version: 1, stage: 'staging' });

    const page = await pageAs('viewer', '/models');
    await page.getByRole('link', { name: 'Model penguins' }).click();
    await page.waitForURL((u) => u.pathname === '/models/penguins');
    const row = page.getByTestId('version-1');
    await row.waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('penguins');
    expect(await page.getByTestId('model-summary').textContent()).toContain('In stagingv1');
    expect(await row.locator('.stage').textContent()).toBe('staging');
    expect(await row.textContent()).toContain(v1.metrics.accuracy.toFixed(3));
    expect(await row.textContent()).toContain('dataset=palmer-penguins');
    expect(await row.locator('time').count()).toBe(1);
    expect(await row.getByRole('link', { name: `Run ${v1.runId}` }).getAttribute('href')).toBe(`/runs/${v1.runId}`);
    expect(await row.getByRole('link', { name: 'penguins v1' }).getAttribute('href')).toBe('/models/penguins/versions/1');
    await shot(page, 'model-page.png');

    await row.getByRole('link', { name: 'penguins v1' }).click();
    await page.waitForURL((u) => u.pathname === '/models/penguins/versions/1');
    await page.getByTestId('version-overview').waitFor();
    await page.close();
  });
});

describe('the version page', () => {
  it('shows every registry field, the signature, the gate, the training data, the history and the ONNX file; no buttons for a viewer', async () => {
    const v = await admin.model.version.query({ name: 'penguins', version: 1 });
    const page = await pageAs('viewer', '/models/penguins/versions/1');
    const overview = page.getByTestId('version-overview');
    await overview.waitFor();
    expect(await page.getByTestId('version-stage').textContent()).toBe('staging');
    expect(await overview.textContent()).toContain('registered by step "register" of run');
    expect(await overview.textContent()).toContain(v.registeredBy!);
    expect(await overview.getByRole('link', { name: `Run ${v.runId}` }).getAttribute('href')).toBe(`/runs/${v.runId}`);
    expect(await overview.textContent()).toContain(v.artifactHash.slice(0, 12));
    expect(await overview.textContent()).toContain(v.sourceHash!.slice(0, 12));
    expect(await overview.textContent()).toContain(`Description${v.description ?? '—'}`);

    const metrics = page.getByTestId('version-metrics');
    expect(await metrics.textContent()).toContain(`accuracy${v.metrics.accuracy.toFixed(3)}`);
    expect(await page.getByTestId('version-gate').textContent()).toBe('passed the gate of step evaluate');

    const signature = page.getByTestId('version-signature');
    for (const c of ['Adelie', 'Chinstrap', 'Gentoo']) expect(await signature.textContent()).toContain(c);
    expect(await signature.textContent()).toContain('TargetSpecies');
    const features = signature.getByRole('table', { name: 'Features' });
    expect(await features.locator('tbody tr').count()).toBe(4);
    expect(await features.locator('tbody tr').first().textContent()).toBe(`0Beak Length (mm)${v.features[0].type}`);

    const training = page.getByTestId('version-training');
    expect(await training.textContent()).toContain('epochs200');
    expect(await training.textContent()).toContain('learningRate0.1');
    const data = training.getByRole('table', { name: 'Training datasets' });
    expect(await data.textContent()).toContain(v.trainingDatasets[0].slice(0, 16));

    const history = page.getByTestId('stage-history');
    expect(await history.locator('tbody tr').last().textContent()).toContain('registered');

    // No Promote / Archive for a viewer, and a line saying who may.
    await page.getByTestId('stage-actions-note').waitFor();
    expect(await page.getByTestId('stage-actions').getByRole('button').count()).toBe(0);
    expect(await page.getByTestId('stage-actions-note').textContent()).toBe(
      'Signed in as viewer-user (viewer): promote to production needs admin; archive needs editor or admin.',
    );

    // The ONNX file with the viewer's session; its bytes are the registered artifact.
    const link = page.getByRole('link', { name: 'Download ONNX' });
    expect(await link.getAttribute('href')).toBe('/api/models/penguins/versions/1/model.onnx');
    const got = await page.request.get(`${place.url}/api/models/penguins/versions/1/model.onnx`);
    expect(got.status()).toBe(200);
    expect(got.headers()['content-disposition']).toBe('attachment; filename="penguins-v1.onnx"');
    expect(createHash('sha256').update(await got.body()).digest('hex')).toBe(v.artifactHash);
    await page.close();

    // Without credentials: refused; a bearer token works; an unknown version is not found.
    expect((await fetch(`${place.url}/api/models/penguins/versions/1/model.onnx`)).status).toBe(401);
    const bearer = { authorization: `Bearer ${users.viewer.token}` };
    expect((await fetch(`${place.url}/api/models/penguins/versions/1/model.onnx`, { headers: bearer })).status).toBe(200);
    const missing = await fetch(`${place.url}/api/models/penguins/versions/9/model.onnx`, { headers: bearer });
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('model "penguins" has no version 9\n');
  });

  it('offers an editor Archive but not Promote to production', async () => {
    const page = await pageAs('editor', '/models/penguins/versions/1');
    const actions = page.getByTestId('stage-actions');
    await actions.getByRole('button', { name: 'Archive…' }).waitFor();
    expect(await actions.getByRole('button', { name: 'Promote to production…' }).count()).toBe(0);
    expect(await page.getByTestId('stage-actions-note').textContent()).toBe('Signed in as editor-user (editor): promote to production needs admin.');
    await page.close();
  });

  it('lets an admin promote to production with a reason, kept in the stage history', async () => {
    const page = await pageAs('admin', '/models/penguins/versions/1');
    const actions = page.getByTestId('stage-actions');
    await actions.getByRole('button', { name: 'Promote to production…' }).click();
    const submit = actions.getByRole('button', { name: 'Promote to production as admin' });
    expect(await submit.isDisabled()).toBe(true); // no reason yet
    await actions.getByLabel(/Why promote to production\?/).fill('Accuracy holds on the held-back penguins.');
    await submit.click();
    await page.waitForFunction(() => document.querySelector('[data-testid="version-stage"]')?.textContent === 'production', undefined, { timeout: 30_000 });
    const newest = page.getByTestId('stage-history').locator('tbody tr').first();
    expect(await newest.textContent()).toContain('staging → production');
    expect(await newest.textContent()).toContain('adminAccuracy holds on the held-back penguins.');
    // In production, what is left is Archive.
    expect(await actions.getByRole('button').allTextContents()).toEqual(['Archive…']);
    await shot(page, 'version-page.png');
    if (process.env.SHOTS_DIR) await page.screenshot({ path: join(process.env.SHOTS_DIR, 'version-page-full.png'), fullPage: true });
    await page.close();

    const v = await admin.model.version.query({ name: 'penguins', version: 1 });
    expect(v.stage).toBe('production');
    expect(v.stageChanges.at(-1)).toMatchObject({ fromStage: 'staging', toStage: 'production', actor: 'admin', reason: 'Accuracy holds on the held-back penguins.' });
  });
});
