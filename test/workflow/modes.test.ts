// Execution modes and `when:` on a real Temporal dev server with a real worker: conditions true, false, on a
// metric and on a skipped upstream; `approve` granted, rejected and timed out; `wait`; a child-mode step; and the
// continueAsNew policy of workflows that loop.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { WorkflowFailedError, WorkflowUpdateFailedError } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Plan, PlanStep } from '../../dsl/plan';
import { getRun, type StepRunRow } from '../../server/db/repo/runs';
import { auditLog } from '../../server/db/schema';
import { savePipeline } from '../../server/services/pipelines';
import { startRun } from '../../server/services/runs';
import {
  childWorkflowType, decideUpdate, PIPELINE_RUN, PIPELINE_TASK_QUEUE, statusQuery, type ApprovalDecision, type RunStatusView,
} from '../../server/temporal/contract';
import { testLoop } from '../../workers/workflows/test-child';
import { startHarness, type Harness } from '../helpers/harness';

const exampleDir = resolve('examples/penguins');
const penguins = readFileSync(resolve(exampleDir, 'pipeline.yaml'), 'utf8');

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.stop();
});

async function start(source: string) {
  const run = await startRun(h.svc, { source, baseDir: exampleDir, author: 'test' });
  return { run, handle: h.client.workflow.getHandle(run.workflowId) };
}

async function finish(run: { id: string; workflowId: string }) {
  const outcome = await h.client.workflow.getHandle(run.workflowId).result().then(() => undefined, (e: unknown) => e);
  const view = (await getRun(h.database.db, run.id))!;
  const step = (id: string): StepRunRow => {
    const rows = view.steps.filter((s) => s.stepId === id).sort((a, b) => b.attempt - a.attempt);
    if (!rows[0]) throw new Error(`no row for step ${id}: ${view.steps.map((s) => s.stepId).join(', ')}`);
    return rows[0];
  };
  return { outcome, view, step };
}

