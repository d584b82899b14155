// A run's steps in plan order, each with the state to show. The step_runs rows say what ran; the Plan
// says what has not started yet: `queued` when its dependencies are done, `pending` while they are not.
// `cached`: an earlier result was reused (a cache hit, or the run a retry retries); nothing ran. `waiting`: an
// approval or a timer holds the step. The states are dsl/states.ts's, plus `queued` (ready, not started yet).
import type { Plan, PlanStep } from '../../dsl/plan';
import { FINISHED_RUN_STATUSES, STEP_STATUSES, StepState as WorkflowStepState, type RunStatus } from '../../dsl/states';

export type StepState = WorkflowStepState | 'queued';

/** Every state, in the order the progress line counts them: done, going, not started, ended otherwise. */
export const STEP_STATES: readonly StepState[] = (() => {
  const order: StepState[] = ['succeeded', 'cached', 'running', 'waiting', 'queued', 'pending', 'failed', 'skipped', 'cancelled'];
  const all = [...WorkflowStepState.options, 'queued' as const];
  // A state added to dsl/states.ts and not placed above still counts, at the end.
  return [...order.filter((s) => all.includes(s)), ...all.filter((s) => !order.includes(s))];
})();

/** The fields of a step_runs row this needs. */
export interface StepRunLike {
  stepId: string;
  kind: string;
  attempt: number;
  status: string;
}

export interface StepView<R extends StepRunLike> {
  /** 1-based position in the plan. */
  position: number;
  step: Pick<PlanStep, 'id' | 'uses' | 'dependsOn'> & Partial<PlanStep>;
  state: StepState;
  /** Attempts that ran (attempt ≥ 1), oldest first. */
  attempts: R[];
  /** The latest attempt, or the bookkeeping row (attempt 0) of a step that never ran. */
  latest: R | undefined;
}

const ROW_STATES = new Set<string>(STEP_STATUSES);
const DONE = new Set<StepState>(['succeeded', 'cached']);

function isFinished(runStatus: string): boolean {
  return FINISHED_RUN_STATUSES.includes(runStatus as RunStatus);
}

function stateOfRow(status: string, runStatus: string): StepState {
  if (!ROW_STATES.has(status)) return 'pending';
  // A row still "running" (or "waiting") in a finished run: the attempt never reported back (worker gone, run stopped).
  if (status === 'waiting' && isFinished(runStatus)) return 'cancelled';
  if (status === 'running' && isFinished(runStatus)) return runStatus === 'succeeded' ? 'succeeded' : 'cancelled';
  return status as StepState;
}

function planSteps(plan: unknown, rows: StepRunLike[]): StepView<never>['step'][] {
  const steps = (plan as Plan | null | undefined)?.steps;
  if (Array.isArray(steps)) return steps;
  // No readable plan: show what ran, in the order it ran.
  const seen = new Map<string, string>();
  for (const r of rows) if (!seen.has(r.stepId)) seen.set(r.stepId, r.kind);
  return [...seen].map(([id, uses]) => ({ id, uses, dependsOn: [] }));
}

export function stepViews<R extends StepRunLike>(plan: unknown, rows: R[], runStatus: string): StepView<R>[] {
  const byStep = new Map<string, R[]>();
  for (const r of rows) {
    const list = byStep.get(r.stepId) ?? [];
    list.push(r);
    byStep.set(r.stepId, list);
  }
  const states = new Map<string, StepState>();
  return planSteps(plan, rows).map((step, i) => {
    const own = (byStep.get(step.id) ?? []).slice().sort((a, b) => a.attempt - b.attempt);
    const attempts = own.filter((r) => r.attempt >= 1);
    const latest = attempts[attempts.length - 1] ?? own[own.length - 1];
    let state: StepState;
    if (latest) state = stateOfRow(latest.status, runStatus);
    else if (isFinished(runStatus)) state = runStatus === 'cancelled' ? 'cancelled' : 'skipped';
    else state = (step.dependsOn ?? []).every((d) => DONE.has(states.get(d)!)) ? 'queued' : 'pending';
    states.set(step.id, state);
    return { position: i + 1, step, state, attempts, latest };
  });
}

/** How many steps are in each state, for the run's progress line. */
export function countStates(views: Array<{ state: StepState }>): Record<StepState, number> {
  const counts = Object.fromEntries(STEP_STATES.map((s) => [s, 0])) as Record<StepState, number>;
  for (const v of views) counts[v.state] += 1;
  return counts;
}
