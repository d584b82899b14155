// The workflow contract: every workflow Headrace starts, its arguments, queries, signals and updates, and
// the ids and task queue it runs under. The API, the CLI and the workers import this one module; nothing is
// started or signalled by a string literal. Sandbox-safe: types, `@temporalio/workflow` definitions and dsl/.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Plan, PlanStep } from '../../dsl/plan';
import type { ArtifactRef, StepOutputs } from '../../dsl/refs';
import { TASK_QUEUES, type RunStatus, type RunTrigger, type StepState } from '../../dsl/states';

// --- pipelineRun ----------------------------------------------------------

/** The workflow type that interprets a Plan. */
export const PIPELINE_RUN = 'pipelineRun' as const;

/** Task queue of `pipelineRun` workflows and of the run bookkeeping activities. */
export const PIPELINE_TASK_QUEUE = TASK_QUEUES.cpu;

/** Workflow ids of runs the API starts: `headrace-run-<run id>`. Runs started elsewhere keep their own ids. */
export const RUN_WORKFLOW_PREFIX = 'headrace-run-';
export const runWorkflowId = (runId: string) => `${RUN_WORKFLOW_PREFIX}${runId}`;

/**
 * The second argument of `pipelineRun`. Every field is optional so that a Temporal Schedule, a monitor's
 * signal-with-start or a person with the Temporal CLI can start a run with `[plan]` or `[plan, {}]`: the
 * workflow's first bookkeeping activity upserts the run's row keyed by the workflow id and returns its id.
 */
export interface RunContext {
  /** The run row's id, when the API created the row before starting the workflow. */
  runId?: string;
  /** The stored pipeline version; else found by the Plan's pipeline name and source hash. */
  pipelineVersionId?: string;
  trigger?: RunTrigger;
  /** Who asked for the run (a username; `schedule` or `temporal` when nobody did through the API). */
  createdBy?: string;
  /** The run (of any pipeline) whose workflow started this one. */
  parentRunId?: string;
  /** The failed or cancelled run this one retries: its finished steps' outputs are reused, not re-run. */
  retryOf?: string;
  /** Execute every step even where `cache: true` would reuse an earlier result. */
  noCache?: boolean;
  /**
   * Folders ingestion may read below. Runs recorded by earlier releases carry them; new runs leave them out
   * and the worker applies the data roots fixed by its own configuration.
   */
  dataRoots?: string[];
}

export type PipelineRunArgs = [plan: Plan, ctx?: RunContext];

/**
 * What the workflow's first activity (`claimRun`) records about its run: the row keyed by the workflow id,
 * created when nothing made it before (a Schedule, a hand-started workflow), claimed when the API did.
 */
export interface ClaimRunInput {
  workflowId: string;
  /** The stored pipeline version; else the newest version of `pipeline` whose source hash is `sourceHash`. */
  pipelineVersionId?: string;
  pipeline: string;
  sourceHash: string;
  params: Record<string, unknown>;
  plan: unknown;
  trigger: RunTrigger;
  createdBy: string;
  parentRunId?: string;
  /** The workflow that started this one as its child: its run is the parent run (unless parentRunId says). */
  parentWorkflowId?: string;
  retryOf?: string;
}

export interface RunResult {
  status: 'succeeded';
  runId: string;
  outputs: Record<string, StepOutputs>;
}

export interface StepStatusView {
  state: StepState;
  error?: string;
  /** Why a step was skipped (a false `when:`, only skipped inputs, an earlier failure). */
  reason?: string;
  /** Set while an `approve` step waits: who may decide (the step's `approvers`; empty: any editor or admin). */
  approvers?: string[];
  /** Set while an `approve` or `wait` step waits with a deadline: when it ends (ISO 8601). */
  until?: string;
  /** An `approve` step's decision, once made (a timeout is a rejection by `timeout`). */
  decision?: { approved: boolean; actor: string; reason: string };
}

export interface RunStatusView {
  runId?: string;
  status: Exclude<RunStatus, 'queued'>;
  steps: Record<string, StepStatusView>;
  error?: string;
}

/** The `status` query: the run as the workflow sees it now. */
export const statusQuery = defineQuery<RunStatusView>('status');

// --- approvals ------------------------------------------------------------

export interface ApprovalDecision {
  stepId: string;
  approved: boolean;
  reason: string;
  /** The username of who decided; the API has checked their role before sending. */
  actor: string;
}

export interface ApprovalOutcome {
  stepId: string;
  approved: boolean;
}

/**
 * Decide an `approve` step. An update (not a signal) so the caller learns at once when the step is not waiting
 * (already decided, timed out, unknown): the validator rejects it and nothing is recorded.
 */
export const decideUpdate = defineUpdate<ApprovalOutcome, [ApprovalDecision]>('decide');

// --- child steps ----------------------------------------------------------

/**
 * The workflow type a `child`-mode step kind runs as: the kind's name in camel case (`deploy.rollout` →
 * `deployRollout`), since a workflow type is the name its function is exported under from the bundle.
 */
export const childWorkflowType = (kind: string) => kind.replace(/[._-]+([a-zA-Z0-9])/g, (_m, c: string) => c.toUpperCase());

/** Workflow id of a child step: the run's workflow id and the step id, so a step is started at most once per run. */
export const childWorkflowId = (parentWorkflowId: string, stepId: string) => `${parentWorkflowId}/${stepId}`;

/** The one argument of a child step's workflow. */
export interface ChildStepInput {
  runId: string;
  pipeline: string;
  step: PlanStep;
  inputs: Record<string, ArtifactRef>;
}

/** What a child step's workflow returns: the step's outputs, and small facts for people. */
export interface ChildStepResult {
  outputs: StepOutputs;
  summary?: Record<string, unknown>;
}

// --- schedules ------------------------------------------------------------

/** One Temporal Schedule per pipeline with a `schedule:` trigger. */
export const scheduleId = (pipeline: string) => `headrace-schedule-${pipeline}`;
/** Workflow ids of scheduled runs (Temporal appends the fire time). */
export const scheduledWorkflowIdPrefix = (pipeline: string) => `headrace-scheduled-${pipeline}`;