/** Polls the `status` query until `ok` holds (the workflow's own view, no sleeping in the workflow). */
async function until(workflowId: string, ok: (v: RunStatusView) => boolean): Promise<RunStatusView> {
  const handle = h.client.workflow.getHandle(workflowId);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const view = await handle.query(statusQuery);
    if (ok(view)) return view;
    if (Date.now() > deadline) throw new Error(`status never reached the expected state: ${JSON.stringify(view)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const summaryOf = (row: StepRunRow) => row.summary as Record<string, any>;

describe('when:', () => {
  // Penguins, then: a registration whose condition holds on a metric, one whose condition fails on it, a training
  // switched off by a param, the evaluation that needs that model, and a step that runs because training was skipped.
  const source = penguins.replace('name: penguins', 'name: when-branches').replace(
    /  register:[\s\S]*$/,
    `  register:
    uses: registry.register
    in: { model: train.model, metrics: evaluate.metrics }
    with: { name: when-branches, stage: staging }
    when: "\${{ steps.evaluate.metrics.accuracy }} >= 0.5"
  register_perfect:
    uses: registry.register
    in: { model: train.model, metrics: evaluate.metrics }
    with: { name: when-perfect, stage: staging }
    when: "\${{ steps.evaluate.metrics.accuracy }} > 1.5"
  train_big:
    uses: train.logistic
    in: { table: split.train }
    with: { target: Species, features: [Beak Length (mm), Flipper Length (mm)], epochs: 10 }
    when: "\${{ params.big }}"
  evaluate_big:
    uses: evaluate.classifier
    in: { model: train_big.model, table: split.test }
  after_skip:
    uses: wait
    needs: [train_big, evaluate]
    with: { duration: 10ms }
    when: "\${{ steps.train_big.state }} == 'skipped' && \${{ steps.evaluate.state }} == 'succeeded'"
`,
  ).replace('params:\n', 'params:\n  big: { type: boolean, default: false }\n');

  it('runs true branches, skips false ones with the reason, skips what needs a skipped input, and succeeds', async () => {
    const { run, handle } = await start(source);
    const { outcome, view, step } = await finish(run);
    expect(outcome).toBeUndefined();
    expect(view.status).toBe('succeeded');

    // True on a metric: registered.
    expect(step('register').status).toBe('succeeded');
    // False on a metric: skipped, and the reason names the metric and its value.
    expect(step('register_perfect').status).toBe('skipped');
    expect(step('register_perfect').attempt).toBe(0);
    expect(step('register_perfect').error).toBeNull();
    expect(summaryOf(step('register_perfect')).reason).toMatch(/^when: .*accuracy.* > 1\.5 is false \(accuracy = [\d.]+\)$/);
    // False on a param.
    expect(step('train_big').status).toBe('skipped');
    expect(summaryOf(step('train_big')).reason).toMatch(/^when: .* is false/);
    // An input from a skipped step: skipped too.
    expect(step('evaluate_big').status).toBe('skipped');
    expect(summaryOf(step('evaluate_big')).reason).toBe('input model skipped (step "train_big" was skipped)');
    // True on a skipped upstream's state (a `needs:` on a skipped step is only ordering).
    expect(step('after_skip').status).toBe('succeeded');

    // The workflow's own view carries the same reasons.
    const status = await handle.query(statusQuery);
    expect(status.runId).toBe(run.id);
    expect(status.steps.register_perfect).toEqual({ state: 'skipped', reason: summaryOf(step('register_perfect')).reason });
    expect(status.steps.evaluate_big.reason).toBe('input model skipped (step "train_big" was skipped)');
    expect(status.steps.register.state).toBe('succeeded');
  });
});

describe('approve', () => {
  const pipeline = (name: string, timeout: string) => `headrace: 1
name: ${name}
steps:
  sign_off:
    uses: approve
    with: { timeout: ${timeout}, message: Check the metrics first }
  after:
    uses: wait
    needs: [sign_off]
    with: { duration: 10ms }
`;
  const decide = (workflowId: string, d: Omit<ApprovalDecision, 'stepId'> & { stepId?: string }) =>
    h.client.workflow.getHandle(workflowId).executeUpdate(decideUpdate, { args: [{ stepId: 'sign_off', ...d }] });

  it('waits showing who may decide, continues when approved, and refuses a second decision', async () => {
    const { run } = await start(pipeline('approve-granted', '1h'));
    const waiting = await until(run.workflowId, (v) => v.steps.sign_off.state === 'waiting');
    expect(waiting.steps.sign_off.approvers).toEqual(['editor', 'admin']);
    expect(waiting.steps.sign_off.until).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(waiting.steps.after.state).toBe('pending');
    // The view says `waiting` before the recordSteps activity has written the row: wait for the row too.
    const row = await vi.waitFor(async () => {
      const r = (await getRun(h.database.db, run.id))!.steps.find((s) => s.stepId === 'sign_off');
      if (r?.status !== 'waiting') throw new Error(`sign_off's row is ${r?.status ?? 'missing'}`);
      return r;
    }, { timeout: 10_000, interval: 50 });
    expect(row.finishedAt).toBeNull();

    // Only an approve step that waits takes a decision.
    await expect(decide(run.workflowId, { stepId: 'after', approved: true, reason: 'x', actor: 'alice' })).rejects.toThrow(WorkflowUpdateFailedError);
    expect(await decide(run.workflowId, { approved: true, reason: 'metrics look right', actor: 'alice' })).toEqual({ stepId: 'sign_off', approved: true });

    const { outcome, view, step } = await finish(run);
    expect(outcome).toBeUndefined();
    expect(view.status).toBe('succeeded');
    expect(step('sign_off').status).toBe('succeeded');
    expect(summaryOf(step('sign_off')).approval).toMatchObject({ approved: true, actor: 'alice', reason: 'metrics look right' });
    expect(summaryOf(step('sign_off')).message).toBe('Check the metrics first');
    expect(step('after').status).toBe('succeeded');
    const update = await decide(run.workflowId, { approved: false, reason: 'too late', actor: 'bob' }).then(() => undefined, (e: unknown) => e);
    expect(update).toBeInstanceOf(Error);
  });

  it('fails the step and the run when rejected, with who rejected and why', async () => {
    const { run } = await start(pipeline('approve-rejected', '1h'));
    await until(run.workflowId, (v) => v.steps.sign_off.state === 'waiting');
    const refused = await decide(run.workflowId, { approved: false, reason: '  ', actor: 'bob' }).then(() => undefined, (e: unknown) => e);
    expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(((refused as WorkflowUpdateFailedError).cause as Error).message).toBe('a decision needs a reason');
    await decide(run.workflowId, { approved: false, reason: 'accuracy dropped on the holdout', actor: 'bob' });

    const { outcome, view, step } = await finish(run);
    expect(outcome).toBeInstanceOf(WorkflowFailedError);
    expect(view.status).toBe('failed');
    expect(view.error).toBe('step "sign_off" failed: rejected by bob: accuracy dropped on the holdout');
    expect(step('sign_off').status).toBe('failed');
    expect(step('sign_off').error).toBe('rejected by bob: accuracy dropped on the holdout');
    expect(summaryOf(step('sign_off')).approval).toMatchObject({ approved: false, actor: 'bob' });
    expect(step('after').status).toBe('skipped');
    expect(summaryOf(step('after')).reason).toBe('step "sign_off" failed');
  });

  it('ends as rejected by timeout when nobody decides in time, and audits it', async () => {
    const { run } = await start(pipeline('approve-timeout', '2s'));
    const { outcome, view, step } = await finish(run);
    expect(outcome).toBeInstanceOf(WorkflowFailedError);
    expect(view.error).toBe('step "sign_off" failed: rejected by timeout: no decision within 2s');
    expect(summaryOf(step('sign_off')).approval).toMatchObject({ approved: false, actor: 'timeout', reason: 'no decision within 2s' });
    const audits = await h.database.db.select().from(auditLog).where(eq(auditLog.target, run.id));
    expect(audits.map((a) => [a.actor, a.action, a.outcome])).toEqual([['timeout', 'run.reject', 'ok']]);
  });
});

