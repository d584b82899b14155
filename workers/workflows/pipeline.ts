// pipelineRun: interprets a Plan. The workflow owns its run: its first activity records the run (creating the row
// when it was started without the API). Then the scheduler (scheduler.ts) runs every step whose dependencies
// finished, in parallel, each by the executor of its mode (executors/): an activity, inside the workflow
// (`approve`, `wait`) or a child workflow. It fails fast, honours cancellation, and skips steps whose `when:` is
// false. The contract (server/temporal/contract.ts) names its arguments, result, query and update.
import { ApplicationFailure, CancellationScope, CancelledFailure, patched, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Plan } from '../../dsl/plan';
import type { RunTrigger } from '../../dsl/states';
import { decideUpdate, lifecycleApprovalSignal, statusQuery, type RunContext, type RunResult, type RunStatusView } from '../../server/temporal/contract';
import { validateDecision } from './executors/workflow';
import { PATCHES } from './patches';
import { bookkeeping, localBookkeeping } from './proxies';
import type { RunState } from './run-state';
import { runSteps } from './scheduler';

export async function pipelineRun(plan: Plan, ctx: RunContext = {}): Promise<RunResult> {
  const view: RunStatusView = { status: 'running', steps: {} };
  for (const s of plan.steps) view.steps[s.id] = { state: 'pending' };
  const run: RunState = { plan, ctx, runId: ctx.runId ?? '', view, outputs: {}, approvals: new Map() };
  setHandler(statusQuery, () => view);
  setHandler(
    decideUpdate,
    (d) => {
      run.approvals.set(d.stepId, d);
      return { stepId: d.stepId, approved: d.approved };
    },
    { validator: (d) => validateDecision(run, d) },
  );
  // A deploy.lifecycle step's child workflow waits for a decision (or no longer does): the `decide` update takes
  // it as it takes an `approve` step's, and the child executor forwards it (executors/child.ts).
  setHandler(lifecycleApprovalSignal, (w) => {
    if (w.waiting) {
      run.approvals.set(w.stepId, undefined);
      view.steps[w.stepId] = { state: 'waiting', approvers: [...(w.approvers ?? [])], ...(w.until ? { until: w.until } : {}) };
    } else {
      if (run.approvals.has(w.stepId) && run.approvals.get(w.stepId) === undefined) run.approvals.delete(w.stepId);
      if (view.steps[w.stepId]?.state === 'waiting') view.steps[w.stepId] = { state: 'running' };
    }
  });

  // Asked once, before anything else: replaying a history, the answer must come at the same point as when it ran.
  const ends = patched(PATCHES.localRunBookkeeping) ? localBookkeeping : bookkeeping;
  if (claimableBySteps(plan, ctx) && patched(PATCHES.runClaimedByFirstSteps)) {
    // The API wrote the row; the first steps' results say it is running, in the statement that records them.
    run.runId = ctx.runId as string;
    run.claimedBySteps = true;
  } else {
    run.runId = await claimRun(plan, ctx, ends);
  }
  view.runId = run.runId;

  if (ctx.retryOf) {
    // A retry: the old run's finished steps are not executed again; their outputs feed the rest.
    const reused = await bookkeeping.reuseSteps({
      runId: run.runId, retryOf: ctx.retryOf, steps: plan.steps.map((s) => ({ id: s.id, uses: s.uses, dependsOn: s.dependsOn })),
    });
    for (const [stepId, out] of Object.entries(reused)) {
      run.outputs[stepId] = out;
      view.steps[stepId] = { state: 'cached' };
    }
  }

  if (ctx.reproduceOf) {
    // A reproduction: the source-reading steps take the tables the reproduced run read, from the store.
    const sources = plan.steps.filter((s) => s.uses.startsWith('ingest.')).map((s) => ({ id: s.id, uses: s.uses }));
    const pinned = await bookkeeping.pinSources({ runId: run.runId, reproduceOf: ctx.reproduceOf, steps: sources });
    for (const [stepId, out] of Object.entries(pinned)) {
      run.outputs[stepId] = out;
      view.steps[stepId] = { state: 'cached' };
    }
  }

  const { failure, cancelled, notRun } = await runSteps(run);
  const runId = run.runId;
  if (failure) {
    const error = `step "${failure.stepId}" failed: ${failure.message}`;
    view.status = 'failed';
    view.error = error;
    await CancellationScope.nonCancellable(() => ends.recordRun({ runId, status: 'failed', error, notRun }));
    throw ApplicationFailure.nonRetryable(error, 'StepFailed');
  }
  if (cancelled) {
    view.status = 'cancelled';
    await CancellationScope.nonCancellable(() => ends.recordRun({ runId, status: 'cancelled', notRun }));
    throw new CancelledFailure('run cancelled');
  }
  view.status = 'succeeded';
  await ends.recordRun({ runId, status: 'succeeded' });
  return { status: 'succeeded', runId, outputs: run.outputs };
}

/**
 * Whether the run's first steps can move it to `running`: the API created its row (its id is in the context), it
 * reuses or pins nothing (a retry's and a reproduction's bookkeeping runs first), and every step that starts at once
 * is a plain activity that will run (no `when:`, cache lookup or sweep), so its result is written at once.
 */
function claimableBySteps(plan: Plan, ctx: RunContext): boolean {
  if (!ctx.runId || ctx.retryOf || ctx.reproduceOf) return false;
  const first = plan.steps.filter((s) => s.dependsOn.length === 0);
  return first.length > 0 && first.every((s) => s.mode === 'activity' && !s.when && !s.cache && !s.sweep && !s.trial);
}

/** The run's id: its row, claimed by this workflow (and created when nobody created it before the start). */
async function claimRun(plan: Plan, ctx: RunContext, ends: typeof bookkeeping): Promise<string> {
  if (!patched(PATCHES.runOwnedByWorkflow)) {
    // Started by an earlier release: the API created the row and passed its id.
    if (!ctx.runId) throw ApplicationFailure.nonRetryable('a run started by an earlier release carries its run id', 'BadContext');
    await ends.recordRun({ runId: ctx.runId, status: 'running' });
    return ctx.runId;
  }
  const info = workflowInfo();
  const scheduled = info.searchAttributes?.TemporalScheduledById !== undefined;
  const trigger: RunTrigger = ctx.trigger ?? (ctx.retryOf ? 'retry' : scheduled ? 'schedule' : 'workflow');
  return ends.claimRun({
    workflowId: info.workflowId,
    pipelineVersionId: ctx.pipelineVersionId,
    pipeline: plan.pipeline,
    sourceHash: plan.sourceHash,
    params: plan.params,
    plan,
    trigger,
    createdBy: ctx.createdBy ?? (trigger === 'schedule' ? 'schedule' : 'temporal'),
    parentRunId: ctx.parentRunId,
    parentWorkflowId: info.parent?.workflowId,
    retryOf: ctx.retryOf,
    ...(ctx.triggerDetails && { triggerDetails: ctx.triggerDetails }),
  });
}
