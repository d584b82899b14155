// prepare.standardize, .impute, .onehot, .bucketize: fit each named column on the input rows, apply it, and add
// the fitted transforms to the table's preprocessing, which a trainer compiles into the model it exports.
import type * as arrow from 'apache-arrow';
import type { FittedTransform, Preprocessing, TableRef } from '../../dsl/refs';
import { applyTransform, fitBucketize, fitImpute, fitOnehot, fitStandardize } from '../compute/data/preprocess';
import { readTable } from '../compute/data/table';
import type { StepResult } from '../workflows/types';
import type { KindContext } from './kinds';
import { storeTable } from './prepare';
import type { StepContext } from './step';

/** Fits `fit` on each column in turn (each on the table the previous one made); stores the result. */
async function fitColumns(
  ctx: StepContext<unknown> & { inputs: { table: TableRef } }, columns: string[], fit: (table: arrow.Table, column: string) => FittedTransform,
): Promise<StepResult> {
  const ref = ctx.inputs.table;
  let table = await readTable(ctx.deps.store, ref);
  const fitted: FittedTransform[] = [];
  for (const column of columns) {
    const t = fit(table, column);
    fitted.push(t);
    table = applyTransform(table, t);
    ctx.log.info(`${column}: ${describe(t)}`);
  }
  const preprocessing: Preprocessing = {
    source: ref.preprocessing?.source ?? ref.hash,
    inputs: ref.preprocessing?.inputs ?? ref.columns,
    transforms: [...(ref.preprocessing?.transforms ?? []), ...fitted],
  };
  const out = await storeTable(ctx, table, preprocessing);
  return { outputs: { table: out }, summary: { rows: table.numRows, columns: out.columns.length, fitted } };
}

/** One line of the step log for a fitted transform. */
function describe(t: FittedTransform): string {
  switch (t.kind) {
    case 'standardize': return `mean ${t.mean}, std ${t.std}`;
    case 'impute': return `missing values become ${JSON.stringify(t.value)} (${t.strategy})`;
    case 'onehot': return `${t.categories.length} categories → ${t.outputs.join(', ')}`;
    case 'bucketize': return `cut at ${t.boundaries.join(', ')} → ${t.outputs.length} buckets`;
  }
}

export const prepareStandardizeStep = (ctx: KindContext<'prepare.standardize'>) =>
  fitColumns(ctx, ctx.config.columns, fitStandardize);

export const prepareImputeStep = (ctx: KindContext<'prepare.impute'>) =>
  fitColumns(ctx, ctx.config.columns, (table, column) => fitImpute(table, column, ctx.config.strategy, ctx.config.value));

export const prepareOnehotStep = (ctx: KindContext<'prepare.onehot'>) =>
  fitColumns(ctx, ctx.config.columns, (table, column) => fitOnehot(table, column, ctx.config.maxCategories));

export const prepareBucketizeStep = (ctx: KindContext<'prepare.bucketize'>) =>
  fitColumns(ctx, ctx.config.columns, (table, column) => fitBucketize(table, column, { boundaries: ctx.config.boundaries, buckets: ctx.config.buckets }));
