// Output shapes of run.*: what clients may rely on (tRPC validates every response against them).
import { z } from 'zod';
import { isoDate } from './date';
import { RunStatus, StepStatus } from '../../../dsl/states';

/** A run id, or a unique prefix of one of at least 8 characters (the short id the app and the CLI show). */
export const RunRef = z.string().trim().regex(/^[0-9a-fA-F-]{8,36}$/, { message: 'a run id or a prefix of one (at least 8 hex characters)' });

/** What run.compare takes: a run (id or prefix), or a model version standing for the run that registered it. */
export const CompareRef = z.string().trim().regex(/^([0-9a-fA-F-]{8,36}|[A-Za-z0-9][\w.-]*@[\w.-]+)$/, {
  message: 'a run id (or a prefix of one, at least 8 hex characters), or a model version: MODEL@VERSION, MODEL@STAGE or MODEL@ALIAS',
});

export { RunStatus, StepStatus };

/**
 * What fired a data, drift or performance trigger (server/temporal/contract.ts TriggerDetails): the event key,
 * its kind, a one-line summary, and what it saw (endpoint and window, metric and value, source and hash).
 */
export const TriggerDetailsOut = z.looseObject({
  event: z.string(),
  kind: z.enum(['data', 'drift', 'performance']),
  summary: z.string(),
  endpoint: z.string().optional(),
  window: z.object({ start: z.string(), end: z.string() }).optional(),
  metric: z.string().optional(),
  value: z.number().optional(),
  source: z.string().optional(),
  webhook: z.string().optional(),
  hash: z.string().optional(),
}).meta({ id: 'TriggerDetails' });
export type TriggerDetailsOut = z.infer<typeof TriggerDetailsOut>;

export const RunOut = z.object({
  id: z.string().uuid(),
  pipelineId: z.string().uuid(),
  pipelineVersionId: z.string().uuid(),
  pipelineName: z.string(),
  pipelineVersion: z.number().int(),
  workflowId: z.string(),
  status: RunStatus,
  trigger: z.string(),
  /** What fired the run's data, drift or performance trigger; null for other runs. */
  triggerDetails: TriggerDetailsOut.nullable().default(null),
  params: z.record(z.string(), z.unknown()),
  error: z.string().nullable(),
  createdBy: z.string(),
  idempotencyKey: z.string().nullable(),
  /** The run this one retries. */
  retryOf: z.string().uuid().nullable(),
  /** The run this one reproduces (`headrace rerun`): the same data versions, read from the store. */
  reproduces: z.string().uuid().nullable().default(null),
  createdAt: isoDate(),
  startedAt: isoDate().nullable(),
  finishedAt: isoDate().nullable(),
}).meta({ id: 'Run' });
export type RunOut = z.infer<typeof RunOut>;

export const StepRunOut = z.object({
  id: z.string().uuid(),
  runId: z.string().uuid(),
  stepId: z.string(),
  /** 0 for a step that never ran (skipped, cancelled) or was reused from the retried run (cached). */
  attempt: z.number().int(),
  kind: z.string(),
  status: StepStatus,
  outputs: z.unknown(),
  summary: z.unknown(),
  error: z.string().nullable(),
  startedAt: isoDate(),
  finishedAt: isoDate().nullable(),
  durationMs: z.number().int().nullable(),
}).meta({ id: 'StepRun' });

export const RunDetail = RunOut.extend({
  /** The Plan the run executes. */
  plan: z.unknown(),
  steps: z.array(StepRunOut),
  /**
   * A running run's ready steps that no worker polls for (a GPU step without a GPU worker), by task queue, with
   * a sentence saying what to start; absent when Temporal could not be asked.
   */
  waiting: z.array(z.object({ taskQueue: z.string(), steps: z.array(z.string()), message: z.string() })).optional(),
  temporalUrl: z.string().optional(),
}).meta({ id: 'RunDetail' });

/** A run of run.list: the run and its scalar metrics (every Metrics output of its finished steps; {} before any). */
export const RunListItem = RunOut.extend({ metrics: z.record(z.string(), z.number()).optional() }).meta({ id: 'RunListItem' });
export type RunListItem = z.infer<typeof RunListItem>;

export const RunPage = z.object({ items: z.array(RunListItem), nextCursor: z.string().nullable() }).meta({ id: 'RunPage' });

export const LogLine = z.object({
  id: z.number().int(),
  stepId: z.string(),
  attempt: z.number().int(),
  at: isoDate(),
  level: z.enum(['debug', 'info', 'warn', 'error']),
  message: z.string(),
}).meta({ id: 'LogLine' });

export const LogPage = z.object({
  lines: z.array(LogLine),
  /** Pass as `after` to get the lines written since; null while the run has none. */
  nextCursor: z.number().int().nullable(),
  runStatus: RunStatus,
}).meta({ id: 'LogPage' });

export const RunEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('run'), status: RunStatus }),
  z.object({ type: z.literal('step'), stepId: z.string(), status: StepStatus, attempt: z.number().int() }),
]);
export type RunEvent = z.infer<typeof RunEvent>;

/** run.approve / run.reject: the decision the workflow accepted. */
export const DecisionOut = z.object({
  id: z.string().uuid(),
  step: z.string(),
  approved: z.boolean(),
  reason: z.string(),
  actor: z.string(),
}).meta({ id: 'Decision' });

/** One epoch of a training step (experiment tracking). */
export const EpochOut = z.object({
  epoch: z.number().int(),
  loss: z.number(),
  valLoss: z.number().nullable(),
  /** Validation accuracy (classification) or RMSE (regression). */
  valMetric: z.number().nullable(),
  samplesPerSecond: z.number().nullable(),
  lr: z.number().nullable(),
});

/** A training step's curve (a resumed attempt's epochs replace the earlier one's), thinned to the points asked. */
export const EpochCurveOut = z.object({
  runId: z.string().uuid(),
  stepId: z.string(),
  /** The attempts that recorded epochs. */
  attempts: z.array(z.number().int()),
  /** Epochs before thinning. */
  total: z.number().int(),
  epochs: z.array(EpochOut),
});

/** run.compare: the runs side by side. */
export const RunComparisonOut = z.object({
  runs: z.array(z.object({
    id: z.string().uuid(), pipeline: z.string(), version: z.number().int(), status: RunStatus, createdAt: isoDate(),
    params: z.record(z.string(), z.unknown()),
  })),
  steps: z.array(z.object({
    stepId: z.string(),
    kind: z.string(),
    /** Settings per run id; null where the run has no such step. */
    config: z.record(z.string(), z.record(z.string(), z.unknown()).nullable()),
    /** Settings keys that differ between the runs. */
    differs: z.array(z.string()),
    /** Training steps: the content hash of the table each run trained on. */
    trainedOn: z.record(z.string(), z.string().nullable()).optional(),
  })),
  metrics: z.array(z.object({ stepId: z.string(), name: z.string(), values: z.record(z.string(), z.number().nullable()) })),
  curves: z.array(z.object({ runId: z.string().uuid(), stepId: z.string(), epochs: z.array(EpochOut) })),
});
