// Prepare steps: reshape tables (drop rows, split) without learning anything.
import { z } from 'zod';
import { columnName } from './columns';
import { defaultExecution, defineStepKind } from './types';

const dropnaConfig = z.strictObject({
  columns: z
    .array(columnName)
    .min(1)
    .optional()
    .describe('Drop rows with a null in any of these columns (default: every column)'),
});
export type PrepareDropnaConfig = z.infer<typeof dropnaConfig>;

export const prepareDropna = defineStepKind({
  kind: 'prepare.dropna',
  version: 1,
  group: 'prepare',
  description: 'Drop rows that have a null in any of the given columns.',
  inputs: { table: { type: 'Table', description: 'Table to clean' } },
  outputs: { table: { type: 'Table', description: 'Rows without nulls' } },
  config: dropnaConfig,
  pathFields: [],
  execution: defaultExecution,
  schema: (inputs) => ({ table: inputs.table }),
  columnRefs: (config) =>
    (config.columns ?? []).map((column, i) => ({ port: 'table', column, path: ['columns', i] })),
});

const splitConfig = z.strictObject({
  test: z.number().gt(0).lt(1).default(0.2).describe('Fraction of rows held back for testing (0 < x < 1)'),
  seed: z.number().int().default(42).describe('Random seed of the shuffle'),
  stratify: columnName.optional().describe('Keep the proportions of this column in both parts'),
});
export type PrepareSplitConfig = z.infer<typeof splitConfig>;

export const prepareSplit = defineStepKind({
  kind: 'prepare.split',
  version: 1,
  group: 'prepare',
  description: 'Shuffle a table and split it into train and test parts.',
  inputs: { table: { type: 'Table', description: 'Table to split' } },
  outputs: {
    train: { type: 'Table', description: 'Training rows' },
    test: { type: 'Table', description: 'Held-back rows' },
  },
  config: splitConfig,
  pathFields: [],
  execution: defaultExecution,
  schema: (inputs) => ({ train: inputs.table, test: inputs.table }),
  columnRefs: (config) => (config.stratify ? [{ port: 'table', column: config.stratify, path: ['stratify'] }] : []),
});
