// Shapes shared by the workflow and the activities (types only: safe in the workflow sandbox).
import type { PlanStep } from '../../dsl/plan';
import type { ArtifactRef, StepOutputs } from '../../dsl/refs';

export interface RunContext {
  runId: string;
  /** Folders ingestion may read below. */
  dataRoots: string[];
  /** The failed or cancelled run this one retries: its finished steps' outputs are reused, not re-run. */
  retryOf?: string;
}

export interface StepInput {
  runId: string;
  pipeline: string;
  step: PlanStep;
  inputs: Record<string, ArtifactRef>;
  dataRoots: string[];
}

export interface StepResult {
  outputs: StepOutputs;
  /** Small facts for people: rows dropped, epochs, device, report summary… */
  summary?: Record<string, unknown>;
}

export type StepState = 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'cancelled' | 'cached';

export interface RunStatusView {
  status: 'running' | 'succeeded' | 'failed' | 'cancelled';
  steps: Record<string, { state: StepState; error?: string }>;
  error?: string;
}

export interface RunResult {
  status: 'succeeded';
  outputs: Record<string, StepOutputs>;
}

export interface RecordRunInput {
  runId: string;
  status: 'running' | 'succeeded' | 'failed' | 'cancelled';
  error?: string;
  /** Steps that never ran, to be recorded as skipped/cancelled. */
  notRun?: Array<{ stepId: string; kind: string; state: 'skipped' | 'cancelled' }>;
}

export interface ReuseStepsInput {
  runId: string;
  retryOf: string;
  /** The Plan's steps in topological order (a step is reused only when all it depends on is reused). */
  steps: Array<{ id: string; uses: string; dependsOn: string[] }>;
}
