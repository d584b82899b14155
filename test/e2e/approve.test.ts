// Approvals and schedules in Chromium against the embedded platform with auth required: a run waiting at an
// `approve` step shows "waiting for approval", who may decide and the message; a viewer gets no buttons; an
// editor approves with a reason and the run goes on. The pipeline's runs page shows its schedule with the next
// five fire times, and Pause / Resume.
// SHOTS_DIR=/some/dir also saves screenshots (1280×800) of the waiting run and of the schedule panel there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeadraceClient } from '../../server/api/client';
import { gated, waitingStep } from '../api/gated';
import { waitForRun } from '../helpers/case-env';
import type { PlatformPlace } from '../helpers/platform';
import { shot, startSignedInPlatform, type SignedInPlatform } from '../helpers/signed-in-platform';

let p: SignedInPlatform;
let place: PlatformPlace;
let editor: HeadraceClient;

beforeAll(async () => {
  p = await startSignedInPlatform('headrace-approve', { example: false });
  place = p.place;
  editor = p.client('editor');
}, 320_000);

afterAll(async () => {
  await p?.stop();
});

const pageAs = (who: 'viewer' | 'editor', path: string) => p.pageAs(who, path);

describe('the run page of a run waiting for approval', () => {
  it('shows who may decide; a viewer cannot, an editor approves with a reason and the run goes on', async () => {
    const run = await editor.run.start.mutate({
      source: gated('release-gate', '{ message: "Check the evaluation report before the model is registered.", timeout: 24h }'),
    });
    await waitingStep(editor, run.id, 'review');

    const viewer = await pageAs('viewer', `/runs/${run.id}`);
    const panel = viewer.getByTestId('approval-review');
    await panel.waitFor();
    expect(await panel.textContent()).toContain('waiting for approval');
    expect(await panel.textContent()).toContain('Check the evaluation report before the model is registered.');
    expect(await panel.textContent()).toContain('May decide: editors and admins');
    // Who is signed in arrives with its own request after the panel: wait for that line, then read it.
    await panel.getByText('You are signed in as viewer-user').waitFor();
    expect(await panel.textContent()).toContain('You are signed in as viewer-user (viewer): only editor or admin may decide.');
    expect(await panel.getByRole('button').count()).toBe(0);
    expect(await viewer.getByTestId('step-review').getAttribute('data-state')).toBe('waiting');
    await viewer.close();

    const page = await pageAs('editor', `/runs/${run.id}`);
    const mine = page.getByTestId('approval-review');
    await mine.getByRole('button', { name: 'Approve…' }).click();
    const submit = mine.getByRole('button', { name: 'Approve as editor-user' });
    expect(await submit.isDisabled()).toBe(true); // no reason yet
    await mine.getByLabel(/Why approve\?/).fill('Report checked: accuracy and per-class recall are fine.');
    await shot(page, 'run-waiting-for-approval.png');
    await submit.click();

    await page.waitForFunction(() => document.querySelector('[data-testid="run-status"]')?.getAttribute('data-state') === 'succeeded', undefined, { timeout: 60_000 });
    expect(await page.getByTestId('approval-review').count()).toBe(0);
    expect(await page.getByTestId('note-review').textContent()).toBe('approved by editor-user: Report checked: accuracy and per-class recall are fine.');
    const done = await waitForRun(editor, run.id);
    expect(done.steps.find((s) => s.stepId === 'review' && s.status === 'succeeded')?.summary).toMatchObject({ approval: { actor: 'editor-user' } });
    await page.close();
  });
});

describe("a pipeline's schedule on its runs page", () => {
  it('shows the next five fire times and pauses and resumes with a reason', async () => {
    const source = gated('nightly-retrain').replace(/^steps:$/m, 'triggers:\n  - schedule: { cron: "0 2 * * *", timezone: Europe/Paris }\nsteps:');
    await editor.pipeline.save.mutate({ source });
    const page = await pageAs('editor', '/runs?pipeline=nightly-retrain');
    const panel = page.getByTestId('schedule-panel');
    await panel.waitFor();
    expect(await page.getByTestId('schedule-state').textContent()).toBe('active');
    expect(await panel.textContent()).toContain('0 2 * * *');
    expect(await panel.textContent()).toContain('Europe/Paris · overlap skip · runs v1');
    expect(await panel.getByRole('list', { name: 'Next fire times' }).getByRole('listitem').count()).toBe(5);

    await panel.getByLabel('Reason').fill('data provider maintenance this week');
    await panel.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => page.getByTestId('schedule-state').textContent()).toBe('paused');
    expect(await page.getByTestId('schedule-note').textContent()).toBe('paused by editor-user: data provider maintenance this week');
    expect(await panel.textContent()).toContain('Would fire next (nothing fires while paused):');
    await shot(page, 'schedule-panel-paused.png');
    expect((await editor.pipeline.schedule.get.query({ name: 'nightly-retrain' })).state?.paused).toBe(true);

    await panel.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => page.getByTestId('schedule-state').textContent()).toBe('active');
    await page.close();

    const viewer = await pageAs('viewer', '/runs?pipeline=nightly-retrain');
    await viewer.getByTestId('schedule-panel').waitFor();
    expect(await viewer.getByTestId('schedule-panel').getByRole('button').count()).toBe(0);
    await viewer.close();
  });
});

describe('a run with steps skipped by when:', () => {
  it('shows each skipped step and why, and the run succeeds', async () => {
    const source = `headrace: 1
name: conditional
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
  report:
    uses: wait
    needs: [first]
    when: "\${{ steps.first.state }} == 'succeeded'"
    with: { duration: 1s }
`;
    const run = await editor.run.start.mutate({ source });
    expect((await waitForRun(editor, run.id)).status).toBe('succeeded');
    const page = await pageAs('viewer', `/runs/${run.id}`);
    await page.getByTestId('step-deep_check').waitFor();
    expect(await page.getByTestId('step-deep_check').getAttribute('data-state')).toBe('skipped');
    expect(await page.getByTestId('note-deep_check').textContent()).toBe('skipped: when: ${{ params.deep }} is false (with params: false)');
    expect(await page.getByTestId('step-report').getAttribute('data-state')).toBe('succeeded');
    await shot(page, 'run-with-skipped-step.png');
    await page.close();
  });
});
