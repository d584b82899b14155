// Train steps: fit a model on a table and export it as ONNX.
import { z } from 'zod';
import { columnName, numericTypes } from './columns';
import { defaultRetry, defineStepKind, CPU_QUEUE } from './types';

const trainLogisticConfig = z.strictObject({
  target: columnName.describe('Column to predict (its values are the classes)'),
  features: z
    .array(columnName)
    .min(1)
    .optional()
    .describe('Input columns (default: every number/integer/boolean column but the target)'),
  epochs: z.number().int().min(1).default(100).describe('Passes over the training rows'),
  learningRate: z.number().positive().default(0.1).describe('Gradient step size'),
  batchSize: z.number().int().min(1).default(32).describe('Rows per gradient step'),
  l2: z.number().min(0).default(0.0001).describe('L2 regularisation strength'),
  seed: z.number().int().default(42).describe('Random seed of initialisation and shuffling'),
});
export type TrainLogisticConfig = z.infer<typeof trainLogisticConfig>;

export const trainLogistic = defineStepKind({
  kind: 'train.logistic',
  version: 1,
  group: 'train',
  description: 'Train a multinomial logistic regression classifier.',
  inputs: { table: { type: 'Table', description: 'Training rows' } },
  outputs: { model: { type: 'Model', description: 'The trained model (ONNX)' } },
  config: trainLogisticConfig,
  pathFields: [],
  // Training is long: a longer timeout, and heartbeats so a dead worker (or a cancel) is noticed within seconds.
  execution: { taskQueue: CPU_QUEUE, timeoutSeconds: 3600, heartbeatSeconds: 10, retry: defaultRetry },
  columnRefs: (config) => [
    { port: 'table', column: config.target, path: ['target'] },
    ...(config.features ?? []).map((column, i) => ({
      port: 'table',
      column,
      path: ['features', i],
      types: numericTypes,
    })),
  ],
});
