// The DuckDB candidate for ingest.csv, measured on the ingest bench beside Headrace's own tokenizer (issue 14: decide
// by the numbers before threading the tokenizer). Run as its own child process, like ingest-side.ts, and prints one
// JSON line with the seconds of each stage:
//   read     DuckDB read_csv into an in-memory table, every column as text (so a misfit stays a per-cell type error,
//            as ingest.csv counts it, instead of rejecting the whole row), malformed rows kept in its rejects table;
//   cast     TRY_CAST of each column to its declared type, and the misfits counted per column (non-null text whose
//            cast is null);
//   arrow    the typed result, chunk by chunk, into the Arrow table ingest.csv writes (same column types);
//   typed    (for reference, not on the path) DuckDB's typed read_csv with the declared types, rejects kept: a row
//            with one bad cell is then rejected whole, which is not ingest.csv's behaviour.
// Usage: node --import tsx bench/lib/ingest-duckdb-side.ts CSV [--threads=N]
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue, type DuckDBVector } from '@duckdb/node-api';
import { tableFromColumns, type Column } from '../../workers/compute/data/columns';
import type { ColumnType } from '../../dsl/plan';
import { COLUMNS } from './csvgen';

export interface DuckResult {
  rows: number;
  seconds: number;
  stages: { read: number; cast: number; arrow: number; typed: number };
  typeErrors: number;
  rejectedRows: number;
  typedRejects: number;
  threads: number;
}

const SQL_TYPE: Record<ColumnType, string> = { number: 'DOUBLE', integer: 'INTEGER', boolean: 'BOOLEAN', date: 'TIMESTAMPTZ', string: 'VARCHAR' };
const NULLS = "['', 'NA', 'N/A', 'null', 'NaN']";
const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function scalar(c: DuckDBConnection, sql: string): Promise<number> {
  const r = await c.runAndReadAll(sql);
  return Number(r.getRows()[0][0]);
}

/** The typed DuckDB result as our columns (numbers from the vectors' typed arrays, strings item by item). */
async function toColumns(c: DuckDBConnection, sql: string, rows: number): Promise<Column[]> {
  const cols: Column[] = COLUMNS.map((col) => {
    const valid = new Uint8Array(rows);
    switch (col.type) {
      case 'number': case 'date': return { name: col.name, type: col.type, values: new Float64Array(rows), valid };
      case 'integer': return { name: col.name, type: 'integer', values: new Int32Array(rows), valid };
      case 'boolean': return { name: col.name, type: 'boolean', values: new Uint8Array(rows), valid };
      case 'string': return { name: col.name, type: 'string', values: new Array<string>(rows).fill(''), valid };
    }
  });
  const result = await c.stream(sql);
  let at = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const n = chunk.rowCount;
    cols.forEach((col, j) => {
      const v = chunk.getColumnVector(j) as DuckDBVector<DuckDBValue>;
      for (let i = 0; i < n; i++) {
        const x = v.getItem(i);
        if (x === null) continue;
        col.valid![at + i] = 1;
        if (col.type === 'string') col.values[at + i] = x as string;
        else if (col.type === 'boolean') col.values[at + i] = x ? 1 : 0;
        else if (col.type === 'date') col.values[at + i] = Number((x as { micros: bigint }).micros / 1000n);
        else col.values[at + i] = x as number;
      }
    });
    at += n;
  }
  return cols;
}

async function main(): Promise<void> {
  const path = process.argv[2];
  if (!path) throw new Error('usage: ingest-duckdb-side.ts CSV [--threads=N]');
  const threads = Number(/^--threads=(\d+)$/.exec(process.argv[3] ?? '')?.[1] ?? 2);
  const db = await DuckDBInstance.create(':memory:', { threads: String(threads), autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
  const c = await db.connect();
  const file = `'${path.replace(/'/g, "''")}'`;
  const text = `{${COLUMNS.map((col) => `'${col.name}': 'VARCHAR'`).join(', ')}}`;
  const t0 = performance.now();
  await c.run(`CREATE TABLE raw AS SELECT * FROM read_csv(${file}, header = true, columns = ${text}, nullstr = ${NULLS}, store_rejects = true)`);
  const rejectedRows = await scalar(c, 'SELECT count(*) FROM reject_errors');
  const t1 = performance.now();
  const casts = COLUMNS.map((col) => `TRY_CAST(${q(col.name)} AS ${SQL_TYPE[col.type]}) AS ${q(col.name)}`).join(', ');
  await c.run(`CREATE TABLE typed AS SELECT ${casts} FROM raw`);
  const misfits = COLUMNS.filter((col) => col.type !== 'string')
    .map((col) => `count(*) FILTER (WHERE r.${q(col.name)} IS NOT NULL AND t.${q(col.name)} IS NULL)`).join(' + ');
  const typeErrors = await scalar(c, `SELECT ${misfits} FROM (SELECT row_number() OVER () AS k, * FROM raw) r POSITIONAL JOIN typed t`);
  const rows = await scalar(c, 'SELECT count(*) FROM typed');
  const t2 = performance.now();
  const table = tableFromColumns(await toColumns(c, 'SELECT * FROM typed', rows));
  const t3 = performance.now();
  if (table.numRows !== rows) throw new Error(`arrow table has ${table.numRows} rows, DuckDB ${rows}`);
  await c.run('DROP TABLE raw; DROP TABLE typed');
  const declared = `{${COLUMNS.map((col) => `'${col.name}': '${SQL_TYPE[col.type]}'`).join(', ')}}`;
  const t4 = performance.now();
  await c.run(`CREATE TABLE typed_read AS SELECT * FROM read_csv(${file}, header = true, columns = ${declared}, nullstr = ${NULLS}, store_rejects = true)`);
  const typedRejects = await scalar(c, 'SELECT count(*) FROM reject_errors');
  const t5 = performance.now();
  const s = (ms: number) => ms / 1000;
  const result: DuckResult = {
    rows, seconds: s(t3 - t0), stages: { read: s(t1 - t0), cast: s(t2 - t1), arrow: s(t3 - t2), typed: s(t5 - t4) },
    typeErrors, rejectedRows, typedRejects: typedRejects - rejectedRows, threads,
  };
  process.stdout.write(JSON.stringify(result) + '\n');
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
