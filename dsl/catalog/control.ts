// Control steps: run inside the workflow (mode 'workflow') with its timers and signals, and hold the run —
// for a person's decision (`approve`) or for a while (`wait`). No ports: order them with `needs:`.
import { z } from 'zod';
import { DURATION } from '../grammar';
import { defaultExecution, defineStepKind } from './types';

/** Roles that may decide an approval (viewers never may). */
export const APPROVER_ROLES = ['editor', 'admin'] as const;
export type ApproverRole = (typeof APPROVER_ROLES)[number];

const duration = z.string().regex(DURATION, 'a duration like "30s", "10m", "24h" or "7d"');

const approveConfig = z.strictObject({
  approvers: z
    .array(z.enum(APPROVER_ROLES))
    .min(1)
    .default(['editor', 'admin'])
    .describe('Roles that may approve or reject (editor, admin)'),
  timeout: duration
    .default('7d')
    .describe('How long to wait for a decision; when it passes the step ends as rejected (e.g. "24h", "7d")'),
  message: z.string().optional().describe('What to check before deciding, shown to the approvers'),
});
export type ApproveConfig = z.infer<typeof approveConfig>;

export const approve = defineStepKind({
  kind: 'approve',
  version: 1,
  group: 'control',
  description: 'Hold the run until an editor or admin approves it with a reason; a rejection, or no decision before the timeout, ends the step as rejected.',
  inputs: {},
  outputs: {},
  config: approveConfig,
  mode: 'workflow',
  pathFields: [],
  execution: defaultExecution,
});

const waitConfig = z
  .strictObject({
    duration: duration.optional().describe('How long to wait, e.g. "10m", "2h"'),
    until: z.iso
      .datetime({ offset: true, error: 'an ISO 8601 time with a zone, like "2030-01-31T09:00:00Z"' })
      .optional()
      .describe('Wait until this time: ISO 8601 with a zone, e.g. "2030-01-31T09:00:00Z" (no wait when it has passed)'),
  })
  .refine((c) => (c.duration === undefined) !== (c.until === undefined), {
    message: 'wait needs exactly one of duration or until',
  });
export type WaitConfig = z.infer<typeof waitConfig>;

export const wait = defineStepKind({
  kind: 'wait',
  version: 1,
  group: 'control',
  description: 'Hold the run for a duration, or until a point in time (a durable timer: a restarted worker keeps it).',
  inputs: {},
  outputs: {},
  config: waitConfig,
  mode: 'workflow',
  pathFields: [],
  execution: defaultExecution,
});
