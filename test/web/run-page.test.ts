// The run page's step states, derived without a browser. The page itself is checked in Chromium by
// the end-to-end test (test/e2e/start.test.ts), which calls `checkRunPage` on the platform it starts.
import { describe, expect, it } from 'vitest';
import { countStates, stepViews } from '../../app/_lib/step-state';
import { stepNote } from '../../app/_components/run/step-row';

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

  it('says on a running ingest step\'s row how far its read has come', () => {
    type View = Parameters<typeof stepNote>[0];
    const running = (summary: unknown) => stepViews(plan, [{ ...row('ingest', 1, 'running'), summary }], 'running')[0] as unknown as View;
    expect(stepNote(running({ reading: { phase: 'reading row groups (4 of 11)', rows: 1_090_908, totalRows: 3_000_000 } })))
      .toBe('reading row groups (4 of 11): 1,090,908 rows of 3,000,000 (36 %)');
    expect(stepNote(running({ reading: { phase: 'reading files (2 of 9)', rows: 5000 } }))).toBe('reading files (2 of 9): 5,000 rows');
    expect(stepNote(running({}))).toBeUndefined();
    // Once the step is done, its summary is the read's, not the progress.
    const done = stepViews(plan, [{ ...row('ingest', 1, 'succeeded'), summary: { reading: { phase: 'x', rows: 1 } } }], 'running')[0] as unknown as View;
    expect(stepNote(done)).toBeUndefined();
  });
});
