// Workflow mode: steps that run inside the workflow itself, on its durable timers and messages. They hold the run
// (state `waiting`) without a worker slot: `approve` until a person decides through the `decide` update or the
// timeout passes (a rejection by `timeout`); `wait` for a duration or until a point in time. Their step rows are
// written by the `recordSteps` activity: `waiting` while they hold, then `succeeded` or `failed`.
import { ApplicationFailure, CancellationScope, condition, isCancellation, sleep } from '@temporalio/workflow';
import type { ApproveConfig, WaitConfig } from '../../../dsl/catalog/control';
import { durationSeconds } from '../../../dsl/compile/duration';
import type { PlanStep } from '../../../dsl/plan';
import type { ApprovalDecision } from '../../../server/temporal/contract';
import type { KindNameOfMode } from '../../activities/kinds';
import { bookkeeping } from '../proxies';
import type { RunState, StepOutcome } from '../run-state';

type WorkflowStep = (step: PlanStep, run: RunState) => Promise<StepOutcome>;

/** The workflow-mode kinds this interpreter knows, by kind name: every one the catalog declares (checked at compile time). */
export const WORKFLOW_STEPS: Record<string, WorkflowStep> = { approve: executeApprove, wait: executeWait } satisfies {
  [K in KindNameOfMode<'workflow'>]: WorkflowStep;
};

export function executeInWorkflow(step: PlanStep, run: RunState): Promise<StepOutcome> {
  const exec = WORKFLOW_STEPS[step.uses];
  if (!exec) {
    const known = Object.keys(WORKFLOW_STEPS).join(', ');
    return Promise.reject(ApplicationFailure.nonRetryable(`"${step.uses}" is not a workflow-mode kind this worker runs (${known})`, 'BadConfig'));
  }
  return exec(step, run);
}

function seconds(value: unknown, what: string): number {
  const s = durationSeconds(value);
  if (s === undefined) throw ApplicationFailure.nonRetryable(`${what}: "${String(value)}" is not a duration like "30s", "10m" or "7d"`, 'BadConfig');
  return s;
}

function record(run: RunState, step: PlanStep, row: { status: 'waiting' | 'succeeded' | 'failed'; summary?: Record<string, unknown>; error?: string; durationMs?: number }) {
  return bookkeeping.recordSteps({ runId: run.runId, steps: [{ stepId: step.id, kind: step.uses, attempt: 1, ...row }] });
}

/** Runs a holding step; when the run is cancelled (or a sibling failed) meanwhile, its row ends `cancelled`. */
export async function cancellable<T>(run: RunState, step: PlanStep, started: number, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (err) {
    if (isCancellation(err)) {
      await CancellationScope.nonCancellable(() =>
        bookkeeping.recordSteps({ runId: run.runId, steps: [{ stepId: step.id, kind: step.uses, attempt: 1, status: 'cancelled', durationMs: Date.now() - started }] }));
    }
    throw err;
  }
}

/**
 * `approve`: waits for a decision (`decideUpdate`, accepted only while this step waits) or the timeout. Approved:
 * the step succeeds. Rejected or timed out: the step fails with "rejected by ACTOR: REASON", and so does the run.
 * The decision is stored in the step row's `summary.approval` ({ approved, actor, reason, at }).
 */
async function executeApprove(step: PlanStep, run: RunState): Promise<StepOutcome> {
  const config = step.config as Partial<ApproveConfig>;
  const approvers = config.approvers ?? [];
  const timeout = config.timeout ?? '7d';
  const timeoutMs = seconds(timeout, `step "${step.id}" timeout`) * 1000;
  const started = Date.now();
  const until = new Date(started + timeoutMs).toISOString();
  run.view.steps[step.id] = { state: 'waiting', approvers: [...approvers], until };
  run.approvals.set(step.id, undefined);
  const waiting = { approvers, until, ...(config.message ? { message: config.message } : {}) };
  await record(run, step, { status: 'waiting', summary: waiting });

  const decided = await cancellable(run, step, started, () => condition(() => run.approvals.get(step.id) !== undefined, timeoutMs));
  const decision: ApprovalDecision = decided
    ? run.approvals.get(step.id)!
    : { stepId: step.id, approved: false, actor: 'timeout', reason: `no decision within ${timeout}` };
  run.approvals.delete(step.id);
  const { approved, actor, reason } = decision;
  run.view.steps[step.id] = { state: approved ? 'succeeded' : 'failed', approvers: [...approvers], decision: { approved, actor, reason } };
  const summary = { ...waiting, approval: { approved, actor, reason, at: new Date().toISOString() } };
  const error = approved ? undefined : `rejected by ${actor}: ${reason}`;
  await bookkeeping.recordSteps({
    runId: run.runId,
    steps: [{ stepId: step.id, kind: step.uses, attempt: 1, status: approved ? 'succeeded' : 'failed', summary, error, durationMs: Date.now() - started }],
    // A person's decision is audited by the API that received it; nobody made this one.
    audit: decided ? undefined : { actor: 'timeout', action: 'run.reject', target: run.runId, details: { step: step.id, reason } },
  });
  if (!approved) throw ApplicationFailure.nonRetryable(error!, 'ApprovalRejected');
  return { outputs: {} };
}

/** The `decide` update's validator: a decision is taken only for an `approve` step (or a deploy.lifecycle's approval) waiting for one. */
export function validateDecision(run: RunState, d: { stepId: string; reason: string }): void {
  const step = run.plan.steps.find((s) => s.id === d.stepId);
  if (!step) throw new Error(`run has no step "${d.stepId}"`);
  if (step.uses !== 'approve' && step.uses !== 'deploy.lifecycle') throw new Error(`step "${d.stepId}" is a ${step.uses} step, not an approval`);
  if (!run.approvals.has(d.stepId) || run.approvals.get(d.stepId) !== undefined) {
    throw new Error(`step "${d.stepId}" is not waiting for approval (it is ${run.view.steps[d.stepId]?.state ?? 'unknown'})`);
  }
  if (!d.reason.trim()) throw new Error('a decision needs a reason');
}

/** `wait`: a durable timer for `duration`, or until `until` (no wait when that time has passed). */
async function executeWait(step: PlanStep, run: RunState): Promise<StepOutcome> {
  const config = step.config as Partial<WaitConfig>;
  const started = Date.now();
  let ms: number;
  if (config.duration !== undefined) ms = seconds(config.duration, `step "${step.id}" duration`) * 1000;
  else if (config.until !== undefined) {
    const at = Date.parse(config.until);
    if (Number.isNaN(at)) throw ApplicationFailure.nonRetryable(`step "${step.id}" until: "${config.until}" is not an ISO 8601 time`, 'BadConfig');
    ms = Math.max(0, at - started);
  } else throw ApplicationFailure.nonRetryable(`step "${step.id}" needs duration or until`, 'BadConfig');
  const until = new Date(started + ms).toISOString();
  run.view.steps[step.id] = { state: 'waiting', until };
  await record(run, step, { status: 'waiting', summary: { until } });
  if (ms > 0) await cancellable(run, step, started, () => sleep(ms));
  await record(run, step, { status: 'succeeded', summary: { until }, durationMs: Date.now() - started });
  return { outputs: {} };
}
