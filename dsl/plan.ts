// The Plan: the compiled, JSON-only form of a pipeline that the workflow interprets.
// Produced once by dsl/compile; the workflow never sees YAML.
import { SELECT_METRICS } from './sweep';
import { z } from 'zod';
import { MonitorSpec } from './monitor';

export const PortType = z.enum(['Table', 'Model', 'Metrics', 'ModelVersion', 'Deployment', 'Report']);
export type PortType = z.infer<typeof PortType>;

export const ColumnType = z.enum(['number', 'integer', 'string', 'boolean', 'date']);
export type ColumnType = z.infer<typeof ColumnType>;

export const ColumnSchema = z.object({ name: z.string(), type: ColumnType });
export type ColumnSchema = z.infer<typeof ColumnSchema>;

export const GateCondition = z.object({
  metric: z.string(),
  op: z.enum(['>=', '>', '<=', '<', '==', '!=']),
  value: z.number(),
  /** The condition as the user wrote it, for messages. */
  source: z.string(),
});
export type GateCondition = z.infer<typeof GateCondition>;

/**
 * A compiled `when:` condition: a small expression tree, params already substituted. The workflow evaluates
 * it (dsl/when) against upstream step states and Metrics outputs; nothing in it is ever run as code.
 */
export type WhenExpr =
  | { kind: 'literal'; value: string | number | boolean | null }
  | { kind: 'metric'; step: string; metric: string }
  | { kind: 'state'; step: string }
  | { kind: 'not'; arg: WhenExpr }
  | { kind: 'and' | 'or'; left: WhenExpr; right: WhenExpr }
  | { kind: 'compare'; op: '==' | '!=' | '<' | '<=' | '>' | '>='; left: WhenExpr; right: WhenExpr };

export const WhenExpr: z.ZodType<WhenExpr> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('literal'), value: z.union([z.string(), z.number(), z.boolean(), z.null()]) }).meta({ id: 'ConditionLiteral' }),
    z.object({ kind: z.literal('metric'), step: z.string(), metric: z.string() }).meta({ id: 'ConditionMetric' }),
    z.object({ kind: z.literal('state'), step: z.string() }).meta({ id: 'ConditionState' }),
    z.object({ kind: z.literal('not'), arg: WhenExpr }).meta({ id: 'ConditionNot' }),
    z.object({ kind: z.enum(['and', 'or']), left: WhenExpr, right: WhenExpr }).meta({ id: 'ConditionLogic' }),
    z.object({ kind: z.literal('compare'), op: z.enum(['==', '!=', '<', '<=', '>', '>=']), left: WhenExpr, right: WhenExpr }).meta({ id: 'ConditionCompare' }),
  ]),
).meta({ id: 'Condition' });

/** How a step kind executes: an activity on a worker, inside the workflow (timers, signals), or as a child workflow. */
export const ExecutionMode = z.enum(['activity', 'workflow', 'child']);
export type ExecutionMode = z.infer<typeof ExecutionMode>;

/** A `schedule:` trigger, compiled: one Temporal Schedule per pipeline carries these. */
export const ScheduleTrigger = z.object({
  type: z.literal('schedule'),
  cron: z.string(),
  /** What a fire does while the previous scheduled run is still going. */
  overlap: z.enum(['skip', 'buffer', 'allow']).default('skip'),
  /** IANA time zone the cron is read in (UTC when absent). */
  timezone: z.string().optional(),
  paused: z.boolean().default(false),
});
export type ScheduleTrigger = z.infer<typeof ScheduleTrigger>;

/** A `data:` trigger: a polled source (content hash every `everySeconds`) or a named webhook. */
export const DataTrigger = z.union([
  z.object({ type: z.literal('data'), source: z.string(), everySeconds: z.number().positive() }),
  z.object({ type: z.literal('data'), webhook: z.string() }),
]);
export type DataTrigger = z.infer<typeof DataTrigger>;

/** A `drift:` trigger: a drift alert of the endpoint's monitor at least as severe as `severity`. */
export const DriftTrigger = z.object({
  type: z.literal('drift'),
  endpoint: z.string(),
  severity: z.enum(['warning', 'critical']).default('warning'),
});
export type DriftTrigger = z.infer<typeof DriftTrigger>;

