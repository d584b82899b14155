// Checks the web app's run page of a finished run: the run status says "succeeded" and every step
// of the run's plan is on the page with data-state="succeeded". Called by the end-to-end test with
// a running platform; it starts nothing itself.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';

const FINISHED = ['succeeded', 'failed', 'cancelled'];

/** The step ids of the run's plan, in plan order, read from the API the page uses. */
async function planStepIds(baseUrl: string, runId: string): Promise<string[]> {
  const input = encodeURIComponent(JSON.stringify({ json: { id: runId } }));
  const res = await fetch(`${baseUrl.replace(/\/$/, '')}/api/trpc/run.get?input=${input}`);
  assert.equal(res.status, 200, `run.get ${runId}: HTTP ${res.status}`);
  const body = (await res.json()) as { result: { data: { json: { plan: { steps: Array<{ id: string }> } } } } };
  return body.result.data.json.plan.steps.map((s) => s.id);
}

export async function checkRunPage(page: Page, baseUrl: string, runId: string, opts: { timeoutMs?: number } = {}): Promise<void> {
  const timeout = opts.timeoutMs ?? 30_000;
  const expected = await planStepIds(baseUrl, runId);
  assert.ok(expected.length > 0, 'the run has no steps in its plan');

  await page.goto(`${baseUrl.replace(/\/$/, '')}/runs/${runId}`);
  const status = page.getByTestId('run-status');
  await status.waitFor({ timeout });
  // The page polls every second while the run is active: wait for it to show a finished status.
  await page.waitForFunction(
    (finished) => finished.includes(document.querySelector('[data-testid="run-status"]')?.getAttribute('data-state') ?? ''),
    FINISHED,
    { timeout },
  );
  assert.equal(await status.getAttribute('data-state'), 'succeeded', 'run-status data-state');
  assert.match((await status.textContent()) ?? '', /succeeded/, 'run-status text');

  const shown = await page
    .locator('li[data-testid^="step-"]')
    .evaluateAll((els) => els.map((e) => ({ id: (e.getAttribute('data-testid') ?? '').slice('step-'.length), state: e.getAttribute('data-state') })));
  assert.deepEqual(shown.map((s) => s.id), expected, 'the page lists the plan steps, in plan order');
  const notSucceeded = shown.filter((s) => s.state !== 'succeeded');
  assert.deepEqual(notSucceeded, [], 'every step has data-state="succeeded"');
}
