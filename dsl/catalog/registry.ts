// Registry steps: record a model as a new version of a named registered model.
import { z } from 'zod';
import { defaultExecution, defineStepKind } from './types';

/** Stages a pipeline may register into. Production is reached only through promotion, with its rules. */
export const REGISTER_STAGES = ['none', 'staging'] as const;

const PRODUCTION_REFUSAL =
  'cannot be production: a version reaches production only by promotion (by an admin, from staging, with its ' +
  'gate passed; the old version is archived). Register with stage: staging, then run ' +
  '`headrace promote NAME VERSION production --reason TEXT`';

const registryRegisterConfig = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, ".", "_" or "-", starting with a letter or digit')
    .describe('Registered model name'),
  stage: z
    .enum(REGISTER_STAGES, {
      // The one value people try: say why it is refused, not only what is allowed.
      error: (issue) => (issue.input === 'production' ? PRODUCTION_REFUSAL : undefined),
    })
    .default('none')
    .describe('Stage of the new version: none or staging (production is reached only by promotion)'),
  tags: z.record(z.string(), z.string()).default({}).describe('Free-form labels'),
  description: z.string().optional().describe('What this version is'),
});
export type RegistryRegisterConfig = z.infer<typeof registryRegisterConfig>;

export const registryRegister = defineStepKind({
  kind: 'registry.register',
  version: 1,
  group: 'registry',
  description: 'Register the model as a new version in the model registry.',
  inputs: {
    model: { type: 'Model', description: 'Model to register' },
    metrics: { type: 'Metrics', optional: true, description: 'Evaluation recorded with the version' },
  },
  outputs: { version: { type: 'ModelVersion', description: 'The new registry entry' } },
  config: registryRegisterConfig,
  pathFields: [],
  execution: defaultExecution,
});
