// The workflow contract: every workflow Headrace starts, its arguments, queries, signals and updates, and
// the ids and task queue it runs under. The API, the CLI and the workers import this one module; nothing is
// started or signalled by a string literal. Sandbox-safe: types, `@temporalio/workflow` definitions and dsl/.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Plan, PlanStep } from '../../dsl/plan';
import type { ArtifactRef, StepOutputs } from '../../dsl/refs';
import type { RunStatus, RunTrigger, StepState } from '../../dsl/states';
import { TASK_QUEUES } from '../../dsl/task-queues';

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
   * The run this one reproduces: its source-reading (ingest) steps take that run's tables from the store instead
   * of reading the files again, so the data is the same even where a file has changed since.
   */
  reproduceOf?: string;
  /** What fired a data, drift or performance trigger (stored as the run's `triggerDetails`). */
  triggerDetails?: TriggerDetails;
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
  /** What fired the retraining trigger that started the run. */
  triggerDetails?: TriggerDetails;
}

/**
 * What fired a run's data, drift or performance trigger: the trigger event's key and what it saw — the endpoint
 * and window of a drift alert or a quality figure, the source and content hash of new data.
 */
export type TriggerDetails = {
  /** The trigger event's key, e.g. `drift:penguins:2026-01-01T10:00:00.000Z` or `data:SOURCE:HASH@SINCE`. */
  event: string;
  kind: 'data' | 'drift' | 'performance';
  endpoint?: string;
  window?: { start: string; end: string };
  windowId?: number;
  alertIds?: number[];
  /** performance: the figure, its value, the bound crossed and the labelled rows. */
  metric?: string;
  value?: number;
  below?: number;
  above?: number;
  labelled?: number;
  /** data: the source (as compiled) or the webhook, and the content hash seen. */
  source?: string;
  webhook?: string;
  hash?: string;
  /** A short sentence for lists: "drift · penguins window 10:00". */
  summary: string;
};

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

// --- deploy.lifecycle -----------------------------------------------------
// The lifecycle step's child workflow (workers/workflows/lifecycle.ts) waits for a person through its run's
// `decide` update: it tells the run when it waits and stops waiting, and the run forwards the decision.

/** From a lifecycle to its run: its approval waits (or waits no more). */
export interface LifecycleApprovalWait {
  stepId: string;
  waiting: boolean;
  approvers?: string[];
  until?: string;
  message?: string;
}
export const lifecycleApprovalSignal = defineSignal<[LifecycleApprovalWait]>('lifecycleApproval');
/** From the run to its lifecycle: the decision the `decide` update brought. */
export const lifecycleDecisionSignal = defineSignal<[ApprovalDecision]>('lifecycleDecision');

/** One decision of a lifecycle: where it stood, what it decided and on what evidence. */
export interface LifecycleEntry {
  at: string;
  stage: 'gate' | 'shadow' | 'approve' | 'canary' | 'promote' | 'cancel';
  decision: string;
  evidence: Record<string, unknown>;
}

/** The `lifecycleProgress` query: the stage now and the decisions so far. */
export interface LifecycleProgress {
  stage: LifecycleEntry['stage'] | 'starting' | 'done';
  timeline: LifecycleEntry[];
  /** The rollout workflow running now (shadow or canary), if any. */
  rollout?: string;
  /** While the shadow is watched: its deployment and since when its comparisons count. */
  shadowing?: { deploymentId: string; since: string };
}
export const lifecycleProgressQuery = defineQuery<LifecycleProgress>('lifecycleProgress');

// --- schedules ------------------------------------------------------------

/** One Temporal Schedule per pipeline with a `schedule:` trigger. */
export const scheduleId = (pipeline: string) => `headrace-schedule-${pipeline}`;
/** Workflow ids of scheduled runs (Temporal appends the fire time). */
export const scheduledWorkflowIdPrefix = (pipeline: string) => `headrace-scheduled-${pipeline}`;

// --- retraining triggers ---------------------------------------------------

/**
 * The workflow type that hashes a pipeline's polled data sources once (workers/workflows/window-triggers.ts): a
 * Temporal Schedule per pipeline with `data: { source }` triggers starts it every `every:`.
 */
export const DATA_TRIGGER_POLL = 'dataTriggerPoll' as const;
export interface DataTriggerPollInput {
  pipeline: string;
}
/** The Schedule that polls a pipeline's data sources. */
export const dataPollScheduleId = (pipeline: string) => `headrace-data-poll-${pipeline}`;
/** Workflow ids of its polls (Temporal appends the fire time). */
export const dataPollWorkflowIdPrefix = (pipeline: string) => `headrace-data-poll-${pipeline}`;

// --- deploymentRollout ----------------------------------------------------
// Every deployment made through the API or the CLI is driven by one `deploymentRollout` workflow
// (workers/workflows/rollout.ts; docs/serving.md, "Rollouts").

/** The workflow type that rolls a deployment out by its strategy. */
export const DEPLOYMENT_ROLLOUT = 'deploymentRollout' as const;

/** Rollouts run on the pipeline's task queue (their activities are database work and one ONNX load). */
export const ROLLOUT_TASK_QUEUE = PIPELINE_TASK_QUEUE;

