// The run page's step states, derived without a browser. The page itself is checked in Chromium by
// the end-to-end test (test/e2e/start.test.ts), which calls `checkRunPage` on the platform it starts.
import { describe, expect, it } from 'vitest';
import { countStates, stepViews } from '../../app/_lib/step-state';

const plan = {
  steps: [
    { id: 'ingest', uses: 'ingest.csv', dependsOn: [] },
    { id: 'split', uses: 'prepare.split', dependsOn: ['ingest'] },
    { id: 'train', uses: 'train.logistic', dependsOn: ['split'] },
    { id: 'evaluate', uses: 'evaluate.classifier', dependsOn: ['train', 'split'] },
  ],
};
const row = (stepId: string, attempt: number, status: string) => ({ stepId, kind: 'k', attempt, status });
const states = (rows: ReturnType<typeof row>[], runStatus: string) =>
  Object.fromEntries(stepViews(plan, rows, runStatus).map((v) => [v.step.id, v.state]));

describe('run page step states', () => {
  it('puts steps in plan order, queued when their dependencies are done, pending before', () => {
    expect(states([], 'queued')).toEqual({ ingest: 'queued', split: 'pending', train: 'pending', evaluate: 'pending' });
    expect(states([row('ingest', 1, 'succeeded'), row('split', 1, 'running')], 'running')).toEqual({
      ingest: 'succeeded', split: 'running', train: 'pending', evaluate: 'pending',
    });
    expect(states([row('ingest', 1, 'succeeded'), row('split', 1, 'succeeded')], 'running')).toMatchObject({ train: 'queued', evaluate: 'pending' });
  });

  it('shows the latest attempt and keeps the earlier ones', () => {
    const views = stepViews(plan, [row('ingest', 2, 'succeeded'), row('ingest', 1, 'failed')], 'running');
    expect(views[0].state).toBe('succeeded');
    expect(views[0].attempts.map((a) => a.attempt)).toEqual([1, 2]);
  });

  it('uses the bookkeeping rows of steps that never ran, and the run outcome when there are none', () => {
    const rows = [row('ingest', 1, 'succeeded'), row('split', 1, 'failed'), row('train', 0, 'skipped')];
    expect(states(rows, 'failed')).toEqual({ ingest: 'succeeded', split: 'failed', train: 'skipped', evaluate: 'skipped' });
    expect(states([row('ingest', 1, 'running')], 'cancelled')).toEqual({ ingest: 'cancelled', split: 'cancelled', train: 'cancelled', evaluate: 'cancelled' });
  });

  it('shows steps a retry reused as cached, done for the steps that depend on them', () => {
    const rows = [row('ingest', 0, 'cached'), row('split', 0, 'cached')];
    expect(states(rows, 'running')).toEqual({ ingest: 'cached', split: 'cached', train: 'queued', evaluate: 'pending' });
    const views = stepViews(plan, rows, 'running');
    expect(views[0].attempts).toEqual([]); // nothing ran in this run
    expect(countStates(views)).toMatchObject({ cached: 2, queued: 1, pending: 1 });
  });

  it('counts states for the progress line', () => {
    const c = countStates(stepViews(plan, [row('ingest', 1, 'succeeded')], 'running'));
    expect(c).toMatchObject({ succeeded: 1, queued: 1, pending: 2, failed: 0 });
  });

  it('falls back to the rows, in the order they ran, without a plan', () => {
    expect(stepViews(null, [row('a', 1, 'succeeded'), row('b', 1, 'running')], 'running').map((v) => [v.step.id, v.state])).toEqual([
      ['a', 'succeeded'],
      ['b', 'running'],
    ]);
  });
});
