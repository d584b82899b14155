// prepare.dropna / prepare.split: deterministic table transforms, written back as new tables. Both keep the
// input's fitted preprocessing (its rows change, not how its columns derive from the raw ones).
import type { TableRef } from '../../dsl/refs';
import { dropNulls, splitTable } from '../compute/data/prepare';
import { runSql } from '../compute/data/sql';
import { deriveColumns, filterRows, joinTables, sampleRows, selectColumns } from '../compute/data/transform';
import { readTable, writeTable } from '../compute/data/table';
import { recordDataset } from '../../server/db/repo/datasets';
import type { StepResult } from '../workflows/types';
import type { KindContext } from './kinds';
import type { StepContext } from './step';

/** Writes a step's output table and records it as a dataset; `preprocessing` travels on with the reference. */
export async function storeTable(
  ctx: StepContext<unknown>, table: Parameters<typeof writeTable>[1], preprocessing?: TableRef['preprocessing'],
): Promise<TableRef> {
  const ref = await writeTable(ctx.deps.store, table);
  await recordDataset(ctx.deps.db, { hash: ref.hash, uri: ref.uri, schema: ref.columns, rows: ref.rows, runId: ctx.input.runId, stepId: ctx.input.step.id });
  return preprocessing ? { ...ref, preprocessing } : ref;
}

export async function prepareDropnaStep(ctx: KindContext<'prepare.dropna'>): Promise<StepResult> {
  const table = await readTable(ctx.deps.store, ctx.inputs.table);
  const { table: kept, dropped } = dropNulls(table, ctx.config.columns);
  const ref = await storeTable(ctx, kept, ctx.inputs.table.preprocessing);
  ctx.log.info(`kept ${kept.numRows} of ${table.numRows} rows (dropped ${table.numRows - kept.numRows} with nulls)`);
  return { outputs: { table: ref }, summary: { rowsIn: table.numRows, rowsOut: kept.numRows, dropped } };
}

export async function prepareSplitStep(ctx: KindContext<'prepare.split'>): Promise<StepResult> {
  const table = await readTable(ctx.deps.store, ctx.inputs.table);
  const { train, test } = splitTable(table, ctx.config);
  const pre = ctx.inputs.table.preprocessing;
  const [trainRef, testRef] = [await storeTable(ctx, train, pre), await storeTable(ctx, test, pre)];
  ctx.log.info(`split ${table.numRows} rows: ${train.numRows} train, ${test.numRows} test (seed ${ctx.config.seed})`);
  return { outputs: { train: trainRef, test: testRef }, summary: { train: train.numRows, test: test.numRows, seed: ctx.config.seed } };
}

export async function prepareSqlStep(ctx: KindContext<'prepare.sql'>): Promise<StepResult> {
  // Every input is a variadic port: its name is the table's name in the query.
  const refs = ctx.inputs as unknown as Record<string, TableRef>;
  const tables = Object.fromEntries(await Promise.all(Object.entries(refs).map(async ([name, ref]) => [name, await readTable(ctx.deps.store, ref)] as const)));
  const rowsIn = Object.fromEntries(Object.entries(tables).map(([name, t]) => [name, t.numRows]));
  ctx.log.info(`query over ${Object.entries(rowsIn).map(([n, r]) => `${n} (${r} rows)`).join(', ')}`);
  const { table, summary } = await runSql(tables, ctx.config.query, ctx.config.columns);
  const ref = await storeTable(ctx, table);
  const typeErrors = summary.columns.filter((c) => c.typeErrors.count > 0);
  if (typeErrors.length > 0) ctx.log.warn(`values of the wrong type for the declared columns: ${typeErrors.map((c) => `${c.name} ${c.typeErrors.count}`).join(', ')}`);
  ctx.log.info(`result: ${table.numRows} rows × ${table.numCols} columns → table ${ref.hash.slice(0, 12)}`);
  return {
    outputs: { table: ref },
    summary: {
      rowsIn, rowsOut: table.numRows, columns: summary.columns.map((c) => `${c.name}: ${c.type}`),
      typeErrors: Object.fromEntries(typeErrors.map((c) => [c.name, c.typeErrors.count])),
    },
  };
}

/** A transform's result stored, with its row counts said in the log and the summary. */
async function transformed(ctx: StepContext<unknown>, rowsIn: number, table: Parameters<typeof writeTable>[1], what: string): Promise<StepResult> {
  const ref = await storeTable(ctx, table);
  ctx.log.info(`${what}: ${table.numRows} rows × ${table.numCols} columns → table ${ref.hash.slice(0, 12)}`);
  return { outputs: { table: ref }, summary: { rowsIn, rowsOut: table.numRows, columns: table.numCols } };
}

export async function prepareFilterStep(ctx: KindContext<'prepare.filter'>): Promise<StepResult> {
  const table = await readTable(ctx.deps.store, ctx.inputs.table);
  const { table: kept } = await filterRows(table, ctx.config);
  return transformed(ctx, table.numRows, kept, `kept ${kept.numRows} of ${table.numRows} rows`);
}

export async function prepareDeriveStep(ctx: KindContext<'prepare.derive'>): Promise<StepResult> {
  const table = await readTable(ctx.deps.store, ctx.inputs.table);
  const { table: out } = await deriveColumns(table, ctx.config);
  return transformed(ctx, table.numRows, out, `derived ${Object.keys(ctx.config.columns).join(', ')}`);
}

export async function prepareSelectStep(ctx: KindContext<'prepare.select'>): Promise<StepResult> {
  const table = await readTable(ctx.deps.store, ctx.inputs.table);
  const { table: out } = await selectColumns(table, ctx.config);
  return transformed(ctx, table.numRows, out, `kept ${out.numCols} of ${table.numCols} columns`);
}

export async function prepareJoinStep(ctx: KindContext<'prepare.join'>): Promise<StepResult> {
  const [left, right] = [await readTable(ctx.deps.store, ctx.inputs.left), await readTable(ctx.deps.store, ctx.inputs.right)];
  const { table: out } = await joinTables(left, right, ctx.config);
  const result = await transformed(ctx, left.numRows, out, `${ctx.config.how} join of ${left.numRows} and ${right.numRows} rows`);
  return { ...result, summary: { ...result.summary, rowsRight: right.numRows } };
}

export async function prepareSampleStep(ctx: KindContext<'prepare.sample'>): Promise<StepResult> {
  const table = await readTable(ctx.deps.store, ctx.inputs.table);
  const out = sampleRows(table, ctx.config);
  return transformed(ctx, table.numRows, out, `sampled ${out.numRows} of ${table.numRows} rows (seed ${ctx.config.seed})`);
}
