// Output shapes of pipeline.*.
import { z } from 'zod';
import { isoDate } from './date';
import { Plan } from '../../../dsl/plan';

export const DiagnosticOut = z.object({
  severity: z.enum(['error', 'warning']),
  message: z.string(),
  line: z.number().int(),
  col: z.number().int(),
  endLine: z.number().int(),
  endCol: z.number().int(),
  code: z.string(),
});

/** What a pipeline's `schedule:` triggers declare (one Temporal Schedule carries them all). */
const DeclaredScheduleOut = z.object({
  crons: z.array(z.string()),
  overlap: z.enum(['skip', 'buffer', 'allow']),
  timezone: z.string().optional(),
  paused: z.boolean(),
}).meta({ id: 'DeclaredSchedule' });

export const PipelineListItem = z.object({
  id: z.string().uuid(),
  name: z.string(),
  description: z.string().nullable(),
  updatedAt: isoDate(),
  latestVersion: z.number().int().nullable(),
  /** The latest version's schedule, `paused` as its Temporal Schedule stands; null when it declares none. */
  schedule: DeclaredScheduleOut.nullable(),
}).meta({ id: 'PipelineListItem' });

export const PipelineOut = z.object({
  id: z.string().uuid(),
  name: z.string(),
  description: z.string().nullable(),
  archived: z.boolean(),
  createdAt: isoDate(),
  updatedAt: isoDate(),
}).meta({ id: 'Pipeline' });

export const PipelineVersionOut = z.object({
  id: z.string().uuid(),
  pipelineId: z.string().uuid(),
  version: z.number().int(),
  source: z.string(),
  sourceHash: z.string(),
  plan: Plan,
  origin: z.string().nullable(),
  /** The editor's layout of the steps (flow coordinates), stored shortly after the save; null until then. */
  layout: z.record(z.string(), z.object({ x: z.number(), y: z.number() })).nullable(),
  author: z.string(),
  createdAt: isoDate(),
}).meta({ id: 'PipelineVersion' });

export const PipelineGetOut = z.object({ pipeline: PipelineOut, version: PipelineVersionOut }).meta({ id: 'PipelineWithVersion' });

export const VersionListItem = z.object({
  version: z.number().int(),
  author: z.string(),
  createdAt: isoDate(),
  sourceHash: z.string(),
  origin: z.string().nullable(),
});

export const SaveOut = z.object({
  status: z.enum(['created', 'updated', 'unchanged']),
  name: z.string(),
  version: z.number().int(),
  versionId: z.string().uuid(),
  /** The monitor the pipeline's `monitor:` section applied, when it has one. */
  monitor: z.object({ endpoint: z.string(), status: z.enum(['created', 'updated', 'unchanged']), version: z.number().int() }).optional(),
});

export const CompileOut = z.object({ plan: Plan.nullable(), diagnostics: z.array(DiagnosticOut) });

/** `pipeline.schedule.*`: what the file declares and the Temporal Schedule as it stands (null when there is none). */
export const ScheduleOut = z.object({
  pipeline: z.string(),
  declared: DeclaredScheduleOut.nullable(),
  state: z
    .object({
      paused: z.boolean(),
      note: z.string().nullable(),
      version: z.number().int().nullable(),
      nextFireTimes: z.array(isoDate()),
      recentFires: z.array(z.object({ scheduledAt: isoDate(), workflowId: z.string() })),
      fires: z.number().int(),
      skippedOverlap: z.number().int(),
      running: z.number().int(),
    })
    .nullable(),
});

/** One firing of a pipeline's data, drift or performance trigger (pipeline.triggerEvents). */
export const TriggerEventOut = z.object({
  id: z.number().int(),
  kind: z.enum(['data', 'drift', 'performance']),
  /** `drift:ENDPOINT:WINDOW_START`, `performance:ENDPOINT:WINDOW_START`, `data:SOURCE:HASH@SINCE`, `data:webhook/NAME:…`. */
  key: z.string(),
  /** started: a run was started (runId); cooldown: a triggered run started within the cooldown; failed: it could not start. */
  outcome: z.enum(['started', 'cooldown', 'failed']),
  runId: z.string().uuid().nullable(),
  createdAt: isoDate(),
  summary: z.string(),
  details: z.record(z.string(), z.unknown()),
});
