// Train steps: fit a model on a table and export it as ONNX (each model's options, bounds and help text here are
// what the editor's form shows and the checker enforces).
import { z } from 'zod';
import type { ColumnType } from '../plan';
import { columnName, numericTypes } from './columns';
import { defaultRetry, defineStepKind, CPU_QUEUE } from './types';

/** The columns a trainer reads, for the checker: the target (numeric for regression) and the chosen features. */
function trainerColumns(config: { target: string; features?: string[] }, targetTypes?: readonly ColumnType[]) {
  return [
    { port: 'table', column: config.target, path: ['target'], ...(targetTypes ? { types: targetTypes } : {}) },
    ...(config.features ?? []).map((column, i) => ({ port: 'table', column, path: ['features', i], types: numericTypes })),
  ];
}

const features = z
  .array(columnName)
  .min(1)
  .optional()
  .describe('Input columns (default: every number/integer/boolean column but the target)');

/** Trainers run long: a longer timeout, and heartbeats so a dead worker (or a cancel) is noticed within seconds. */
const trainingExecution = { taskQueue: CPU_QUEUE, timeoutSeconds: 3600, heartbeatSeconds: 10, retry: defaultRetry };

const trainLogisticConfig = z.strictObject({
  target: columnName.describe('Column to predict (its values are the classes)'),
  features,
  solver: z.enum(['sgd', 'lbfgs']).default('sgd')
    .describe('sgd: mini-batch momentum SGD; lbfgs: full-batch L-BFGS as scikit-learn\'s default (learningRate, batchSize and seed then play no part)'),
  epochs: z.number().int().min(1).default(100).describe('Passes over the training rows (lbfgs: iterations at most)'),
  learningRate: z.number().positive().default(0.1).describe('sgd: gradient step size'),
  batchSize: z.number().int().min(1).default(32).describe('sgd: rows per gradient step'),
  tolerance: z.number().positive().max(1).default(0.0001).describe('lbfgs: stop once every gradient component is at most this'),
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
  execution: trainingExecution,
  columnRefs: (config) => trainerColumns(config),
});

const trainMlpConfig = z.strictObject({
  target: columnName.describe('Column to predict'),
  features,
  task: z
    .enum(['classification', 'regression'])
    .optional()
    .describe('What to predict: classes, or a number (default: regression for a number column, classification otherwise)'),
  hidden: z.array(z.number().int().min(1).max(4096)).max(8).default([64, 64]).describe('Hidden layer widths, input side first ([] is a linear model)'),
  activation: z.enum(['relu', 'gelu', 'tanh']).default('relu').describe('Activation of the hidden layers'),
  dropout: z.number().min(0).max(0.9).default(0).describe('Share of hidden units zeroed at each training step (seeded)'),
  optimizer: z.enum(['adam', 'adamw', 'sgd']).default('adam').describe('Optimizer: Adam, AdamW (decoupled weight decay) or SGD with momentum'),
  learningRate: z.number().positive().max(10).default(0.001).describe('Base learning rate'),
  momentum: z.number().min(0).max(0.999).optional().describe('SGD only: momentum (default 0.9)'),
  nesterov: z.boolean().optional().describe('SGD only: Nesterov momentum (default false)'),
  weightDecay: z.number().min(0).optional().describe('AdamW only: decoupled weight decay (default 0.01)'),
  l2: z.number().min(0).default(0).describe('L2 penalty on the weights, in the loss'),
  schedule: z.enum(['constant', 'cosine', 'step']).default('constant').describe('Learning-rate schedule over the epochs'),
  warmupEpochs: z.number().min(0).default(0).describe('Epochs of linear warm-up from 0 to the base rate'),
  gamma: z.number().gt(0).max(1).default(0.1).describe('Step schedule: factor applied every stepEpochs'),
  stepEpochs: z.number().int().min(1).default(10).describe('Step schedule: epochs between two decays'),
  clipNorm: z.number().positive().optional().describe('Clip the gradients to this global norm'),
  batchSize: z.number().int().min(1).max(65536).default(64).describe('Rows per gradient step'),
  epochs: z.number().int().min(1).max(100000).default(50).describe('Passes over the training rows (fewer when early stopping stops it)'),
  validationFraction: z.number().min(0).max(0.5).default(0.1).describe('Share of the rows held out (seeded) to validate on after each epoch'),
  patience: z.number().int().min(1).optional().describe('Stop after this many epochs without a better validation loss (needs a validation share)'),
  restoreBest: z.boolean().default(true).describe('End with the weights of the best validation epoch'),
  classWeights: z
    .record(z.string(), z.number().positive())
    .optional()
    .describe('Classification: loss weight per class name (classes not named weigh 1)'),
  balanceClasses: z.boolean().default(false).describe('Classification: weigh each class by its inverse frequency (instead of classWeights)'),
  seed: z.number().int().default(42).describe('Random seed of initialisation, split, shuffling and dropout'),
});
export type TrainMlpConfig = z.infer<typeof trainMlpConfig>;

export const trainMlp = defineStepKind({
  kind: 'train.mlp',
  version: 1,
  group: 'train',
  description: 'Train a neural network (multilayer perceptron) for classification or regression.',
  inputs: { table: { type: 'Table', description: 'Training rows' } },
  outputs: { model: { type: 'Model', description: 'The trained model (ONNX)' } },
  config: trainMlpConfig,
  pathFields: [],
  execution: trainingExecution,
  columnRefs: (config) => trainerColumns(config, config.task === 'regression' ? numericTypes : undefined),
});

const trainLinearConfig = z.strictObject({
  target: columnName.describe('Number column to predict'),
  features,
  alpha: z.number().min(0).default(0).describe('Ridge penalty on the standardized coefficients (0: ordinary least squares)'),
});
export type TrainLinearConfig = z.infer<typeof trainLinearConfig>;

export const trainLinear = defineStepKind({
  kind: 'train.linear',
  version: 1,
  group: 'train',
  description: 'Fit a linear or ridge regression, solved exactly.',
  inputs: { table: { type: 'Table', description: 'Training rows' } },
  outputs: { model: { type: 'Model', description: 'The fitted model (ONNX)' } },
  config: trainLinearConfig,
  pathFields: [],
  execution: { taskQueue: CPU_QUEUE, timeoutSeconds: 3600, retry: defaultRetry },
  columnRefs: (config) => trainerColumns(config, numericTypes),
});