/** Workflow id of a deployment's rollout: `headrace-deploy-<deployment id>` (a repeated start is refused). */
export const ROLLOUT_WORKFLOW_PREFIX = 'headrace-deploy-';
export const rolloutWorkflowId = (deploymentId: string) => `${ROLLOUT_WORKFLOW_PREFIX}${deploymentId}`;

/** The one argument of `deploymentRollout`: the deployment row (appended `pending`) it rolls out. */
export interface RolloutInput {
  deploymentId: string;
}

/** A canary's settings (the deployment's `config.canary`), all present once the deploy service applied the defaults. */
export interface CanarySettings {
  /** The canary's weight at each step, percent, increasing. */
  steps: number[];
  /** How long each step is watched (a durable timer). */
  intervalMs: number;
  maxErrorRate: number;
  maxLatencyP99Ms: number;
  /** Canary requests a window needs to be judged; fewer hold the step for another interval. */
  minRequests: number;
  /** Windows in a row a step may be held before the rollout rolls back for want of evidence. */
  maxHolds: number;
}

export const CANARY_DEFAULTS: CanarySettings = {
  steps: [5, 25, 50, 100], intervalMs: 10 * 60_000, maxErrorRate: 0.01, maxLatencyP99Ms: 100, minRequests: 100, maxHolds: 3,
};

/** What a rollout ended with. */
export interface RolloutResult {
  status: 'active' | 'rolled_back' | 'failed';
  message: string;
  /** The deployment a rollback appended (the endpoint serves it now), when the rollout undid traffic it had. */
  rollbackDeploymentId?: string;
}

/** One judgement of a canary window (also recorded as a `watch` event). */
export interface CanaryDecision {
  decision: 'advance' | 'hold' | 'rollback';
  reason: string;
  /** The canary's weight during the window judged. */
  weight: number;
  canary: { requests: number; errorRate: number; p99Ms: number | null };
  stable: { requests: number; errorRate: number; p99Ms: number | null };
  since: string;
  until: string;
}

/** The `rolloutProgress` query: where the rollout stands. */
export interface RolloutProgress {
  deploymentId: string;
  strategy: 'replace' | 'canary' | 'split' | 'shadow';
  phase: 'checking' | 'shifting' | 'watching' | 'done';
  /** Canary: the index in `steps` of the weight applied now (-1 before the first). */
  step: number;
  steps: number[];
  /** Increments at each window the canary is watched over (a held step counts again): one per judgement. */
  round: number;
  /** variant name → weight, as last applied. */
  weights: Record<string, number>;
  /** When the weights of the current window were applied (ISO 8601). */
  appliedAt?: string;
  lastDecision?: CanaryDecision;
  result?: RolloutResult;
}

export const rolloutProgressQuery = defineQuery<RolloutProgress>('rolloutProgress');

/** Stop the rollout and roll back (endpoint.rollback of a deployment still rolling out). */
export interface RolloutAbort {
  actor: string;
  reason?: string;
}
export const abortRolloutSignal = defineSignal<[RolloutAbort]>('abortRollout');

/** Give the canary all the traffic now, ending the rollout (endpoint.promote of the canary variant). */
export interface RolloutPromote {
  variant: string;
  actor: string;
  reason?: string;
}
export const promoteRolloutSignal = defineSignal<[RolloutPromote]>('promoteRollout');

// --- endpointMonitor ------------------------------------------------------
// One long-lived `endpointMonitor` workflow per monitored endpoint (workers/workflows/monitor.ts;
// docs/monitoring.md): every window it computes drift, quality and health from the prediction log against the
// model's training profile, stores the window, and raises alerts. Started (or signalled) when a monitor is applied.

export const ENDPOINT_MONITOR = 'endpointMonitor' as const;

/** Monitors run on the pipeline's task queue (their activity reads the prediction log and the database). */
export const MONITOR_TASK_QUEUE = PIPELINE_TASK_QUEUE;

/** Workflow id of an endpoint's monitor: `headrace-monitor-<endpoint>` (one per endpoint). */
export const MONITOR_WORKFLOW_PREFIX = 'headrace-monitor-';
export const monitorWorkflowId = (endpoint: string) => `${MONITOR_WORKFLOW_PREFIX}${endpoint}`;

/** The one argument of `endpointMonitor` (carried across continue-as-new). */
export interface MonitorInput {
  endpoint: string;
  /** Where the next window starts (ISO 8601); absent: when the workflow starts. */
  nextStart?: string;
}

/** The spec changed (a new version applied): the workflow reloads it before its next window. */
export const monitorSpecChangedSignal = defineSignal<[{ version: number }]>('monitorSpecChanged');
/** Stop watching (the monitor was disabled or removed); the workflow completes after the window in flight. */
export const stopMonitorSignal = defineSignal<[{ actor: string }]>('stopMonitor');

/** Where a monitor stands: the `monitorProgress` query. */
export interface MonitorProgress {
  endpoint: string;
  windows: number;
  lastWindowEnd?: string;
  nextWindowEnd?: string;
  lastError?: string;
}
export const monitorProgressQuery = defineQuery<MonitorProgress>('monitorProgress');
