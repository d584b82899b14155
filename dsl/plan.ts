// The Plan: the compiled, JSON-only form of a pipeline that the workflow interprets.
// Produced once by dsl/compile; the workflow never sees YAML.
import { z } from 'zod';

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

export const PlanStep = z.object({
  id: z.string(),
  uses: z.string(),
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
  resources: z.object({ cpu: z.number().optional(), memory: z.string().optional(), gpu: z.number().int().optional() }).default({}),
  /** `when:` as written; the workflow skips the step when it is false. */
  when: z.string().optional(),
  /** Reuse a previous result with the same kind version, inputs and config. */
  cache: z.boolean().optional(),
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
  /** How runs start besides the API (v1: manual, schedule). */
  triggers: z
    .array(z.object({ type: z.enum(['manual', 'schedule']), cron: z.string().optional() }))
    .optional(),
  /** Topological order (stable: file order among ready steps). */
  steps: z.array(PlanStep),
});
export type Plan = z.infer<typeof Plan>;
