// Validate steps: check a table against expectations and pass it through.
import { z } from 'zod';
import { ColumnType } from '../plan';
import { columnName } from './columns';
import { defaultExecution, defineStepKind } from './types';

const columnExpectation = z.strictObject({
  type: ColumnType.optional().describe('Expected column type'),
  nulls: z.number().int().min(0).optional().describe('Maximum number of nulls'),
  nullFraction: z.number().min(0).max(1).optional().describe('Maximum fraction of nulls (0..1)'),
  min: z.number().optional().describe('Smallest allowed value'),
  max: z.number().optional().describe('Largest allowed value'),
  values: z.array(z.union([z.string(), z.number(), z.boolean()])).optional().describe('Allowed values'),
  unique: z.boolean().optional().describe('Values must be distinct'),
});

const validateTableConfig = z.strictObject({
  columns: z.record(columnName, columnExpectation).default({}).describe('Expectations per column'),
  minRows: z.number().int().min(0).optional().describe('Smallest allowed row count'),
  allowExtraColumns: z.boolean().default(true).describe('Allow columns not listed in `columns`'),
});
export type ValidateTableConfig = z.infer<typeof validateTableConfig>;
export type ColumnExpectation = z.infer<typeof columnExpectation>;

export const validateTable = defineStepKind({
  kind: 'validate.table',
  version: 1,
  group: 'validate',
  description: 'Check a table against column expectations; fail the run when they are unmet.',
  inputs: { table: { type: 'Table', description: 'Table to check' } },
  outputs: {
    table: { type: 'Table', description: 'The input table, unchanged' },
    report: { type: 'Report', description: 'Validation results' },
  },
  config: validateTableConfig,
  pathFields: [],
  execution: defaultExecution,
  schema: (inputs) => ({ table: inputs.table }),
  columnRefs: (config) =>
    Object.keys(config.columns).map((column) => ({ port: 'table', column, path: ['columns', column], isKey: true })),
});
