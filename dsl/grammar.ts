// The DSL's envelope (everything but each step's `with:`) as zod schemas: read by the checker and the JSON Schema.
import { z } from 'zod';

export const LANGUAGE_VERSION = 1;
export const STEP_ID = /^[a-z][a-z0-9_-]*$/;
export const PIPELINE_NAME = /^[a-z][a-z0-9_-]*$/;
export const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** `step.port`, the value of an `in:` entry. */
export const PORT_REF = /^([a-z][a-z0-9_-]*)\.([A-Za-z_][A-Za-z0-9_]*)$/;
export const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/;

export const TOP_LEVEL_KEYS = ['headrace', 'name', 'description', 'params', 'triggers', 'steps'] as const;
export const STEP_KEYS = ['uses', 'in', 'with', 'needs', 'when', 'retry', 'timeout', 'resources', 'gate', 'cache'] as const;

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

export const Trigger = z
  .strictObject({
    manual: z.strictObject({}).nullish().describe('Runs started by a person or the API'),
    schedule: ScheduleDecl.optional().describe('Runs on a cron schedule (one Temporal Schedule per pipeline)'),
  })
  // Only when the keys are known ones: an unknown trigger kind is reported once, as that.
  .refine((t) => Object.keys(t).length === 1, {
    message: 'a trigger has exactly one of: manual, schedule',
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
});

export const PipelineEnvelope = z.strictObject({
  headrace: z.literal(LANGUAGE_VERSION).describe('Language version'),
  name: z.string().describe('Pipeline name'),
  description: z.string().optional(),
  params: z.record(z.string(), ParamDecl).nullish(),
  triggers: z.array(Trigger).nullish(),
  steps: z.record(z.string(), StepEnvelope),
});