/** A `performance:` trigger: a window with at least `minLabelled` labelled rows whose `metric` is past its bound. */
export const PerformanceTrigger = z.object({
  type: z.literal('performance'),
  endpoint: z.string(),
  metric: z.enum(['accuracy', 'f1Macro', 'logLoss', 'rmse', 'mae']),
  below: z.number().optional(),
  above: z.number().optional(),
  minLabelled: z.number().int().positive().optional(),
});
export type PerformanceTrigger = z.infer<typeof PerformanceTrigger>;

export const PlanTrigger = z.union([
  z.object({ type: z.literal('manual') }), ScheduleTrigger, DataTrigger, DriftTrigger, PerformanceTrigger,
]);
export type PlanTrigger = z.infer<typeof PlanTrigger>;

export const PlanStep = z.object({
  id: z.string(),
  uses: z.string(),
  /** From the kind's declaration: how the interpreter executes this step. */
  mode: ExecutionMode.default('activity'),
  /** Version of the step kind's declaration; part of cache keys. */
  kindVersion: z.number().int(),
  /** `with:` after params substitution, defaults applied, relative paths resolved. */
  config: z.record(z.string(), z.unknown()),
  /** Input port -> producing step and its output port. */
  inputs: z.record(z.string(), z.object({ step: z.string(), port: z.string() })),
  /** Every step that must finish first: input producers plus `needs:`. */
  dependsOn: z.array(z.string()),
  gate: z.array(GateCondition).default([]),
  taskQueue: z.string(),
  timeoutSeconds: z.number().positive(),
  heartbeatSeconds: z.number().positive().optional(),
  retry: z.object({
    maximumAttempts: z.number().int().positive(),
    initialIntervalSeconds: z.number().positive(),
    backoffCoefficient: z.number().min(1),
  }),
  /**
   * Only `gpu` is compiled: a step with `gpu > 0` goes to the gpu task queue. `cpu` and `memory` are refused by
   * the checker (no worker enforces them yet), so nothing here is accepted and ignored.
   */
  resources: z.object({ gpu: z.number().int().optional() }).default({}),
  /** `when:`: the workflow skips the step (state `skipped`, with the reason) when it is false. */
  when: z.object({ source: z.string(), expr: WhenExpr }).optional(),
  /** Reuse an earlier result whose cache key (kind, kind version, config, input hashes, code hash) matches. */
  cache: z.boolean().optional(),
  /** `matrix:`: the step runs its trials (each with its own config), `parallelism` at a time, and passes the best on. */
  sweep: z.object({
    trials: z.array(z.object({ index: z.number().int(), values: z.record(z.string(), z.unknown()), config: z.record(z.string(), z.unknown()) })),
    parallelism: z.number().int().positive(),
    select: z.object({ metric: z.enum(SELECT_METRICS), mode: z.enum(['min', 'max']), stopping: z.enum(['median', 'none']) }),
  }).optional(),
  /** Set on the step a sweep's trial runs as (its id is trialStepId(of, index)): what median stopping compares. */
  trial: z.object({
    of: z.string(), index: z.number().int(), count: z.number().int(),
    metric: z.enum(SELECT_METRICS), mode: z.enum(['min', 'max']), stopping: z.enum(['median', 'none']),
  }).optional(),
});
export type PlanStep = z.infer<typeof PlanStep>;

export const Plan = z.object({
  planVersion: z.literal(1),
  pipeline: z.string(),
  description: z.string().optional(),
  /** sha256 hex of the source text. */
  sourceHash: z.string(),
  /** Folder of the pipeline file (posix, absolute when known); default data root. */
  baseDir: z.string().optional(),
  params: z.record(z.string(), z.unknown()),
  /** How runs start besides the API: manual, and schedules (Temporal Schedules). */
  triggers: z.array(PlanTrigger).optional(),
  /** `cooldown:`: the least seconds between two runs started by data, drift or performance triggers. */
  cooldownSeconds: z.number().positive().optional(),
  /** The `monitor:` section as the monitor it applies (its endpoint resolved): saved with each version. */
  monitor: MonitorSpec.optional(),
  /** Topological order (stable: file order among ready steps). */
  steps: z.array(PlanStep),
}).meta({ id: 'Plan' });
export type Plan = z.infer<typeof Plan>;
