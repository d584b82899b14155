// Registry steps: record a model as a new version of a named registered model.
import { z } from 'zod';
import { defaultExecution, defineStepKind } from './types';

const registryRegisterConfig = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, ".", "_" or "-", starting with a letter or digit')
    .describe('Registered model name'),
  stage: z.enum(['none', 'staging', 'production']).default('none').describe('Stage of the new version'),
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
