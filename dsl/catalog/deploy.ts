// Deploy steps: put a registered model version behind a serving endpoint (docs/serving.md).
import { z } from 'zod';
import { defaultExecution, defineStepKind } from './types';

/** An endpoint's name is a path segment of the predict URLs (`/v1/endpoints/NAME`, `/v2/models/NAME`). */
export const ENDPOINT_NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;
export const ENDPOINT_NAME_RULE = 'lower-case letters, digits, ".", "_" and "-", starting with a letter or digit, at most 63 characters';

/** Strategies a pipeline step may deploy with today (canary, split and shadow come with the rollout workflow). */
export const STEP_DEPLOY_STRATEGIES = ['replace'] as const;

const deployEndpointConfig = z.strictObject({
  endpoint: z.string().regex(ENDPOINT_NAME, `use ${ENDPOINT_NAME_RULE}`).describe('Endpoint to serve the version behind (created by its first deploy)'),
  strategy: z
    .enum(STEP_DEPLOY_STRATEGIES)
    .default('replace')
    .describe('How traffic moves to the version: replace (it takes all traffic at once; the only strategy for now)'),
});
export type DeployEndpointConfig = z.infer<typeof deployEndpointConfig>;

export const deployEndpoint = defineStepKind({
  kind: 'deploy.endpoint',
  version: 1,
  group: 'deploy',
  description:
    'Serve a registered model version behind an endpoint, as the run\'s requester. Only a version in staging or production may take traffic; any other fails the step.',
  inputs: { version: { type: 'ModelVersion', description: 'The registered version to serve' } },
  outputs: { deployment: { type: 'Deployment', description: 'The deployment now serving the endpoint' } },
  config: deployEndpointConfig,
  pathFields: [],
  execution: defaultExecution,
});
