// Child mode: the step runs as a child workflow (deployments that roll out over hours, sweeps of many trials).
// The child's type is the kind's name in camel case (contract `childWorkflowType`), its id the run's workflow id
// and the step id, its only argument a ChildStepInput, and it returns the step's outputs. Its step rows (running,
// then succeeded, failed or cancelled) are written here; what happens inside is the child's own history.
import { ApplicationFailure, CancellationScope, ChildWorkflowFailure, condition, isCancellation, startChild, workflowInfo } from '@temporalio/workflow';
import type { PlanStep } from '../../../dsl/plan';
import type { ArtifactRef } from '../../../dsl/refs';
import { childWorkflowId, childWorkflowType, lifecycleDecisionSignal, type ChildStepInput, type ChildStepResult } from '../../../server/temporal/contract';
import { bookkeeping } from '../proxies';
import type { RunState, StepOutcome } from '../run-state';

export async function executeChildStep(step: PlanStep, inputs: Record<string, ArtifactRef>, run: RunState): Promise<StepOutcome> {
  const started = Date.now();
  const row = (status: 'running' | 'succeeded' | 'failed' | 'cancelled', more: { summary?: Record<string, unknown>; error?: string } = {}) =>
    bookkeeping.recordSteps({
      runId: run.runId,
      steps: [{ stepId: step.id, kind: step.uses, attempt: 1, status, ...more, ...(status === 'running' ? {} : { durationMs: Date.now() - started }) }],
    });
  const workflowId = childWorkflowId(workflowInfo().workflowId, step.id);
  await row('running', { summary: { workflowId } });
  const input: ChildStepInput = { runId: run.runId, pipeline: run.plan.pipeline, step, inputs };
  try {
    const child = await startChild<(i: ChildStepInput) => Promise<ChildStepResult>>(childWorkflowType(step.uses), {
      args: [input],
      workflowId,
      taskQueue: step.taskQueue,
      workflowExecutionTimeout: `${step.timeoutSeconds} seconds`,
      cancellationType: 'WAIT_CANCELLATION_COMPLETED',
    });
    // A child that waits for a person (deploy.lifecycle's approval) gets the decision the run's `decide` update brought.
    let ended = false;
    const forward = async () => {
      for (;;) {
        await condition(() => ended || run.approvals.get(step.id) !== undefined);
        if (ended) return;
        const decision = run.approvals.get(step.id)!;
        run.approvals.delete(step.id);
        await child.signal(lifecycleDecisionSignal, decision);
      }
    };
    // A decision forwarded to a child that has just ended is lost with it; a cancelled scope ends the loop.
    if (step.uses === 'deploy.lifecycle') void forward().catch(() => undefined);
    let result: ChildStepResult;
    try {
      result = await child.result();
    } finally {
      ended = true;
    }
    await bookkeeping.recordSteps({
      runId: run.runId,
      steps: [{ stepId: step.id, kind: step.uses, attempt: 1, status: 'succeeded', outputs: result.outputs, summary: { workflowId, ...result.summary }, durationMs: Date.now() - started }],
    });
    return { outputs: result.outputs };
  } catch (err) {
    if (isCancellation(err)) {
      await CancellationScope.nonCancellable(() => row('cancelled', { summary: { workflowId } }));
      throw err;
    }
    const message = err instanceof ChildWorkflowFailure && err.cause ? err.cause.message : err instanceof Error ? err.message : String(err);
    // A child may send the step's summary with its failure (deploy.lifecycle's timeline): the row keeps it.
    const details = err instanceof ChildWorkflowFailure && err.cause instanceof ApplicationFailure ? err.cause.details?.[0] : undefined;
    const more = (details as { summary?: Record<string, unknown> } | undefined)?.summary;
    await row('failed', { summary: { workflowId, ...(more && typeof more === 'object' ? more : {}) }, error: message });
    throw ApplicationFailure.nonRetryable(message, 'ChildStepFailed');
  }
}
