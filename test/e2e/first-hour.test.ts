// A new user's first hour in Chromium against the embedded platform with auth required: the header says who is
// signed in and with which role, and Sign out ends the session; "New pipeline" asks for a name first and refuses
// a bad one and a taken one with a sentence, and the editor's first save never lands on a pipeline that exists
// already; on a finished run's page, Run again starts a fresh run of the same version with the same params.
// SHOTS_DIR=/some/dir also saves screenshots (1280×800) of the header, the name form, the refused save and the
// run page's actions there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeadraceClient } from '../../server/api/client';
import { gated, waitingStep } from '../api/gated';
import { waitForRun } from '../helpers/case-env';
import type { PlatformPlace } from '../helpers/platform';
import { shot, startSignedInPlatform, type SignedInPlatform } from '../helpers/signed-in-platform';

let p: SignedInPlatform;
let place: PlatformPlace;
let users: SignedInPlatform['users'];
let editor: HeadraceClient;

beforeAll(async () => {
  p = await startSignedInPlatform('headrace-first-hour', { example: false });
  place = p.place;
  users = p.users;
  editor = p.client('editor');
}, 320_000);

afterAll(async () => {
  await p?.stop();
});

const pageAs = (who: 'viewer' | 'editor', path: string) => p.pageAs(who, path);

/** A small pipeline of wait steps; `deep` decides whether the second one runs. */
const small = (name: string) => `headrace: 1
name: ${name}
params:
  deep: { type: boolean, default: false }
steps:
  first:
    uses: wait
    with: { duration: 1s }
  deep_check:
    uses: wait
    needs: [first]
    when: "\${{ params.deep }}"
    with: { duration: 1s }
`;

describe('the header', () => {
  it('shows who is signed in and the role, and Sign out ends the session', async () => {
    const viewer = await pageAs('viewer', '/');
    const session = viewer.getByTestId('session');
    await session.waitFor();
    expect(await viewer.getByTestId('session-user').textContent()).toBe('viewer-user');
    expect(await viewer.getByTestId('session-role').textContent()).toBe('viewer');
    await viewer.close();

    const page = await pageAs('editor', '/');
    await page.getByTestId('session').waitFor();
    expect(await page.getByTestId('session').textContent()).toBe('Signed in as editor-user editorSign out');
    await shot(page, 'nav-signed-in.png');
    await Promise.all([page.waitForURL((u) => u.pathname === '/login'), page.getByRole('button', { name: 'Sign out' }).click()]);
    // The session is over, not just the cookie hidden: a page sends the browser back to the login form.
    await page.goto(`${place.url}/runs`);
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.getByTestId('session').count()).toBe(0);
    await page.close();
  });
});

describe('New pipeline', () => {
  it('asks for a name, refuses a bad one and a taken one with a sentence, and its first save never lands on another pipeline', async () => {
    await editor.pipeline.save.mutate({ source: small('churn') });
    const page = await pageAs('editor', '/pipelines/new');
    const name = page.getByLabel('Name', { exact: true });
    const create = page.getByRole('button', { name: 'Create and open the editor' });
    const problem = page.getByTestId('name-problem');

    await name.fill('churn model');
    await create.click();
    expect(await problem.textContent()).toBe(
      'A pipeline name starts with a lowercase letter and has only lowercase letters, digits, "-" and "_" (for example churn-model).',
    );
    await name.fill('Churn');
    await create.click();
    expect(await problem.textContent()).toBe('A pipeline name is lowercase: "churn" would do.');
    await name.fill('churn');
    await create.click();
    await problem.getByRole('link', { name: 'Open churn' }).waitFor();
    expect(await problem.textContent()).toBe('A pipeline named "churn" already exists, at v1. Open it to change it, or choose another name. Open churn');
    expect(await problem.getByRole('link').getAttribute('href')).toBe('/pipelines/churn/edit');
    await shot(page, 'new-pipeline-name-taken.png');

    // A free name opens the editor on an empty pipeline of that name.
    await name.fill('fresh-one');
    await create.click();
    await page.locator('.react-flow__pane').waitFor();
    await page.getByTestId('yaml-pane').getByText('fresh-one').waitFor();

    // Someone else saves a pipeline of that name meanwhile: this editor's first save is refused, not turned into v2.
    await editor.pipeline.save.mutate({ source: small('fresh-one') });
    await page.getByTestId('save').click();
    const status = page.locator('.editor-status');
    await page.getByText('Save failed:').waitFor();
    expect(await status.textContent()).toBe(
      'Save failed: A pipeline named "fresh-one" already exists (v1): open it to change it, or give this one another name.',
    );
    expect((await editor.pipeline.versions.query({ name: 'fresh-one' })).map((v) => v.version)).toEqual([1]);
    await shot(page, 'new-pipeline-save-refused.png');
    await page.close();

    // A name nobody took saves as v1 of a new pipeline, and the address becomes its editor's.
    const second = await pageAs('editor', '/pipelines/new');
    await second.getByLabel('Name', { exact: true }).fill('fresh-two');
    await second.getByRole('button', { name: 'Create and open the editor' }).click();
    await second.locator('.react-flow__pane').waitFor();
    await second.getByTestId('save').click();
    await second.getByText('Saved fresh-two v1').waitFor();
    expect(new URL(second.url()).pathname).toBe('/pipelines/fresh-two/edit');
    // Saving again from this editor is a version of the pipeline it now holds.
    await second.getByTestId('save').click();
    await second.getByText('No changes: fresh-two v1').waitFor();
    await second.close();
  });
});

