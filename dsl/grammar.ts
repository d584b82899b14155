// The DSL's envelope (everything but each step's `with:`) as zod schemas: read by the checker and the JSON Schema.
import { Matrix, MAX_TRIALS, Select } from './sweep';
import { z } from 'zod';
import { DURATION } from './duration';
import { ENDPOINT_NAME, ENDPOINT_NAME_RULE } from './names';
import { PipelineMonitorSection } from './monitor';

export const LANGUAGE_VERSION = 1;
export const STEP_ID = /^[a-z][a-z0-9_-]*$/;
export const PIPELINE_NAME = /^[a-z][a-z0-9_-]*$/;
export const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** `step.port`, the value of an `in:` entry. */
export const PORT_REF = /^([a-z][a-z0-9_-]*)\.([A-Za-z_][A-Za-z0-9_]*)$/;
export { DURATION };

export const TOP_LEVEL_KEYS = ['headrace', 'name', 'description', 'params', 'triggers', 'cooldown', 'monitor', 'steps'] as const;
/** A data trigger's webhook name: the last segment of `POST /v1/triggers/NAME`. */
export const TRIGGER_WEBHOOK_NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;
/** The quality figures a performance trigger may watch (those a monitor window computes from late labels). */
export const PERFORMANCE_METRICS = ['accuracy', 'f1Macro', 'logLoss', 'rmse', 'mae'] as const;
/** How often a polled data source is hashed when its trigger gives no `every:`. */
export const DEFAULT_DATA_POLL = '10m';
export const STEP_KEYS = ['uses', 'in', 'with', 'needs', 'when', 'retry', 'timeout', 'resources', 'gate', 'cache', 'matrix', 'parallelism', 'select'] as const;

export const ParamType = z.enum(['number', 'integer', 'string', 'boolean']);
export type ParamType = z.infer<typeof ParamType>;

export const ParamDecl = z.strictObject({
  type: ParamType.describe('Value type'),
  default: z.union([z.string(), z.number(), z.boolean()]).optional().describe('Value when the run gives none'),
  description: z.string().optional().describe('What the parameter controls'),
});

export const OVERLAP_POLICIES = ['skip', 'buffer', 'allow'] as const;

/** A `schedule:` trigger; the cron text and the time zone are checked in detail by the triggers rule. */
export const ScheduleDecl = z.strictObject({
  cron: z
    .string()
    .describe('Five-field cron (minute hour day-of-month month day-of-week), @daily-style shorthand, or "@every 15m"'),
  overlap: z
    .enum(OVERLAP_POLICIES)
    .optional()
    .describe('When a fire comes while the last scheduled run still runs: skip it (default), buffer one, or allow both'),
  timezone: z.string().optional().describe('IANA time zone the cron is read in, e.g. Europe/Paris (default UTC)'),
  paused: z.boolean().optional().describe('Create the schedule paused (resume it from the app, API or CLI)'),
});

const DurationText = z.string().regex(DURATION, 'a duration like "30s", "10m", "1h" or "2d"');
const EndpointName = z
  .string()
  .regex(ENDPOINT_NAME, `an endpoint name: ${ENDPOINT_NAME_RULE}`)
  .describe('The endpoint whose monitor is watched');

/**
 * A `data:` trigger: a source whose content hash is polled (`source` + `every`), or a file-arrival webhook
 * (`POST /v1/triggers/NAME`). Which of the two, and `every` only with `source`, is checked by the triggers rule.
 */
export const DataTriggerDecl = z.strictObject({
  source: z.string().min(1).optional().describe('A file, a glob or an http(s) URL whose content hash is polled'),
  every: DurationText.optional().describe(`How often the source is hashed (default ${DEFAULT_DATA_POLL})`),
  webhook: z
    .string()
    .regex(TRIGGER_WEBHOOK_NAME, 'a webhook name (lowercase letters, digits, ".", "_", "-")')
    .optional()
    .describe('Fire on POST /v1/triggers/NAME (an editor\'s token), e.g. when a file has arrived'),
});

/** A `drift:` trigger: a drift alert of the endpoint's monitor. */
export const DriftTriggerDecl = z.strictObject({
  endpoint: EndpointName,
  severity: z
    .enum(['warning', 'critical'])
    .optional()
    .describe('The least severe drift alert that fires (default warning: any drift alert; critical: dataset drift)'),
});

