// pipelineRun: interprets a Plan. Runs every step whose dependencies are done, in parallel, as one
// activity per step kind; passes artifact references (never data); fails fast; honours cancellation.
import {
  ActivityFailure, ApplicationFailure, CancellationScope, CancelledFailure, defineQuery, isCancellation, proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import type { Plan, PlanStep } from '../../dsl/plan';
import type { ArtifactRef, StepOutputs } from '../../dsl/refs';
import type { RecordRunInput, ReuseStepsInput, RunContext, RunResult, RunStatusView, StepInput, StepResult } from './types';

export const statusQuery = defineQuery<RunStatusView>('status');

type StepActivity = (input: StepInput) => Promise<StepResult>;

const bookkeeping = proxyActivities<{
  recordRun(input: RecordRunInput): Promise<void>;
  reuseSteps(input: ReuseStepsInput): Promise<Record<string, StepOutputs>>;
}>({
  taskQueue: 'headrace-cpu',
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 10, initialInterval: '500ms' },
});

function activityFor(step: PlanStep): StepActivity {
  const acts = proxyActivities<Record<string, StepActivity>>({
    taskQueue: step.taskQueue,
    startToCloseTimeout: `${step.timeoutSeconds} seconds`,
    heartbeatTimeout: step.heartbeatSeconds ? `${step.heartbeatSeconds} seconds` : undefined,
    retry: {
      maximumAttempts: step.retry.maximumAttempts,
      initialInterval: `${step.retry.initialIntervalSeconds} seconds`,
      backoffCoefficient: step.retry.backoffCoefficient,
    },
    cancellationType: 'WAIT_CANCELLATION_COMPLETED',
  });
  return acts[step.uses];
}

function messageOf(err: unknown): string {
  let e: unknown = err;
  while (e instanceof ActivityFailure && e.cause) e = e.cause;
  return e instanceof Error ? e.message : String(e);
}

export async function pipelineRun(plan: Plan, ctx: RunContext): Promise<RunResult> {
  const view: RunStatusView = { status: 'running', steps: {} };
  for (const s of plan.steps) view.steps[s.id] = { state: 'pending' };
  setHandler(statusQuery, () => view);

  await bookkeeping.recordRun({ runId: ctx.runId, status: 'running' });

  const outputs: Record<string, StepOutputs> = {};
  if (ctx.retryOf) {
    // A retry: the old run's finished steps are not executed again; their outputs feed the rest.
    const reused = await bookkeeping.reuseSteps({
      runId: ctx.runId, retryOf: ctx.retryOf, steps: plan.steps.map((s) => ({ id: s.id, uses: s.uses, dependsOn: s.dependsOn })),
    });
    for (const [stepId, out] of Object.entries(reused)) {
      outputs[stepId] = out;
      view.steps[stepId].state = 'cached';
    }
  }
  const done = (stepId: string) => view.steps[stepId]?.state === 'succeeded' || view.steps[stepId]?.state === 'cached';
  const running = new Map<string, Promise<void>>();
  let failure: { stepId: string; message: string } | undefined;
  let cancelled = false;
  const root = CancellationScope.current();
  const scope = new CancellationScope();

  const launch = (step: PlanStep) => {
    const inputs: Record<string, ArtifactRef> = {};
    for (const [port, ref] of Object.entries(step.inputs)) {
      const out = outputs[ref.step]?.[ref.port];
      if (out) inputs[port] = out;
    }
    view.steps[step.id].state = 'running';
    const input: StepInput = { runId: ctx.runId, pipeline: plan.pipeline, step, inputs, dataRoots: ctx.dataRoots };
    const p = scope
      .run(() => activityFor(step)(input))
      .then((res) => {
        outputs[step.id] = res.outputs;
        view.steps[step.id].state = 'succeeded';
      })
      .catch((err: unknown) => {
        if (isCancellation(err)) {
          view.steps[step.id].state = 'cancelled';
          return;
        }
        const message = messageOf(err);
        view.steps[step.id] = { state: 'failed', error: message };
        if (!failure) {
          failure = { stepId: step.id, message };
          scope.cancel(); // fail fast: stop the siblings still running
        }
      })
      .finally(() => running.delete(step.id));
    running.set(step.id, p);
  };

  try {
    for (;;) {
      if (root.consideredCancelled) cancelled = true;
      if (!failure && !cancelled) {
        for (const step of plan.steps) {
          const st = view.steps[step.id].state;
          if (st !== 'pending') continue;
          if (step.dependsOn.every(done)) launch(step);
        }
      }
      if (running.size === 0) break;
      await Promise.race(running.values());
    }
  } catch (err) {
    if (!isCancellation(err)) throw err;
    cancelled = true;
  }
  if (root.consideredCancelled) cancelled = true;
  if (running.size > 0) {
    // Cancelled while steps ran: wait for the activities to acknowledge before recording the end.
    scope.cancel();
    await CancellationScope.nonCancellable(() => Promise.allSettled([...running.values()]));
  }

  const notRun = plan.steps
    .filter((s) => view.steps[s.id].state === 'pending')
    .map((s) => ({ stepId: s.id, kind: s.uses, state: cancelled ? ('cancelled' as const) : ('skipped' as const) }));
  for (const n of notRun) view.steps[n.stepId].state = n.state;

  if (failure) {
    const error = `step "${failure.stepId}" failed: ${failure.message}`;
    view.status = 'failed';
    view.error = error;
    await CancellationScope.nonCancellable(() => bookkeeping.recordRun({ runId: ctx.runId, status: 'failed', error, notRun }));
    throw ApplicationFailure.nonRetryable(error, 'StepFailed');
  }
  if (cancelled) {
    view.status = 'cancelled';
    await CancellationScope.nonCancellable(() => bookkeeping.recordRun({ runId: ctx.runId, status: 'cancelled', notRun }));
    throw new CancelledFailure('run cancelled');
  }
  view.status = 'succeeded';
  await bookkeeping.recordRun({ runId: ctx.runId, status: 'succeeded' });
  return { status: 'succeeded', outputs };
}
