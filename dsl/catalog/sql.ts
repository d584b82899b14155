// prepare.sql: SQL over the step's input tables, each named by its port (DuckDB's dialect).
import { z } from 'zod';
import { declaredColumns, declaredSchema } from './columns';
import { defaultExecution, defineStepKind } from './types';

const prepareSqlConfig = z.strictObject({
  query: z.string().min(1).meta({ contentMediaType: 'application/sql' })
    .describe("A SELECT over the input tables, each called by its port name under in: (DuckDB's SQL)"),
  columns: declaredColumns.describe("The result's columns and types, when steps downstream should be checked against them (the result must hold them)"),
});
export type PrepareSqlConfig = z.infer<typeof prepareSqlConfig>;

export const prepareSql = defineStepKind({
  kind: 'prepare.sql',
  version: 1,
  group: 'prepare',
  description: 'Query the input tables with SQL: joins, filters, derived columns, aggregates.',
  inputs: {},
  variadicInputs: { type: 'Table', description: 'A table, called in the query by this port name', minimum: 1 },
  outputs: { table: { type: 'Table', description: "The query's result" } },
  config: prepareSqlConfig,
  pathFields: [],
  execution: defaultExecution,
  schema: (_inputs, config) => ({ table: declaredSchema(config.columns) }),
});
