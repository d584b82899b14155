// prepare.sql's engine: DuckDB, embedded, one in-memory database per query. The input tables reach it as Parquet
// files in a private folder (written by parquet-wasm from their Arrow form), the result leaves the same way and
// becomes a Headrace table by ingest.parquet's rules; no value crosses into JavaScript one cell at a time. Before
// the user's query runs, DuckDB is shut off from every file outside that folder, from installing or loading
// extensions and from changing its own configuration: the query sees its input tables and nothing else.
import type { DuckDBConnection } from '@duckdb/node-api';
import type * as arrow from 'apache-arrow';
import { tableToIPC } from 'apache-arrow';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError } from '../errors';
import { columnarToTable, parquetWasm } from './columnar';
import type { DeclaredColumns, IngestSummary } from './ingest';

/** DuckDB's native library is loaded on the first query, not by every process that imports the step kinds. */
const duckdb = () => import('@duckdb/node-api');

export class SqlError extends DataError {
  override name = 'SqlError';
}

export interface SqlResult {
  table: arrow.Table;
  summary: IngestSummary;
}

/** `label` names the setting the SQL came from in errors (`query`, or a transform's `where`). */
export async function runSql(inputs: Record<string, arrow.Table>, query: string, declared?: DeclaredColumns, label = 'query'): Promise<SqlResult> {
  const dir = await mkdtemp(join(tmpdir(), 'headrace-sql-'));
  const { DuckDBInstance } = await duckdb();
  const db = await DuckDBInstance.create(':memory:', { threads: '2', autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
  const c = await db.connect();
  try {
    const pq = await parquetWasm();
    const props = new pq.WriterPropertiesBuilder().setCompression(pq.Compression.UNCOMPRESSED).build();
    for (const [name, table] of Object.entries(inputs)) {
      const file = join(dir, `${name}.parquet`);
      await writeFile(file, pq.writeParquet(pq.Table.fromIPCStream(tableToIPC(table, 'stream')), props));
      await c.run(`CREATE TABLE ${quoteIdent(name)} AS SELECT * FROM read_parquet(${quoteText(file)})`);
    }
    await c.run(`SET allowed_directories = [${quoteText(`${dir}/`)}]`);
    await c.run('SET enable_external_access = false');
    await c.run('SET lock_configuration = true');
    const select = await oneSelect(c, query, label);
    const out = join(dir, 'result.parquet');
    await c.run(`COPY (${select}) TO ${quoteText(out)} (FORMAT parquet, COMPRESSION uncompressed)`).catch((e: unknown) => {
      throw new SqlError(`${label}: ${duckMessage(e)}`, { cause: e });
    });
    return await columnarToTable(await readFile(out), 'the query result', { columns: declared });
  } finally {
    c.closeSync();
    db.closeSync();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The query as one SELECT (a trailing semicolon dropped), or a SqlError saying what it is instead. */
async function oneSelect(c: DuckDBConnection, query: string, label: string): Promise<string> {
  const text = query.trim().replace(/;\s*$/, '');
  let extracted;
  try {
    extracted = await c.extractStatements(text);
  } catch (e) {
    throw new SqlError(`${label}: ${duckMessage(e)}`, { cause: e });
  }
  if (extracted.count !== 1) throw new SqlError(`${label}: holds ${extracted.count} statements; one SELECT is run`);
  let prepared;
  try {
    prepared = await extracted.prepare(0);
  } catch (e) {
    throw new SqlError(`${label}: ${duckMessage(e)}`, { cause: e });
  }
  const { StatementType } = await duckdb();
  if (prepared.statementType !== StatementType.SELECT) {
    throw new SqlError(`${label}: is a ${StatementType[prepared.statementType]} statement; one SELECT is run (its result is the step's table)`);
  }
  prepared.destroySync();
  return text;
}

/** DuckDB's message without its internal prefix noise, keeping its LINE/caret pointer. */
function duckMessage(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/^Failed to (extract statements|prepare statement): /, '').trim();
}

/** An SQL identifier, quoted (the steps that build SQL from column names use it too). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function quoteText(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
