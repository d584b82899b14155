// Preprocessing steps that learn from their table (means, categories, quantiles) and travel with the model: each
// records its fitted transform on the output table, and a trainer compiles the chain into the exported ONNX
// graph, so the served model takes raw rows, strings included. Fit them on the training split only; evaluate
// the model on the raw test split (the model applies the same transforms itself).
import { z } from 'zod';
import type { ColumnSchema, ColumnType } from '../plan';
import { columnName } from './columns';
import { defaultExecution, defineStepKind, type ColumnRef } from './types';

const numberTypes: readonly ColumnType[] = ['number', 'integer', 'boolean'];
const inputs = { table: { type: 'Table', description: 'Training rows to fit on' } } as const;

const columns = (what: string) => z.array(columnName).min(1).describe(what);

/** Each named column, for the checker, of the types the step takes. */
const columnRefs = (names: string[], types: readonly ColumnType[]): ColumnRef[] =>
  names.map((column, i) => ({ port: 'table', column, path: ['columns', i], types }));

/** The table's schema with the named columns now of type `type` (the others unchanged). */
function retyped(table: ColumnSchema[] | undefined, names: string[], type: (c: ColumnSchema) => ColumnType): ColumnSchema[] | undefined {
  if (!table) return undefined;
  const set = new Set(names);
  return table.map((c) => (set.has(c.name) ? { name: c.name, type: type(c) } : c));
}

const standardizeConfig = z.strictObject({
  columns: columns('Numeric columns to centre on their mean and scale to unit standard deviation'),
});
export type PrepareStandardizeConfig = z.infer<typeof standardizeConfig>;

export const prepareStandardize = defineStepKind({
  kind: 'prepare.standardize',
  version: 1,
  group: 'prepare',
  description: 'Scale numeric columns to mean 0 and standard deviation 1 (fitted here; compiled into the model).',
  inputs,
  outputs: { table: { type: 'Table', description: 'The rows with those columns standardized' } },
  config: standardizeConfig,
  pathFields: [],
  execution: defaultExecution,
  schema: (i, c) => ({ table: retyped(i.table, c.columns, () => 'number') }),
  columnRefs: (c) => columnRefs(c.columns, numberTypes),
});

const imputeConfig = z.strictObject({
  columns: columns('Columns whose missing values to fill'),
  strategy: z
    .enum(['mean', 'median', 'most_frequent', 'constant'])
    .default('mean')
    .describe('Fill with the mean or median (numeric columns), the most frequent value, or `value`'),
  value: z.union([z.number(), z.string()]).optional().describe('The fill value of strategy constant'),
}).refine((c) => c.strategy !== 'constant' || c.value !== undefined, { message: 'strategy constant needs a value', path: ['value'] });
export type PrepareImputeConfig = z.infer<typeof imputeConfig>;

export const prepareImpute = defineStepKind({
  kind: 'prepare.impute',
  version: 1,
  group: 'prepare',
  description: 'Fill missing values with the mean, median, most frequent value or a constant (fitted here; compiled into the model).',
  inputs,
  outputs: { table: { type: 'Table', description: 'The rows with those columns filled' } },
  config: imputeConfig,
  pathFields: [],
  execution: defaultExecution,
  schema: (i, c) => ({ table: retyped(i.table, c.columns, (col) => (col.type === 'string' ? 'string' : 'number')) }),
  columnRefs: (c) => columnRefs(c.columns, c.strategy === 'mean' || c.strategy === 'median' ? numberTypes : ['string', ...numberTypes]),
});

const onehotConfig = z.strictObject({
  columns: columns('Categorical columns (text, integer or boolean) to replace by one 0/1 column per category'),
  maxCategories: z.number().int().min(2).max(1000).default(50).describe('Refuse a column with more distinct values than this'),
});
export type PrepareOnehotConfig = z.infer<typeof onehotConfig>;

export const prepareOnehot = defineStepKind({
  kind: 'prepare.onehot',
  version: 1,
  group: 'prepare',
  description: 'One-hot encode categorical columns: one 0/1 column per category seen here; an unknown category or a missing value is all zeros.',
  inputs,
  outputs: { table: { type: 'Table', description: 'The rows with each column replaced by its indicator columns (NAME=CATEGORY)' } },
  config: onehotConfig,
  pathFields: [],
  execution: defaultExecution,
  // The output columns depend on the categories found in the data: unknown until the step runs.
  schema: () => ({ table: undefined }),
  columnRefs: (c) => columnRefs(c.columns, ['string', 'integer', 'boolean']),
});

const bucketizeConfig = z.strictObject({
  columns: columns('Numeric columns to cut into buckets'),
  boundaries: z.array(z.number()).min(1).optional().describe('Ascending cut points (default: quantiles of the data, see buckets)'),
  buckets: z.number().int().min(2).max(100).default(4).describe('Buckets of equal share of rows, when no boundaries are given'),
});
export type PrepareBucketizeConfig = z.infer<typeof bucketizeConfig>;

export const prepareBucketize = defineStepKind({
  kind: 'prepare.bucketize',
  version: 1,
  group: 'prepare',
  description: 'Cut numeric columns into buckets (given boundaries or fitted quantiles), one 0/1 column per bucket.',
  inputs,
  outputs: { table: { type: 'Table', description: 'The rows with each column replaced by its bucket columns (NAME[LO,HI))' } },
  config: bucketizeConfig,
  pathFields: [],
  execution: defaultExecution,
  schema: () => ({ table: undefined }),
  columnRefs: (c) => columnRefs(c.columns, numberTypes),
});