/** A `performance:` trigger: a labelled window's quality past a threshold. */
export const PerformanceTriggerDecl = z.strictObject({
  endpoint: EndpointName,
  metric: z.enum(PERFORMANCE_METRICS).describe('The quality figure watched'),
  below: z.number().optional().describe('Fire when the figure falls below this (accuracy, f1Macro)'),
  above: z.number().optional().describe('Fire when the figure rises above this (logLoss, rmse, mae)'),
  minLabelled: z.number().int().min(1).optional().describe('Labelled rows a window needs to be judged (default: the monitor\'s, 30)'),
});

export const TRIGGER_KINDS = ['manual', 'schedule', 'data', 'drift', 'performance'] as const;

export const Trigger = z
  .strictObject({
    manual: z.strictObject({}).nullish().describe('Runs started by a person or the API'),
    schedule: ScheduleDecl.optional().describe('Runs on a cron schedule (one Temporal Schedule per pipeline)'),
    data: DataTriggerDecl.optional().describe('Runs when new data arrives: a polled source changed, or a webhook called'),
    drift: DriftTriggerDecl.optional().describe('Runs when the monitor of an endpoint raises a drift alert'),
    performance: PerformanceTriggerDecl.optional().describe('Runs when a labelled window\'s quality crosses a threshold'),
  })
  // Only when the keys are known ones: an unknown trigger kind is reported once, as that.
  .refine((t) => Object.keys(t).length === 1, {
    message: `a trigger has exactly one of: ${TRIGGER_KINDS.join(', ')}`,
    when: (payload) => payload.issues.length === 0,
  });

export const Retry = z.strictObject({
  attempts: z.number().int().min(1).describe('Maximum attempts, the first included'),
  backoff: z.number().min(1).optional().describe('Multiplier of the wait between attempts'),
});

export const Timeout = z
  .union([z.number().positive(), z.string().regex(DURATION, 'a duration like "30s", "10m", "1h" or "2d"')])
  .describe('Seconds, or a duration like "30s", "10m", "1h", "2d"');

/** What `resources:` may hold: `gpu` routes the step to the gpu task queue. */
export const SupportedResources = z.strictObject({
  gpu: z.number().int().min(0).optional().describe('GPUs; more than 0 runs the step on the GPU queue'),
});

/** Keys of `resources:` that the language knows but refuses (the resources rule says why, at their line). */
export const REFUSED_RESOURCES = ['cpu', 'memory'] as const;

/**
 * `resources:` as the checker reads it: `cpu` and `memory` pass the shape check only so the resources rule can
 * refuse them with the reason (no worker reserves or enforces them); the JSON Schema offers `gpu` alone.
 */
export const Resources = SupportedResources.extend({
  cpu: z.unknown().optional(),
  memory: z.unknown().optional(),
});

export const GateValue = z
  .union([z.number(), z.string()])
  .describe('A number (meaning >=) or ">= 0.9"-style condition');

/** A step without its kind-specific `with:` (checked separately against the catalog). */
export const StepEnvelope = z.strictObject({
  uses: z.string().describe('Step kind from the catalog, e.g. train.logistic'),
  in: z.record(z.string(), z.string()).nullish().describe('Input port -> "step.output"'),
  with: z.record(z.string(), z.unknown()).nullish().describe('Step configuration'),
  needs: z.union([z.string(), z.array(z.string())]).optional().describe('Steps that must finish first'),
  when: z.string().optional().describe('Condition for running the step'),
  retry: Retry.optional(),
  timeout: Timeout.optional(),
  resources: Resources.optional(),
  gate: z.record(z.string(), GateValue).optional().describe('Metric conditions that fail the run when unmet'),
  cache: z.boolean().optional().describe('Reuse a previous result with the same inputs and config'),
  matrix: Matrix.optional(),
  parallelism: z.number().int().min(1).max(MAX_TRIALS).optional().describe('Trials of the matrix run at once (default 2)'),
  select: Select.optional().describe('The metric that picks the trial passed downstream, and early stopping'),
});

export const PipelineEnvelope = z.strictObject({
  headrace: z.literal(LANGUAGE_VERSION).describe('Language version'),
  name: z.string().describe('Pipeline name'),
  description: z.string().optional(),
  params: z.record(z.string(), ParamDecl).nullish(),
  triggers: z.array(Trigger).nullish(),
  cooldown: DurationText.optional().describe('The least time between two runs started by data, drift or performance triggers'),
  monitor: PipelineMonitorSection.optional(),
  steps: z.record(z.string(), StepEnvelope),
});
