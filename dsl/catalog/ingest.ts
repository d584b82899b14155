// Ingest steps: read a file into a Table.
import { z } from 'zod';
import { ENV_NAME, HeaderName } from '../http-headers';
import { SecretName } from '../secret-ref';
import type { ColumnType } from '../plan';
import { declaredColumns, declaredSchema } from './columns';
import { defaultExecution, defineStepKind } from './types';

const path = z.string().min(1).describe("File path, relative to the pipeline file's folder; a folder or a glob (daily/*.csv, exports/**/*.parquet) reads every file it matches as one table");

const fileColumn = z.string().min(1).optional()
  .describe('For a folder or glob: a column of this name holds each row\'s file (its name below the folder)');

/** The declared columns, with `fileColumn` after them when both are given. */
function schemaOf(config: { columns?: Record<string, { type: ColumnType }>; fileColumn?: string }) {
  const declared = declaredSchema(config.columns);
  return declared && config.fileColumn ? [...declared, { name: config.fileColumn, type: 'string' as const }] : declared;
}

/** A fraction of the rows below 1, else a count: one number, so `0.05` and `20` both read naturally. */
const maxMalformedRows = z
  .number()
  .min(0)
  .refine((v) => v < 1 || Number.isInteger(v), { message: 'a fraction of the rows (below 1) or a whole number of rows' })
  .default(0.01)
  .describe('Most malformed rows accepted: a fraction of the rows below 1 (0.01 = 1 %), or a count; more fail the step');

const ingestCsvConfig = z.strictObject({
  path,
  delimiter: z.string().length(1).default(',').describe('Field delimiter'),
  header: z.boolean().default(true).describe('First line holds the column names'),
  nullValues: z
    .array(z.string())
    .default(['', 'NA', 'N/A', 'null', 'NaN'])
    .describe('Cell texts read as null'),
  columns: declaredColumns,
  maxMalformedRows,
  fileColumn,
});
export type IngestCsvConfig = z.infer<typeof ingestCsvConfig>;

export const ingestCsv = defineStepKind({
  kind: 'ingest.csv',
  version: 1,
  group: 'ingest',
  description: 'Read a CSV file into a table.',
  inputs: {},
  outputs: { table: { type: 'Table', description: 'The rows of the file' } },
  config: ingestCsvConfig,
  pathFields: ['path'],
  execution: defaultExecution,
  schema: (_inputs, config) => ({ table: schemaOf(config) }),
});

const ingestJsonConfig = z.strictObject({
  path: path.describe('JSON array of objects, or JSON lines when the name ends in .jsonl/.ndjson'),
  columns: declaredColumns,
  maxMalformedRows,
  fileColumn,
});
export type IngestJsonConfig = z.infer<typeof ingestJsonConfig>;

export const ingestJson = defineStepKind({
  kind: 'ingest.json',
  version: 1,
  group: 'ingest',
  description: 'Read a JSON (array of objects) or JSON-lines file into a table.',
  inputs: {},
  outputs: { table: { type: 'Table', description: 'The records of the file' } },
  config: ingestJsonConfig,
  pathFields: ['path'],
  execution: defaultExecution,
  schema: (_inputs, config) => ({ table: schemaOf(config) }),
});

const ingestParquetConfig = z.strictObject({
  path: path.describe('Parquet file (.parquet), or Arrow IPC file (.arrow, .feather)'),
  columns: declaredColumns.describe('Columns to keep, with their types (default: every column, typed from the file)'),
  fileColumn,
});
export type IngestParquetConfig = z.infer<typeof ingestParquetConfig>;

export const ingestParquet = defineStepKind({
  kind: 'ingest.parquet',
  version: 1,
  group: 'ingest',
  description: 'Read a Parquet or Arrow IPC file into a table.',
  inputs: {},
  outputs: { table: { type: 'Table', description: 'The rows of the file' } },
  config: ingestParquetConfig,
  pathFields: ['path'],
  execution: defaultExecution,
  schema: (_inputs, config) => ({ table: schemaOf(config) }),
});

const ingestHttpConfig = z.strictObject({
  url: z.string().regex(/^https?:\/\/\S+$/, 'an http:// or https:// URL').describe('Where the file is served; a URL holding a token belongs in a header'),
  format: z.enum(['csv', 'json', 'jsonl', 'parquet']).optional()
    .describe('How to read it (default: from the URL\'s extension, else the Content-Type)'),
  headers: z.record(HeaderName, z.string().max(4000)).optional().describe('Request headers, as written (no secrets: the pipeline file is stored and shown)'),
  secretHeaders: z.record(HeaderName, SecretName).optional()
    .describe('Request headers whose value is a secret of the platform\'s secret store: header → the secret\'s name (headrace secret set NAME), read when the request is made'),
  envHeaders: z.record(HeaderName, z.string().regex(ENV_NAME, 'an environment variable name')).optional()
    .describe('Request headers whose value is in the worker\'s environment: header → the variable\'s name, read when the request is made'),
  delimiter: z.string().length(1).default(',').describe('CSV: field delimiter'),
  header: z.boolean().default(true).describe('CSV: first line holds the column names'),
  nullValues: z.array(z.string()).default(['', 'NA', 'N/A', 'null', 'NaN']).describe('CSV and JSON: cell texts read as null'),
  columns: declaredColumns,
  maxMalformedRows,
  timeoutSeconds: z.number().int().min(1).max(3600).default(300).describe('Longest the download may take'),
});
export type IngestHttpConfig = z.infer<typeof ingestHttpConfig>;

export const ingestHttp = defineStepKind({
  kind: 'ingest.http',
  version: 1,
  group: 'ingest',
  description: 'Download a CSV, JSON or Parquet file from a URL into a table.',
  inputs: {},
  outputs: { table: { type: 'Table', description: 'The rows of the file' } },
  config: ingestHttpConfig,
  pathFields: [],
  execution: defaultExecution,
  schema: (_inputs, config) => ({ table: declaredSchema(config.columns) }),
});
