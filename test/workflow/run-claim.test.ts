// Who moves a run from `queued` to `running`. A run the API created whose first steps are plain activities is moved
// by its first steps' results, in the statement that records them, so its workflow starts without a local activity
// (PATCHES.runClaimedByFirstSteps); any other run is claimed by `claimRun` first, as before. Either way the run reads
// `running` while its first step runs and its end is recorded once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getRun, getRunSummary } from '../../server/db/repo/runs';
import { retryRun, startRun } from '../../server/services/runs';
import { userError } from '../../workers/activities/errors';
import { stepActivity, type StepContext } from '../../workers/activities/step';
import { scheduledActivities } from '../helpers/history';
import { startHarness, type Harness } from '../helpers/harness';

const dir = mkdtempSync(join(tmpdir(), 'headrace-run-claim-'));
let h: Harness;
/** Each step id's activity waits on this gate when one is set for it. */
const gates = new Map<string, { entered: () => void; release: Promise<void> }>();
/** Steps that fail (for good) when they run. */
const failing = new Set<string>();

beforeAll(async () => {
  h = await startHarness({
    activities: (base, deps) => ({
      ...base,
      // Both steps of the pipelines below are stand-ins: they read nothing and return nothing.
      'ingest.csv': stepActivity('ingest.csv', async (ctx: StepContext<never>) => {
        const gate = gates.get(`${ctx.input.pipeline}/${ctx.input.step.id}`);
        if (gate) {
          gate.entered();
          await gate.release;
        }
        if (failing.has(`${ctx.input.pipeline}/${ctx.input.step.id}`)) throw userError('BadData', 'the stand-in fails here');
        return { outputs: {} };
      }, deps),
    }),
  });
});

afterAll(async () => {
  await h?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const pipeline = (name: string, firstStep = '') => `headrace: 1
name: ${name}
params:
  go: { type: boolean, default: true }
steps:
  first:
    uses: ingest.csv
    with: { path: a.csv }
${firstStep}  second:
    uses: ingest.csv
    with: { path: b.csv }
    needs: [first]
`;

/** Holds `pipeline/step` at its start until the returned release is called; `entered` resolves once it is there. */
function hold(key: string): { entered: Promise<void>; release: () => void } {
  let release!: () => void;
  let entered!: () => void;
  const there = new Promise<void>((r) => (entered = r));
  gates.set(key, { entered, release: new Promise<void>((r) => (release = r)) });
  return { entered: there, release };
}

async function statusWhile(runId: string, until: (s: string) => boolean): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const status = (await getRunSummary(h.database.db, runId))!.status;
    if (until(status) || Date.now() > deadline) return status;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('a run the API started, whose first steps are activities', () => {
  it('is running while its first step runs, claimed by that step, with no local activity at its start', async () => {
    const held = hold('claimed/first');
    const run = await startRun(h.svc, { source: pipeline('claimed'), baseDir: dir, author: 'test' });
    await held.entered;
    // The first step's `running` row (written once it has run 50 ms) moves the run too.
    expect(await statusWhile(run.id, (s) => s !== 'queued')).toBe('running');
    held.release();
    await h.client.workflow.getHandle(run.workflowId).result();
    const view = (await getRun(h.database.db, run.id))!;
    expect(view.status).toBe('succeeded');
    expect(view.startedAt).toBeTruthy();
    expect(view.steps.map((s) => [s.stepId, s.status])).toEqual([['first', 'succeeded'], ['second', 'succeeded']]);
    expect(await scheduledActivities(h.client, run.workflowId)).toEqual(['ingest.csv', 'ingest.csv', 'local:recordRun']);
  });

  it('fails as before when its first step fails: the run is recorded failed, with the step', async () => {
    failing.add('claimed-fails/first');
    const run = await startRun(h.svc, { source: pipeline('claimed-fails'), baseDir: dir, author: 'test' });
    await h.client.workflow.getHandle(run.workflowId).result().catch(() => undefined);
    const view = (await getRun(h.database.db, run.id))!;
    expect(view.status).toBe('failed');
    expect(view.error).toContain('the stand-in fails here');
    expect(view.startedAt).toBeTruthy();
    expect(await scheduledActivities(h.client, run.workflowId)).toEqual(['ingest.csv', 'local:recordRun']);
  });
});

describe('any other run is claimed at its start, as before', () => {
  it('a first step with a condition', async () => {
    const held = hold('conditional/first');
    const run = await startRun(h.svc, { source: pipeline('conditional', '    when: ${{ params.go }}\n'), baseDir: dir, author: 'test' });
    await held.entered;
    expect((await getRunSummary(h.database.db, run.id))!.status).toBe('running');
    held.release();
    await h.client.workflow.getHandle(run.workflowId).result();
    expect((await getRun(h.database.db, run.id))!.status).toBe('succeeded');
    expect(await scheduledActivities(h.client, run.workflowId)).toEqual(['local:claimRun', 'ingest.csv', 'ingest.csv', 'local:recordRun']);
  });

  it('a retry, whose reused steps are looked up first', async () => {
    failing.add('retried/second');
    const failed = await startRun(h.svc, { source: pipeline('retried'), baseDir: dir, author: 'test' });
    await h.client.workflow.getHandle(failed.workflowId).result().catch(() => undefined);
    failing.delete('retried/second');
    const retry = await retryRun(h.svc, { id: failed.id, author: 'test' });
    await h.client.workflow.getHandle(retry.workflowId).result();
    expect((await getRun(h.database.db, retry.id))!.status).toBe('succeeded');
    const history = await scheduledActivities(h.client, retry.workflowId);
    expect(history.slice(0, 2)).toEqual(['local:claimRun', 'reuseSteps']);
    expect(history.at(-1)).toBe('local:recordRun');
  });
});
