// Rename and Duplicate from the pipelines list in Chromium, against the embedded platform with auth required: an
// editor renames a pipeline (the new name checked as it is typed: the rule, a taken name, then free) and its run
// stays with it; then duplicates it as a new pipeline at v1 with no runs. A viewer gets neither action.
// The same platform serves the settings page's tests (one platform start fewer in CI): an admin sets a secret
// through the form (a password field; the value never comes back to the page, the list shows its name), allows a
// private host and revokes it; an editor sees the secrets' names but no form; a viewer is told who sees them.
// SHOTS_DIR=/some/dir also saves screenshots (1280×800) of the list with the rename form and after both actions,
// and of the admin's settings page.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeadraceClient } from '../../server/api/client';
import { waitForRun } from '../helpers/case-env';
import { shot, startSignedInPlatform, type SignedInPlatform } from '../helpers/signed-in-platform';

let p: SignedInPlatform;
let editor: HeadraceClient;
let runId: string;
const waits = (name: string) => `headrace: 1\nname: ${name}\ndescription: Waits a second.\nsteps:\n  first:\n    uses: wait\n    with: { duration: 1s }\n`;

beforeAll(async () => {
  p = await startSignedInPlatform('headrace-pipeline-rename', { example: false });
  editor = p.client('editor');
  await editor.pipeline.save.mutate({ source: waits('other') });
  runId = (await editor.run.start.mutate({ source: waits('churn') })).id;
  await waitForRun(editor, runId);
}, 420_000);

afterAll(async () => {
  await p?.stop();
});

/** The hint under the name field once it says `text` (the name is checked after a pause in typing). */
async function hintSays(page: Page, text: string | RegExp): Promise<void> {
  const hint = page.getByTestId('name-change-hint');
  await page.waitForFunction(
    ([t, isRe]) => {
      const got = document.querySelector('[data-testid="name-change-hint"]')?.textContent ?? '';
      return isRe ? new RegExp(t).test(got) : got === t;
    },
    [typeof text === 'string' ? text : text.source, typeof text !== 'string'] as const,
  );
  expect(await hint.textContent()).toMatch(text);
}

