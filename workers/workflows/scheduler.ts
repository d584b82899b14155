// The scheduler of a run: which steps are ready (everything they depend on finished), which are skipped (a false
// `when:`, or an input whose producer was skipped), fail-fast (the first failure cancels the steps still running
// and nothing new starts), and cancellation (the running steps are cancelled and awaited). How a ready step runs
// is its executor's business (executors/, by PlanStep.mode).
//
// For a Plan without `when:` and with activity-mode steps only, the commands it issues are exactly those of the
// interpreter of earlier releases, in the same order: their histories replay (docs/workflows.md).
import { CancellationScope, isCancellation } from '@temporalio/workflow';
import type { PlanStep } from '../../dsl/plan';
import type { ArtifactRef } from '../../dsl/refs';
import type { StepState } from '../../dsl/states';
import { evaluateWhen, type WhenEnv } from '../../dsl/when/evaluate';
import { executorFor } from './executors';
import { messageOf } from './failure-message';
import { bookkeeping } from './proxies';
import type { RunState } from './run-state';
import type { StepRecord } from './types';

export interface ScheduleOutcome {
  /** The first step that failed (the run fails with it). */
  failure?: { stepId: string; message: string };
  cancelled: boolean;
  /** Steps that never started, with the state and reason they end with. */
  notRun: Array<{ stepId: string; kind: string; state: 'skipped' | 'cancelled'; reason: string }>;
}

const FINISHED: ReadonlySet<StepState> = new Set(['succeeded', 'cached', 'skipped']);

/** `when:` reads upstream states and the scalar values of their Metrics outputs. */
function whenEnv(run: RunState): WhenEnv {
  return {
    state: (stepId) => run.view.steps[stepId]?.state ?? 'pending',
    metric(stepId, name) {
      for (const ref of Object.values(run.outputs[stepId] ?? {})) {
        if (ref.type === 'Metrics' && name in ref.values) return ref.values[name];
      }
      return undefined;
    },
  };
}

/**
 * Why a step whose dependencies all finished is skipped, or undefined when it runs. A step is skipped when an
 * input's producer was skipped (it would run without that input) or its `when:` is false. A `needs:` on a skipped
 * step is only ordering: it is satisfied.
 */
export function skipReason(step: PlanStep, run: RunState): string | undefined {
  for (const [port, ref] of Object.entries(step.inputs)) {
    if (run.view.steps[ref.step]?.state === 'skipped') return `input ${port} skipped (step "${ref.step}" was skipped)`;
  }
  // Plans of earlier releases carry `when:` as its text, which they ignored; so does a run of one still in flight.
  if (typeof step.when === 'object' && step.when !== null) {
    const { value, reason } = evaluateWhen(step.when.expr, whenEnv(run), step.when.source);
    if (!value) return reason;
  }
  return undefined;
}

export async function runSteps(run: RunState): Promise<ScheduleOutcome> {
  const { plan, view, outputs } = run;
  const finished = (stepId: string) => FINISHED.has(view.steps[stepId]?.state ?? 'pending');
  const running = new Map<string, Promise<void>>();
  let failure: ScheduleOutcome['failure'];
  let cancelled = false;
  const root = CancellationScope.current();
  const scope = new CancellationScope();

  const launch = (step: PlanStep) => {
    const inputs: Record<string, ArtifactRef> = {};
    for (const [port, ref] of Object.entries(step.inputs)) {
      const out = outputs[ref.step]?.[ref.port];
      if (out) inputs[port] = out;
    }
    view.steps[step.id] = { state: 'running' };
    const p = scope
      .run(() => executorFor(step)(step, inputs, run))
      .then((res) => {
        outputs[step.id] = res.outputs;
        view.steps[step.id] = { ...view.steps[step.id], state: res.state ?? 'succeeded' };
      })
      .catch((err: unknown) => {
        if (isCancellation(err)) {
          view.steps[step.id] = { ...view.steps[step.id], state: 'cancelled' };
          return;
        }
        const message = messageOf(err);
        view.steps[step.id] = { ...view.steps[step.id], state: 'failed', error: message };
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
        // Topological order: a step skipped here makes its dependents decidable later in the same pass.
        const skipped: StepRecord[] = [];
        for (const step of plan.steps) {
          if (view.steps[step.id].state !== 'pending' || !step.dependsOn.every(finished)) continue;
          const reason = skipReason(step, run);
          if (reason === undefined) {
            launch(step);
            continue;
          }
          view.steps[step.id] = { state: 'skipped', reason };
          skipped.push({ stepId: step.id, kind: step.uses, status: 'skipped', attempt: 0, summary: { reason } });
        }
        if (skipped.length > 0) await bookkeeping.recordSteps({ runId: run.runId, steps: skipped });
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
    // Cancelled while steps ran: wait for them to acknowledge before recording the end.
    scope.cancel();
    await CancellationScope.nonCancellable(() => Promise.allSettled([...running.values()]));
  }

  const why = failure ? `step "${failure.stepId}" failed` : 'run cancelled';
  const notRun = plan.steps
    .filter((s) => view.steps[s.id].state === 'pending')
    .map((s) => ({ stepId: s.id, kind: s.uses, state: cancelled ? ('cancelled' as const) : ('skipped' as const), reason: why }));
  for (const n of notRun) view.steps[n.stepId] = { state: n.state, reason: n.reason };
  return { failure, cancelled, notRun };
}