describe('wait', () => {
  it('holds the run on a durable timer for its duration, then continues', async () => {
    const { run, handle } = await start(`headrace: 1
name: wait-duration
steps:
  pause:
    uses: wait
    with: { duration: 1s }
  already:
    uses: wait
    needs: [pause]
    with: { until: "2001-01-01T00:00:00Z" }
`);
    const waiting = await until(run.workflowId, (v) => v.steps.pause.state !== 'pending' && v.steps.pause.state !== 'running');
    expect(['waiting', 'succeeded']).toContain(waiting.steps.pause.state);
    const { outcome, step } = await finish(run);
    expect(outcome).toBeUndefined();
    expect(step('pause').status).toBe('succeeded');
    expect(step('already').status).toBe('succeeded');
    // One timer, of the step's duration; the time already passed needs none.
    const timers = ((await handle.fetchHistory()).events ?? []).flatMap((e) => (e.timerStartedEventAttributes ? [e.timerStartedEventAttributes] : []));
    expect(timers.map((t) => Number(t.startToFireTimeout?.seconds))).toEqual([1]);
  });
});

describe('child mode', () => {
  it('runs a child-mode step as a child workflow named by its kind, and records its result', async () => {
    const saved = await savePipeline(h.svc, { source: `headrace: 1\nname: child-run\nsteps:\n  first:\n    uses: wait\n    with: { duration: 10ms }\n`, author: 'test' });
    const wait = saved.plan.steps[0];
    const child = (id: string, config: Record<string, unknown>): PlanStep => ({
      ...wait, id, uses: 'test.child', mode: 'child', config, dependsOn: ['first'], when: undefined,
    });
    const plan: Plan = { ...saved.plan, steps: [wait, child('kid', { sleepMs: 10 })] };
    const workflowId = `child-run-${Date.now()}`;
    const handle = await h.client.workflow.start(PIPELINE_RUN, {
      taskQueue: PIPELINE_TASK_QUEUE, workflowId, args: [plan, { pipelineVersionId: saved.version.id, createdBy: 'test' }],
    });
    const result = await handle.result();
    expect(result.status).toBe('succeeded');
    const { view, step } = await finish({ id: result.runId, workflowId });
    expect(view.trigger).toBe('workflow');
    expect(step('kid').status).toBe('succeeded');
    expect(summaryOf(step('kid'))).toMatchObject({ step: 'kid', run: result.runId, workflowId: `${workflowId}/kid` });
    const kid = await h.client.workflow.getHandle(`${workflowId}/kid`).describe();
    expect(kid.type).toBe(childWorkflowType('test.child'));

    const failing: Plan = { ...saved.plan, steps: [wait, child('kid', { fail: 'rollout aborted: error rate 12%' })] };
    const failed = await h.client.workflow.start(PIPELINE_RUN, {
      taskQueue: PIPELINE_TASK_QUEUE, workflowId: `${workflowId}-failing`, args: [failing, { pipelineVersionId: saved.version.id }],
    });
    expect(await failed.result().then(() => undefined, (e: unknown) => e)).toBeInstanceOf(WorkflowFailedError);
    const status = await failed.query(statusQuery);
    expect(status.error).toBe('step "kid" failed: rollout aborted: error rate 12%');
  });
});

describe('the continueAsNew policy', () => {
  it('hands a looping workflow over to a fresh run past its history limit, state intact', async () => {
    const workflowId = `loop-${Date.now()}`;
    const handle = await h.client.workflow.start(testLoop, {
      taskQueue: PIPELINE_TASK_QUEUE, workflowId, args: [{ iterations: 6, done: 0, eventsLimit: 12, handovers: 0 }],
    });
    const result = await handle.result();
    expect(result.done).toBe(6);
    // Each iteration is a timer and a workflow task (5 events after the 4 of the start): 6 of them cannot fit
    // under 12 events, so the loop handed over, and no run's history grew much past the limit.
    expect(result.handovers).toBeGreaterThanOrEqual(2);
    expect(result.historyLength).toBeLessThan(12 + 10);
    const first = await h.client.workflow.getHandle(workflowId, handle.firstExecutionRunId).describe();
    expect(first.status.name).toBe('CONTINUED_AS_NEW');
  });
});