describe('the pipelines list', () => {
  it('renames a pipeline from its row, checking the name as it is typed; its run stays with it', async () => {
    const page = await p.pageAs('editor', '/');
    await page.getByRole('button', { name: 'Rename churn' }).click();
    const input = page.getByLabel('New name for churn');
    expect(await input.inputValue()).toBe('churn');
    await hintSays(page, '"churn" is its name now: type the new one.');
    const submit = page.getByRole('form', { name: 'Rename churn' }).getByRole('button', { name: 'Rename' });
    expect(await submit.isDisabled()).toBe(true);

    await input.fill('Churn-Model');
    await hintSays(page, 'A pipeline name is lowercase: "churn-model" would do.');
    await input.fill('other');
    await hintSays(page, 'A pipeline named "other" already exists, at v1: choose another name.');
    expect(await submit.isDisabled()).toBe(true);
    await input.fill('churn-model');
    await hintSays(page, /^"churn-model" is free\. Its versions, runs and schedule move with it\.$/);
    await shot(page, 'D-rename-form.png');

    await submit.click();
    const notice = page.getByTestId('pipelines-notice');
    await notice.waitFor();
    expect(await notice.textContent()).toBe('Renamed churn to churn-model (v2, its runs and schedule moved with it).');
    await page.getByRole('link', { name: 'Runs of churn-model', exact: true }).waitFor();
    expect(await page.getByRole('link', { name: 'Runs of churn', exact: true }).count()).toBe(0);
    const runs = await editor.run.list.query({ pipeline: 'churn-model' });
    expect(runs.items.map((r) => r.id)).toEqual([runId]);

    await page.getByRole('link', { name: 'Runs of churn-model', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/runs' && u.searchParams.get('pipeline') === 'churn-model');
    await page.locator(`a[href="/runs/${runId}"]`).first().waitFor();
    await page.close();
  });

  it('duplicates a pipeline as v1 of a new one, with no runs', async () => {
    const page = await p.pageAs('editor', '/');
    await page.getByRole('button', { name: 'Duplicate churn-model' }).click();
    const input = page.getByLabel('Name of the copy of churn-model');
    expect(await input.inputValue()).toBe('churn-model-copy');
    await hintSays(page, /^"churn-model-copy" is free\. The copy starts at v1/);
    await page.getByRole('form', { name: 'Duplicate churn-model' }).getByRole('button', { name: 'Duplicate' }).click();
    const notice = page.getByTestId('pipelines-notice');
    await notice.waitFor();
    expect(await notice.textContent()).toBe('Duplicated churn-model as churn-model-copy (v1, no runs yet).');
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Runs of churn-model-copy' }) });
    await row.waitFor();
    expect(await row.locator('td').nth(2).textContent()).toBe('v1');
    expect((await editor.pipeline.get.query({ name: 'churn-model-copy' })).version.source).toBe(waits('churn-model-copy'));
    expect((await editor.run.list.query({ pipeline: 'churn-model-copy' })).items).toEqual([]);
    await shot(page, 'D-pipelines-list.png');
    await page.close();
  });

  it('offers a viewer neither Rename nor Duplicate', async () => {
    const page = await p.pageAs('viewer', '/');
    await page.getByRole('link', { name: 'Runs of churn-model', exact: true }).waitFor();
    // The role is known once the nav shows it; the table reads the same answer.
    await page.getByTestId('session-role').filter({ hasText: 'viewer' }).waitFor();
    expect(await page.getByRole('link', { name: 'Edit churn-model', exact: true }).count()).toBe(1);
    expect(await page.getByRole('button', { name: /^(Rename|Duplicate) / }).count()).toBe(0);
    await page.close();
  });
});

describe('the settings page', () => {
  it('lets an admin set a secret without ever showing its value, and allow and revoke a host', async () => {
    const page = await p.pageAs('admin', '/settings');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Settings');
    await expect.poll(() => page.getByTestId('secrets').textContent()).toContain('No secret yet: add one below.');

    const form = page.getByRole('form', { name: 'Set a secret' });
    await form.getByLabel('Name').fill('export-token');
    const value = form.getByLabel('Value');
    expect(await value.getAttribute('type')).toBe('password');
    await value.fill('Bearer 5ecret-from-the-page');
    await form.getByLabel('Description').fill('the export API');
    await form.getByRole('button', { name: 'Set secret' }).click();
    await expect.poll(() => page.getByTestId('secret-saved').textContent()).toBe('Secret export-token created.');
    const row = page.getByRole('table', { name: 'Secrets' }).getByRole('row', { name: /export-token/ });
    expect(await row.textContent()).toContain('the export API');
    // The field is emptied once the server has the value, and nothing on the page holds it.
    expect(await value.inputValue()).toBe('');
    expect(await page.content()).not.toContain('5ecret-from-the-page');
    expect((await p.client('admin').secret.list.query()).map((s) => s.name)).toEqual(['export-token']);

    const allow = page.getByRole('form', { name: 'Allow a host' });
    await allow.getByLabel('Host').fill('Feature-Store.internal');
    await allow.getByLabel('Note').fill('the feature store');
    await allow.getByRole('button', { name: 'Allow' }).click();
    const hosts = page.getByRole('table', { name: 'Allowed hosts' });
    await expect.poll(() => hosts.textContent()).toContain('feature-store.internal');
    await shot(page, 'settings-admin.png');
    await page.getByRole('button', { name: 'Revoke feature-store.internal' }).click();
    await expect.poll(() => page.getByTestId('egress').textContent()).toContain('None: only public addresses are reached.');
    await page.close();
  });

  it('shows an editor the names without a form, and tells a viewer who sees them', async () => {
    await p.client('admin').secret.set.mutate({ name: 'listed-for-editors', value: 'not-for-the-page' });
    const editor = await p.pageAs('editor', '/settings');
    await expect.poll(() => editor.getByRole('table', { name: 'Secrets' }).textContent()).toContain('listed-for-editors');
    expect(await editor.getByRole('form', { name: 'Set a secret' }).count()).toBe(0);
    expect(await editor.getByRole('form', { name: 'Allow a host' }).count()).toBe(0);
    await editor.close();
    const viewer = await p.pageAs('viewer', '/settings');
    await expect.poll(() => viewer.getByTestId('secrets').textContent()).toContain("Editors and admins see the secrets' names.");
    expect(await viewer.getByRole('table', { name: 'Secrets' }).count()).toBe(0);
    await viewer.close();
  });
});
