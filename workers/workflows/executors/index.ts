// One executor per execution mode (PlanStep.mode, from the kind's declaration).
import type { ExecutionMode, PlanStep } from '../../../dsl/plan';
import type { ArtifactRef } from '../../../dsl/refs';
import type { RunState, StepOutcome } from '../run-state';
import { executeActivity } from './activity';
import { executeChildStep } from './child';
import { executeSweep } from './sweep';
import { executeInWorkflow } from './workflow';

export type Executor = (step: PlanStep, inputs: Record<string, ArtifactRef>, run: RunState) => Promise<StepOutcome>;

export const EXECUTORS: Record<ExecutionMode, Executor> = {
  activity: executeActivity,
  workflow: (step, _inputs, run) => executeInWorkflow(step, run),
  child: executeChildStep,
};

/** A sweep runs its trials; Plans compiled before modes existed have none: they are activities. */
export const executorFor = (step: PlanStep): Executor => (step.sweep ? executeSweep : EXECUTORS[step.mode ?? 'activity']);
