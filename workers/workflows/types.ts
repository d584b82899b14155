// Shapes shared by the workflow and the activities (types only: safe in the workflow sandbox). What the API and
// other callers see of a workflow (its arguments, result, queries, updates) is in server/temporal/contract.ts.
import type { PlanStep } from '../../dsl/plan';
import type { ArtifactRef, StepOutputs } from '../../dsl/refs';
import type { RunStatus, StepStatus } from '../../dsl/states';

export interface StepInput {
  runId: string;
  pipeline: string;
  step: PlanStep;
  inputs: Record<string, ArtifactRef>;
  /** Data roots a run recorded by an earlier release carried; else the worker's own (ActivityDeps.dataRoots). */
  dataRoots?: string[];
  /** One of the run's first steps, recording also that the run is `running` (PATCHES.runClaimedByFirstSteps). */
  claimsRun?: boolean;
}

export interface StepResult {
  outputs: StepOutputs;
  /** Small facts for people: rows dropped, epochs, device, report summary… */
  summary?: Record<string, unknown>;
}

export interface RecordRunInput {
  runId: string;
  status: Exclude<RunStatus, 'queued'>;
  error?: string;
  /** Steps that never ran, to be recorded as skipped/cancelled (with why, e.g. `step "train" failed`). */
  notRun?: Array<{ stepId: string; kind: string; state: 'skipped' | 'cancelled'; reason?: string }>;
}

export interface PinSourcesInput {
  runId: string;
  reproduceOf: string;
  /** The Plan's steps that read a source (ingest kinds). */
  steps: Array<{ id: string; uses: string }>;
}

export interface ReuseStepsInput {
  runId: string;
  retryOf: string;
  /** The Plan's steps in topological order (a step is reused only when all it depends on is reused). */
  steps: Array<{ id: string; uses: string; dependsOn: string[] }>;
}

/**
 * The `lookupCache` activity (workers/activities/cache.ts; bookkeeping queue, like recordRun). The interpreter
 * calls it before running a step whose `PlanStep.cache` is true, unless `RunContext.noCache`, with the same
 * StepInput the step's own activity would get (resolved inputs included). A hit is already recorded in this
 * run as `cached` (summary.cachedFrom): use its outputs, set the step's state to `cached`, do not run it.
 * null: no earlier result matches (or its artifacts are gone); run the step as usual.
 */
export type LookupCacheInput = StepInput;

export interface CacheHit {
  outputs: StepOutputs;
  /** The run and attempt that produced the outputs. */
  cachedFrom: { runId: string; attempt: number };
}


/**
 * One step row the workflow itself writes (`recordSteps`): steps skipped by `when:`, and the rows of workflow- and
 * child-mode steps, which no activity of their own records. Stored in step_runs: `summary.reason` says why a step
 * was skipped; an approval's decision is `summary.approval`.
 */
export interface StepRecord {
  stepId: string;
  kind: string;
  status: StepStatus;
  /** 0 for a step that never ran (skipped), 1 otherwise. */
  attempt: number;
  outputs?: StepOutputs;
  summary?: Record<string, unknown>;
  error?: string;
  durationMs?: number;
}

export interface RecordStepsInput {
  runId: string;
  steps: StepRecord[];
  /** An entry for the audit log (a decision nobody made through the API: an approval that timed out). */
  audit?: { actor: string; action: string; target: string; details: Record<string, unknown> };
}
