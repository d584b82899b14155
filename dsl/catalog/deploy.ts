// Deploy steps: put a registered model version behind a serving endpoint (docs/serving.md).
import { z } from 'zod';
import { DURATION } from '../grammar';
import { defaultExecution, defineStepKind } from './types';

import { ENDPOINT_NAME, ENDPOINT_NAME_RULE } from '../names';

export { ENDPOINT_NAME, ENDPOINT_NAME_RULE };

/** Strategies `deploy.endpoint` deploys with (it replaces at once; `deploy.rollout` rolls out by any strategy). */
export const STEP_DEPLOY_STRATEGIES = ['replace'] as const;

const deployEndpointConfig = z.strictObject({
  endpoint: z.string().regex(ENDPOINT_NAME, `use ${ENDPOINT_NAME_RULE}`).describe('Endpoint to serve the version behind (created by its first deploy)'),
  strategy: z
    .enum(STEP_DEPLOY_STRATEGIES)
    .default('replace')
    .describe('How traffic moves to the version: replace (it takes all traffic at once; deploy.rollout rolls out by canary, shadow or split)'),
});
export type DeployEndpointConfig = z.infer<typeof deployEndpointConfig>;

export const deployEndpoint = defineStepKind({
  kind: 'deploy.endpoint',
  version: 1,
  group: 'deploy',
  description:
    'Serve a registered model version behind an endpoint at once (replace), as the run\'s requester. Only a version in staging or production may take traffic; any other fails the step. ' +
    'To roll out by canary, shadow or split, use deploy.rollout.',
  inputs: { version: { type: 'ModelVersion', description: 'The registered version to serve' } },
  outputs: { deployment: { type: 'Deployment', description: 'The deployment now serving the endpoint' } },
  config: deployEndpointConfig,
  pathFields: [],
  execution: defaultExecution,
});

/** Strategies `deploy.rollout` rolls out by (docs/serving.md, "Rollouts"). */
export const ROLLOUT_STRATEGIES = ['replace', 'canary', 'shadow', 'split'] as const;

/** A split's other version: `MODEL@VERSION` (a version number, so a pipeline deploys the same versions each run). */
export const MODEL_AT_VERSION = /^[^@\s]+@v?[1-9][0-9]*$/;

/** A canary's steps and bounds (deploy.rollout's `canary:`, deploy.lifecycle's `canary:`). */
export const canaryConfig = z.strictObject({
  steps: z
    .array(z.number().gt(0).max(100))
    .min(1)
    .max(20)
    .default([5, 25, 50, 100])
    .refine((s) => s.every((w, i) => i === 0 || w > s[i - 1]), { message: 'must increase, e.g. [5, 25, 50, 100]' })
    .describe('The canary\'s share of the traffic at each step, percent, increasing (default 5, 25, 50, 100); the last step is judged too'),
  interval: z
    .string()
    .regex(DURATION, 'a duration like "30s", "10m" or "1h"')
    .default('10m')
    .describe('How long each step is watched before it is judged (a durable timer), at least 1s, e.g. "10m"'),
  maxErrorRate: z
    .number()
    .min(0)
    .max(1)
    .default(0.01)
    .describe('Highest error rate (0 to 1) the canary may show in a window, unless the stable version errs as much'),
  maxLatencyP99: z
    .number()
    .positive()
    .max(60_000)
    .default(100)
    .describe('Highest p99 latency the canary may show in a window, in milliseconds, unless the stable version is as slow'),
  minRequests: z
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(100)
    .describe('Canary requests a window needs to be judged; with fewer the step is held for another interval'),
  maxHolds: z
    .number()
    .int()
    .min(0)
    .max(100)
    .default(3)
    .describe('Windows in a row a step may be held for too few requests before the rollout rolls back'),
});

const splitVariant = z.strictObject({
  model: z
    .string()
    .regex(MODEL_AT_VERSION, 'a model and a version number, like "penguins@3"')
    .describe('Another registered version, as MODEL@VERSION (staging or production)'),
  weight: z.number().gt(0).lt(100).describe('Its share of the traffic, percent'),
});

const deployRolloutConfig = z
  .strictObject({
    endpoint: z.string().regex(ENDPOINT_NAME, `use ${ENDPOINT_NAME_RULE}`).describe('Endpoint to roll the version out behind (created by its first deploy)'),
    strategy: z
      .enum(ROLLOUT_STRATEGIES)
      .describe('How traffic moves to the version: replace (all at once), canary (step by step, judged from serving windows), shadow (a copy of the requests, never answering), split (weighted variants)'),
    canary: canaryConfig
      .optional()
      .describe('Strategy canary: steps (percent, default 5, 25, 50, 100), interval ("10m"), maxErrorRate (0.01), maxLatencyP99 in ms (100), minRequests (100), maxHolds (3)'),
    shadow: z
      .strictObject({ sample: z.number().gt(0).max(100).default(100).describe('Percent of the requests copied to the version (default 100)') })
      .optional()
      .describe('Strategy shadow: sample, the percent of requests copied to the version (default 100)'),
    split: z
      .strictObject({
        variants: z.array(splitVariant).min(1).max(10).describe('The other versions and their weights; the version takes what they leave'),
      })
      .optional()
      .describe('Strategy split: variants, the other versions as { model: MODEL@VERSION, weight: percent }; the version takes what they leave'),
    sticky: z
      .strictObject({
        header: z.string().min(1).max(100).optional().describe('A request header whose value pins a caller to one variant'),
        field: z.string().min(1).max(100).optional().describe('A request field whose value pins a caller to one variant'),
      })
      .optional()
      .describe('The request key that pins a caller to one variant (split and canary): a header or a field'),
  })
  .superRefine((c, ctx) => {
    for (const key of ['canary', 'shadow', 'split'] as const) {
      if (c[key] !== undefined && c.strategy !== key) ctx.addIssue({ code: 'custom', path: [key], message: `applies to strategy ${key} only, and the strategy is ${c.strategy}` });
    }
    if (c.strategy === 'split' && !c.split) ctx.addIssue({ code: 'custom', path: ['split'], message: 'strategy split needs the other versions and their weights, e.g. { variants: [{ model: NAME@VERSION, weight: 30 }] }' });
    if (c.split && c.split.variants.reduce((a, v) => a + v.weight, 0) >= 100) {
      ctx.addIssue({ code: 'custom', path: ['split', 'variants'], message: 'weights add up to 100 or more: together they stay below 100, the version takes the rest' });
    }
    if (c.sticky?.header && c.sticky.field) ctx.addIssue({ code: 'custom', path: ['sticky'], message: 'takes a header or a field, not both' });
  });
export type DeployRolloutConfig = z.infer<typeof deployRolloutConfig>;

export const deployRollout = defineStepKind({
  kind: 'deploy.rollout',
  version: 1,
  group: 'deploy',
  description:
    'Roll a registered model version out behind an endpoint by replace, canary, shadow or split, as the run\'s requester, through the same durable rollout as headrace deploy. ' +
    'The step ends when the rollout does: a canary rolled back (or a rollout that fails) fails the step with the rollout\'s reason. Only a version in staging or production may take traffic.',
  inputs: { version: { type: 'ModelVersion', description: 'The registered version to roll out' } },
  outputs: { deployment: { type: 'Deployment', description: 'The deployment the rollout made active' } },
  config: deployRolloutConfig,
  mode: 'child',
  pathFields: [],
  // A canary is watched for an interval per step: the step waits up to a day by default (`timeout:` changes it).
  execution: { ...defaultExecution, timeoutSeconds: 24 * 3600 },
});
