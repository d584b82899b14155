// train.command: "bring your own trainer". The step runs a program of the user's (a scikit-learn, XGBoost or
// PyTorch script) as a child process without a shell, in the pipeline's folder, with its input tables written as
// files and HEADRACE_* variables naming them; the program leaves model.onnx and metrics.json in its output folder
// (workers/activities/train-command.ts; the contract is in docs/tutorial.md, "Bring your own trainer").
import { z } from 'zod';
import { columnName, numericTypes } from './columns';
import { defaultRetry, defineStepKind, CPU_QUEUE } from './types';

/** Names a child's environment may take: a letter or `_`, then letters, digits and `_`. */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** The prefix of the variables the step sets itself (they cannot be overridden by `env:`). */
export const RESERVED_ENV_PREFIX = 'HEADRACE_';

const envName = z
  .string()
  .regex(ENV_NAME, { message: 'a variable name: letters, digits and _, not starting with a digit' })
  .regex(/^(?!HEADRACE_)/, { message: `${RESERVED_ENV_PREFIX}* variables are set by the step` })
  .describe('Variable name');

const trainCommandConfig = z.strictObject({
  command: z
    .array(z.union([z.string().min(1).max(4096), z.number().transform((n) => String(n))]).describe('One argument (a number is passed as its text)'))
    .min(1)
    .max(256)
    .describe("Program and arguments, run without a shell in the pipeline's folder, e.g. [.venv/bin/python, train.py, --trees, 200]; a program with a / is a path from that folder, a bare name is looked up on the worker's PATH"),
  format: z
    .enum(['arrow', 'parquet', 'csv'])
    .default('arrow')
    .describe('File format of the input tables: arrow (Arrow IPC file, as Headrace stores tables; pandas.read_feather, pyarrow, polars), parquet, or csv (a header row, empty cells for nulls)'),
  target: columnName.describe('Column the model predicts (HEADRACE_TARGET)'),
  features: z
    .array(columnName)
    .min(1)
    .optional()
    .describe("The model's input columns, in order (HEADRACE_FEATURES; default: every number/integer/boolean column but the target)"),
  task: z
    .enum(['classification', 'regression'])
    .optional()
    .describe('What the model predicts, checked against its outputs: classes (label, probabilities) or a number (prediction); default: regression for a number target, classification otherwise'),
  env: z
    .record(envName, z.string().max(4096))
    .optional()
    .describe('Extra environment variables for the program; not for secrets (the pipeline file is stored and shown)'),
  seed: z.number().int().min(0).max(2147483647).default(42).describe('Random seed handed to the program (HEADRACE_SEED)'),
  killGraceSeconds: z
    .number()
    .min(0)
    .max(300)
    .default(10)
    .describe("On cancel or timeout: seconds between SIGTERM and SIGKILL of the program's process group"),
});
export type TrainCommandConfig = z.infer<typeof trainCommandConfig>;

export const trainCommand = defineStepKind({
  kind: 'train.command',
  version: 1,
  group: 'train',
  description: 'Train with your own program (e.g. a scikit-learn script): it reads the table from a file and leaves model.onnx and metrics.json.',
  inputs: {
    table: { type: 'Table', description: 'Training rows (HEADRACE_INPUT_TABLE)' },
    validation: { type: 'Table', optional: true, description: 'Rows to validate on, if the program uses them (HEADRACE_INPUT_VALIDATION)' },
  },
  outputs: {
    model: { type: 'Model', description: 'The model.onnx the program left (checked against the signature)' },
    metrics: { type: 'Metrics', description: 'The numbers of the metrics.json the program left' },
  },
  config: trainCommandConfig,
  pathFields: [],
  // A trainer runs long; the heartbeat lets a cancel reach the program within seconds, and a dead worker be noticed.
  execution: { taskQueue: CPU_QUEUE, timeoutSeconds: 3600, heartbeatSeconds: 10, retry: defaultRetry },
  columnRefs: (config) => [
    { port: 'table', column: config.target, path: ['target'], ...(config.task === 'regression' ? { types: numericTypes } : {}) },
    ...(config.features ?? []).map((column, i) => ({ port: 'table', column, path: ['features', i], types: numericTypes })),
  ],
});
