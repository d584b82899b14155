// prepare.filter / derive / select / join / sample: each a query over its input table(s) run by runSql (DuckDB, shut
// off from everything but its inputs), except sample, a seeded shuffle here. The SQL is built from the step's
// settings: column names are quoted, the user's expressions go in as written.
import type * as arrow from 'apache-arrow';
import type { ConfigOf } from '../../../dsl/catalog';
import { joinedColumns } from '../../../dsl/catalog/transform';
import { mulberry32, shuffledIndices } from '../random';
import { columnSchemaOf, takeRows } from './table';
import { DataError } from '../errors';
import { quoteIdent, runSql, type SqlResult } from './sql';

const q = quoteIdent;
const SQL_TYPE = { number: 'DOUBLE', integer: 'INTEGER', boolean: 'BOOLEAN', date: 'TIMESTAMPTZ', string: 'VARCHAR' } as const;

/** Keeps the rows where `where` holds (null counts as not holding, as in SQL). */
export function filterRows(table: arrow.Table, config: ConfigOf<'prepare.filter'>): Promise<SqlResult> {
  return runSql({ input: table }, `SELECT * FROM input WHERE (${config.where})`, undefined, 'where');
}

/** The input's columns (a derived one replacing its namesake in place) followed by the new ones. */
export function deriveColumns(table: arrow.Table, config: ConfigOf<'prepare.derive'>): Promise<SqlResult> {
  const names = table.schema.fields.map((f) => f.name);
  const exprOf = (name: string) => {
    const type = config.types?.[name];
    return type ? `CAST((${config.columns[name]}) AS ${SQL_TYPE[type]})` : `(${config.columns[name]})`;
  };
  const kept = names.map((n) => (n in config.columns ? `${exprOf(n)} AS ${q(n)}` : q(n)));
  const added = Object.keys(config.columns).filter((n) => !names.includes(n)).map((n) => `${exprOf(n)} AS ${q(n)}`);
  return runSql({ input: table }, `SELECT ${[...kept, ...added].join(', ')} FROM input`, undefined, 'columns');
}

export async function selectColumns(table: arrow.Table, config: ConfigOf<'prepare.select'>): Promise<SqlResult> {
  const names = table.schema.fields.map((f) => f.name);
  const wanted = config.columns ?? names.filter((n) => !config.drop!.includes(n));
  const missing = [...(config.columns ?? []), ...(config.drop ?? [])].filter((n) => !names.includes(n));
  if (missing.length > 0) throw new DataError(`no column ${missing.map((m) => JSON.stringify(m)).join(', ')} in the table (columns: ${names.join(', ')})`);
  return runSql({ input: table }, `SELECT ${wanted.map(q).join(', ')} FROM input`);
}

export async function joinTables(left: arrow.Table, right: arrow.Table, config: ConfigOf<'prepare.join'>): Promise<SqlResult> {
  const keys = config.on;
  for (const [side, t] of [['left', left], ['right', right]] as const) {
    const names = t.schema.fields.map((f) => f.name);
    const missing = keys.filter((k) => !names.includes(k));
    if (missing.length > 0) throw new DataError(`the ${side} table has no key column ${missing.map((m) => JSON.stringify(m)).join(', ')} (columns: ${names.join(', ')})`);
  }
  const l = columnSchemaOf(left);
  const r = columnSchemaOf(right);
  const out = joinedColumns(l, r, keys, config.suffix);
  // Keys: the left's value, or the right's where a right or full join kept an unmatched right row.
  const keyExpr = (k: string) => (config.how === 'right' || config.how === 'full' ? `coalesce(l.${q(k)}, r.${q(k)})` : `l.${q(k)}`);
  const leftRest = l.filter((c) => !keys.includes(c.name));
  const rightRest = r.filter((c) => !keys.includes(c.name));
  const select = [
    ...keys.map((k) => `${keyExpr(k)} AS ${q(k)}`),
    ...leftRest.map((c) => `l.${q(c.name)} AS ${q(c.name)}`),
    ...rightRest.map((c, i) => `r.${q(c.name)} AS ${q(out[keys.length + leftRest.length + i].name)}`),
  ];
  const on = keys.map((k) => `l.${q(k)} = r.${q(k)}`).join(' AND ');
  return runSql({ l: left, r: right }, `SELECT ${select.join(', ')} FROM l ${config.how.toUpperCase()} JOIN r ON ${on}`);
}

/** A seeded sample without replacement, rows in their original order (the same seed takes the same rows). */
export function sampleRows(table: arrow.Table, config: ConfigOf<'prepare.sample'>): arrow.Table {
  const n = table.numRows;
  const take = Math.min(n, config.rows ?? Math.round((config.fraction ?? 0) * n));
  const order = shuffledIndices(n, mulberry32(config.seed));
  return takeRows(table, order.subarray(0, take).sort());
}