/** The run page's line on Reproduce, which names the run. */
const reproduceLine = (id: string) =>
  `Reproduce: the same, on the data versions this run read (from the store, even where a file has changed since), every step executed again; headrace rerun ${id.slice(0, 8)} --wait also compares the metrics.`;

describe('Run again', () => {
  it('starts a fresh run of the same version with the same params and opens it', async () => {
    await editor.pipeline.save.mutate({ source: small('again') });
    await editor.pipeline.save.mutate({ source: small('again').replace('name: again', 'name: again\ndescription: a second version') });
    const first = await editor.run.start.mutate({ pipeline: 'again', version: 1, params: { deep: true } });
    expect((await waitForRun(editor, first.id)).status).toBe('succeeded');

    const page = await pageAs('editor', `/runs/${first.id}`);
    await page.getByTestId('run-actions-help').waitFor();
    // The last line comes once the version's declared params are read.
    await expect.poll(() => page.getByTestId('run-actions-help').getByRole('listitem').allTextContents(), { timeout: 30_000 }).toEqual([
      'Run again: a fresh run of v1 with the same params, from the first step.',
      reproduceLine(first.id),
      'Edit params and run: the same, with params you change first.',
    ]);
    expect(await page.getByRole('button', { name: /Retry/ }).count()).toBe(0); // nothing failed: nothing to retry
    await shot(page, 'run-again.png');
    await Promise.all([
      page.waitForURL((u) => u.pathname.startsWith('/runs/') && !u.pathname.endsWith(first.id)),
      page.getByRole('button', { name: 'Run again' }).click(),
    ]);
    const id = new URL(page.url()).pathname.split('/').pop()!;
    const again = await waitForRun(editor, id);
    expect(again).toMatchObject({ status: 'succeeded', pipelineName: 'again', pipelineVersion: 1, params: first.params, trigger: 'manual', createdBy: 'editor-user' });
    expect(again.steps.find((s) => s.stepId === 'deep_check')?.status).toBe('succeeded');
    await page.getByTestId('run-status').waitFor();
    await page.close();
  });

  it('sits beside Retry on a cancelled run, with a line saying what each does', async () => {
    const stopped = await editor.run.start.mutate({ source: gated('held') });
    await waitingStep(editor, stopped.id, 'review');
    await editor.run.cancel.mutate({ id: stopped.id });
    expect((await waitForRun(editor, stopped.id)).status).toBe('cancelled');
    const page = await pageAs('editor', `/runs/${stopped.id}`);
    const help = page.getByTestId('run-actions-help');
    await help.waitFor();
    expect(await help.getByRole('listitem').allTextContents()).toEqual([
      'Resume where it stopped: a new run that reuses the steps that finished and runs the rest, from the step that was interrupted.',
      'Run again: a fresh run of v1, from the first step.',
      reproduceLine(stopped.id),
    ]);
    expect(await page.getByRole('button', { name: 'Resume where it stopped' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Reproduce' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Run again' }).count()).toBe(1);
    await shot(page, 'run-again-beside-retry.png');
    await page.close();
  });
});
