// A run started by a retraining trigger, in Chromium against the embedded platform with auth required: a
// pipeline with a file-arrival webhook, called once over HTTP (POST /v1/triggers/NAME, an editor's token); the
// runs list shows what caused the run as its trigger, and so does the run page.
// SHOTS_DIR=/some/dir also saves a screenshot (1280×800) of the run page there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForRun } from '../helpers/case-env';
import { shot, startSignedInPlatform, type SignedInPlatform } from '../helpers/signed-in-platform';

let p: SignedInPlatform;
let runId = '';
const source = [
  'headrace: 1', 'name: arrivals', 'triggers:', '  - data: { webhook: arrivals }',
  'steps:', '  first:', '    uses: wait', '    with: { duration: 1s }', '',
].join('\n');

beforeAll(async () => {
  p = await startSignedInPlatform('headrace-run-trigger', { example: false });
  const editor = p.client('editor');
  await editor.pipeline.save.mutate({ source });
  const res = await fetch(`${p.place.url}/v1/triggers/arrivals`, {
    method: 'POST',
    headers: { authorization: `Bearer ${p.users.editor.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ source: 'uploads/penguins-2026-02.csv', hash: 'c0ffee' }),
  });
  expect(res.status).toBe(202);
  const { firings } = (await res.json()) as { firings: { runId: string }[] };
  runId = firings[0].runId;
  await waitForRun(editor, runId);
}, 300_000);

afterAll(async () => {
  await p?.stop();
});

describe('a run started by a trigger', () => {
  it('shows what caused it in the runs list and on its page', async () => {
    const list = await p.pageAs('viewer', '/runs?pipeline=arrivals');
    const row = list.getByRole('table', { name: /runs/i }).locator('tbody tr').first();
    await row.waitFor();
    await expect.poll(() => row.textContent()).toContain('data · uploads/penguins-2026-02.csv arrived');
    expect(await row.locator('td', { hasText: 'data · uploads' }).getAttribute('title')).toBe('data:webhook/arrivals:c0ffee');

    const page = await p.pageAs('viewer', `/runs/${runId}`);
    const details = page.getByTestId('trigger-details');
    await details.waitFor();
    expect(await details.textContent()).toBe('data · uploads/penguins-2026-02.csv arrived');
    expect(await page.locator('dd', { has: details }).textContent()).toContain('data by editor');
    await shot(page, 'run-trigger.png');
  });
});
