// ingest.sql: a query against a PostgreSQL database the platform knows by name (its connections), read into a table.
// The pipeline names the connection; the URL and the environment variable holding the password live with it.
import { z } from 'zod';
import { CONNECTION_NAME, CONNECTION_NAME_RULE } from '../connections';
import { declaredColumns, declaredSchema } from './columns';
import { defaultExecution, defineStepKind } from './types';

/** A value bound to `$1`, `$2`…: sent apart from the query, never written into it. */
const param = z.union([z.string(), z.number(), z.boolean(), z.null()]).describe('A value bound to its $N (text, number, true/false or null)');

const ingestSqlConfig = z.strictObject({
  connection: z.string().regex(CONNECTION_NAME, `a connection's name: ${CONNECTION_NAME_RULE}`)
    .describe('The database to read, by the name an admin gave it (headrace connections lists them)'),
  query: z.string().min(1).meta({ contentMediaType: 'application/sql' })
    .describe("One SELECT (or WITH … SELECT) in PostgreSQL's SQL, run in a read-only transaction; $1, $2… are the params"),
  params: z.array(param).max(100).optional()
    .describe('Values bound to $1, $2… in order: sent apart from the query, never pasted into it'),
  columns: declaredColumns.describe("Columns to keep, with their types (default: every column, typed from PostgreSQL's types); steps downstream are checked against them, and the result must hold them"),
  timeoutSeconds: z.number().int().min(1).max(86_400).default(300)
    .describe('Longest the query may run (a statement timeout on the server, and the whole read)'),
  maxRows: z.number().int().min(1).max(100_000_000).default(10_000_000)
    .describe('Most rows read; a result with more fails the step (narrow the query, or raise this)'),
});
export type IngestSqlConfig = z.infer<typeof ingestSqlConfig>;

export const ingestSql = defineStepKind({
  kind: 'ingest.sql',
  version: 1,
  group: 'ingest',
  description: 'Query a PostgreSQL database (a connection of the platform) into a table.',
  inputs: {},
  outputs: { table: { type: 'Table', description: "The query's rows" } },
  config: ingestSqlConfig,
  pathFields: [],
  execution: defaultExecution,
  schema: (_inputs, config) => ({ table: declaredSchema(config.columns) }),
});
