// ingest.sql's read: one query against a PostgreSQL database, run in a read-only transaction with a statement
// timeout, its rows fetched through a cursor in chunks and written straight into typed column buffers (no JS object
// per row is kept), then typed as Headrace's five column types:
//   smallint, integer → integer; bigint, oid → integer when every value fits int32, else number;
//   real, double precision, numeric → number (NaN becomes null);  boolean → boolean;
//   date, timestamp, timestamptz → date (UTC milliseconds; a timestamp without a zone is read as UTC);
//   every other type that PostgreSQL writes as text (text, varchar, uuid, json, enums, intervals…) → string;
//   arrays, composite rows and bytea are refused by name: cast them in the query (`tags::text`).
// Values are read in PostgreSQL's own text form (postgres.js `raw`), parsed here, so the result does not depend on
// the worker's time zone. Failures are sorted for the step (SqlReadError.kind): a mistake in the query (with its
// line and column), refused credentials, an unreachable or overloaded server.
import postgres from 'postgres';
import type { Column } from './columns';
import { toDeclared } from './columnar';
import { emptyBad, noteBad, type BadValues } from './convert';
import { assemble, checkDeclared, IngestError, type DeclaredColumns, type IngestResult } from './ingest';

export interface PostgresReadOptions {
  /** postgres://user@host:port/database (no password in it). */
  url: string;
  /** The password, read from the worker's environment by the caller; undefined: none is sent. */
  password?: string;
  query: string;
  params?: (string | number | boolean | null)[];
  columns?: DeclaredColumns;
  timeoutMs: number;
  maxRows: number;
  /** Rows per cursor fetch (default 10 000). */
  chunkRows?: number;
  /** The connection's name: errors and the summary say it. */
  label: string;
  signal?: AbortSignal;
}

export interface PostgresReadResult extends IngestResult {
  /** Bytes of the values as PostgreSQL sent them (their text form). */
  bytesRead: number;
  /** Each column's PostgreSQL type, as the query returned it. */
  sourceTypes: Record<string, string>;
}

/**
 * - `query`: the query is wrong (syntax, an unknown table or column, a write refused as read-only): the user's to fix;
 * - `data`: a value broke the query as it ran (division by zero, a bad cast) or the result is refused;
 * - `auth`: the server refused the credentials, or the database does not exist;
 * - `transient`: the server could not be reached, timed out, was shutting down or overloaded: worth another attempt.
 */
export type SqlFailureKind = 'query' | 'data' | 'auth' | 'transient';

export class SqlReadError extends Error {
  override name = 'SqlReadError';
  constructor(readonly kind: SqlFailureKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

const INT32 = new Set([21, 23]); // smallint, integer
const INT64 = new Set([20, 26]); // bigint, oid
const FLOAT = new Set([700, 701, 1700]); // real, double precision, numeric
const BOOL = 16;
const DATE = 1082;
const TIMESTAMP = 1114;
const TIMESTAMPTZ = 1184;
const BYTEA = 17;

type Kind = 'int32' | 'int64' | 'float' | 'bool' | 'date' | 'timestamp' | 'timestamptz' | 'string';

function kindOf(oid: number): Kind {
  if (INT32.has(oid)) return 'int32';
  if (INT64.has(oid)) return 'int64';
  if (FLOAT.has(oid)) return 'float';
  if (oid === BOOL) return 'bool';
  if (oid === DATE) return 'date';
  if (oid === TIMESTAMP) return 'timestamp';
  if (oid === TIMESTAMPTZ) return 'timestamptz';
  return 'string';
}

/** One result column being filled: numbers in a growing Float64Array (or bytes for booleans), strings in an array. */
class ColumnBuilder {
  n = 0;
  nulls = 0;
  bad: BadValues = emptyBad();
  num: Float64Array | null;
  str: string[] | null;
  valid = new Uint8Array(1024);

  constructor(readonly name: string, readonly kind: Kind) {
    this.num = kind === 'string' ? null : new Float64Array(1024);
    this.str = kind === 'string' ? [] : null;
  }

  private grow(): void {
    const size = this.valid.length * 2;
    const valid = new Uint8Array(size);
    valid.set(this.valid);
    this.valid = valid;
    if (this.num) {
      const num = new Float64Array(size);
      num.set(this.num);
      this.num = num;
    }
  }

  push(raw: Buffer | null, row: number): void {
    if (this.n === this.valid.length) this.grow();
    const i = this.n++;
    if (raw === null) {
      if (this.str) this.str[i] = '';
      this.nulls++;
      return;
    }
    if (this.kind === 'string') {
      this.str![i] = raw.toString('utf8');
      this.valid[i] = 1;
      return;
    }
    const text = raw.toString('latin1');
    const v = parseValue(this.kind, text);
    if (Number.isNaN(v)) {
      // NaN of a float is a null, as ingest.csv reads "NaN"; a date PostgreSQL can hold and JavaScript cannot
      // (infinity, a year beyond 9999 or before 1 AD) is a value that does not fit: null, and counted.
      if (this.kind === 'float') this.nulls++;
      else noteBad(this.bad, row, text);
      return;
    }
    this.num![i] = v;
    this.valid[i] = 1;
  }

  /** The finished column, as Headrace types it. */
  column(): Column {
    const n = this.n;
    const valid = this.nulls + this.bad.count > 0 ? this.valid.slice(0, n) : null;
    const { name } = this;
    if (this.kind === 'string') return { name, type: 'string', values: this.str!, valid };
    const values = this.num!.slice(0, n);
    if (this.kind === 'bool') return { name, type: 'boolean', values: Uint8Array.from(values), valid };
    if (this.kind === 'date' || this.kind === 'timestamp' || this.kind === 'timestamptz') return { name, type: 'date', values, valid };
    if (this.kind === 'float') return { name, type: 'number', values, valid };
    const fits = values.every((x) => x >= -2147483648 && x <= 2147483647);
    // bigint values beyond int32 stay numbers (exact up to 2^53), as ingest.parquet keeps int64.
    return fits ? { name, type: 'integer', values: Int32Array.from(values), valid } : { name, type: 'number', values, valid };
  }
}

/** A value in PostgreSQL's text form (DateStyle ISO, TimeZone UTC) as a number; NaN when it does not fit. */
export function parseValue(kind: Kind, text: string): number {
  switch (kind) {
    case 'bool':
      return text === 't' ? 1 : text === 'f' ? 0 : NaN;
    case 'int32':
    case 'int64':
    case 'float':
      return Number(text);
    case 'date':
      return /^\d{4}-\d\d-\d\d$/.test(text) ? Date.parse(`${text}T00:00:00Z`) : NaN;
    case 'timestamp':
      return /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?$/.test(text) ? Date.parse(`${text.replace(' ', 'T')}Z`) : NaN;
    case 'timestamptz': {
      const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d(?:\.\d+)?)([+-]\d\d)(?::(\d\d))?(?::\d\d)?$/.exec(text);
      return m ? Date.parse(`${m[1]}T${m[2]}${m[3]}:${m[4] ?? '00'}`) : NaN;
    }
    default:
      return NaN;
  }
}

/** 1-based line and column of a 1-based character position of `text` (PostgreSQL counts characters, not bytes). */
export function lineColumn(text: string, position: number): { line: number; column: number } {
  const chars = Array.from(text).slice(0, Math.max(0, position - 1));
  let line = 1;
  let column = 1;
  for (const c of chars) {
    if (c === '\n') {
      line++;
      column = 1;
    } else column++;
  }
  return { line, column };
}

interface PgError extends Error {
  code?: string;
  position?: string;
  internal_position?: string;
  detail?: string;
  hint?: string;
  routine?: string;
}

/** `query:2:8: syntax error at or near "FORM"`, the line it is on and a caret under the column. */
function located(query: string, e: PgError): string {
  const detail = [e.detail, e.hint && `hint: ${e.hint}`].filter(Boolean).join('; ');
  const message = `${e.message}${detail ? ` (${detail})` : ''}`;
  const position = Number(e.position);
  if (!e.position || !Number.isFinite(position) || position < 1) return `query: ${message}`;
  const { line, column } = lineColumn(query, position);
  const text = query.split('\n')[line - 1] ?? '';
  return `query:${line}:${column}: ${message}\n  ${text}\n  ${' '.repeat(Math.max(0, column - 1))}^`;
}

const TRANSIENT_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'EPIPE',
  'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT',
]);

/** Sorts what postgres.js threw into a SqlReadError (undefined: not a database failure); `timedOut` when our own deadline cancelled the query. */
export function sortFailure(err: unknown, ctx: { query: string; label: string; shownUrl: string; passwordEnv?: string | null; passwordSecret?: string | null; timeoutMs: number; timedOut: boolean }): SqlReadError | undefined {
  if (err instanceof SqlReadError) return err;
  const e = err as PgError;
  const code = typeof e?.code === 'string' ? e.code : '';
  const where = `connection ${ctx.label} (${ctx.shownUrl})`;
  if (code === '57014') {
    return new SqlReadError('transient', `${where}: the query did not finish within ${ctx.timeoutMs / 1000} s (timeoutSeconds)`, { cause: err });
  }
  if (TRANSIENT_CODES.has(code) || code === 'ENOTFOUND') {
    // ENOTFOUND is most often a name that resolves later (DNS during a restart); retried like a refused connection.
    return new SqlReadError('transient', `${where}: cannot connect (${code}${e.message && !e.message.includes(code) ? `: ${e.message}` : ''})`, { cause: err });
  }
  if (e?.name === 'PostgresError' && code) {
    if (code === '28P01' || code === '28000') {
      const pw = ctx.passwordSecret
        ? `the password comes from the secret ${ctx.passwordSecret}`
        : ctx.passwordEnv
          ? `the password comes from the worker's environment variable ${ctx.passwordEnv}`
          : `no password is sent: store it with headrace secret set NAME and name it with headrace connections set ${ctx.label} --password-secret NAME`;
      return new SqlReadError('auth', `${where}: ${e.message} (${pw})`, { cause: err });
    }
    if (code === '3D000') return new SqlReadError('auth', `${where}: ${e.message}`, { cause: err });
    // Connection exceptions, insufficient resources, a server shutting down or starting, serialization failures.
    if (/^(08|53)/.test(code) || ['57P01', '57P02', '57P03', '40001', '40P01', '55P03'].includes(code)) {
      return new SqlReadError('transient', `${where}: ${e.message}`, { cause: err });
    }
    // Data exceptions (division by zero, a bad cast) come from the rows; everything else is the query's.
    return new SqlReadError(code.startsWith('22') ? 'data' : 'query', located(ctx.query, e), { cause: err });
  }
  // Anything else (a fault of ours or of the driver) goes on as it is: the step reports it as unexpected, with its frame.
  return undefined;
}

/** Runs the query and returns the table with an ingest summary (format `postgres`, file: the connection's name). */
export async function readPostgres(opts: PostgresReadOptions, failure: { passwordEnv?: string | null; passwordSecret?: string | null; shownUrl: string }): Promise<PostgresReadResult> {
  const { query, label, timeoutMs } = opts;
  const state = { timedOut: false };
  const sql = postgres(opts.url, {
    max: 1,
    // A function, so postgres.js never falls back on the worker's own PGPASSWORD for another server.
    password: () => opts.password ?? '',
    connect_timeout: Math.max(1, Math.min(30, Math.ceil(timeoutMs / 1000))),
    idle_timeout: 1,
    prepare: false,
    fetch_types: false,
    onnotice: () => {},
    connection: {
      application_name: 'headrace ingest.sql',
      statement_timeout: timeoutMs,
      idle_in_transaction_session_timeout: timeoutMs + 60_000,
      default_transaction_read_only: true,
      TimeZone: 'UTC',
      DateStyle: 'ISO, YMD',
      extra_float_digits: '1',
    },
  });
  let running: { cancel(): unknown } | undefined;
  const stop = () => {
    state.timedOut = true;
    running?.cancel();
  };
  const timer = setTimeout(stop, timeoutMs);
  opts.signal?.addEventListener('abort', stop, { once: true });
  try {
    return await sql.begin('read only', async (tx) => {
      const described = await tx.unsafe(query, opts.params ?? [], { prepare: true }).describe() as unknown as { columns: { name: string; type: number }[] | null };
      const cols = described.columns ?? [];
      if (cols.length === 0) throw new SqlReadError('query', 'query: returns no rows: ingest.sql runs one SELECT (or WITH … SELECT, VALUES, TABLE)');
      const oids = [...new Set(cols.map((c) => c.type))];
      const types = new Map<number, { name: string; category: string }>();
      for (const t of await tx.unsafe<{ oid: number; typname: string; typcategory: string }[]>(
        'SELECT oid::int AS oid, typname::text AS typname, typcategory::text AS typcategory FROM pg_catalog.pg_type WHERE oid = ANY($1::oid[])', [`{${oids.join(',')}}`],
      )) types.set(Number(t.oid), { name: t.typname, category: t.typcategory });
      const typeName = (oid: number) => types.get(oid)?.name ?? `oid ${oid}`;
      const names = cols.map((c) => c.name);
      const twice = names.filter((n, i) => names.indexOf(n) !== i);
      if (twice.length > 0) {
        throw new SqlReadError('query', `query: the result has ${[...new Set(twice)].map((n) => JSON.stringify(n)).join(', ')} more than once: give each column its own name with AS`);
      }
      const keep = opts.columns ? Object.keys(opts.columns) : names;
      checkDeclared(opts.columns, names, label);
      const unusable = keep.map((n) => cols[names.indexOf(n)]).filter((c) => c.type === BYTEA || ['A', 'C', 'P'].includes(types.get(c.type)?.category ?? ''));
      if (unusable.length > 0) {
        throw new SqlReadError('query', `query: column${unusable.length > 1 ? 's' : ''} ${unusable.map((c) => `${JSON.stringify(c.name)} (${typeName(c.type)})`).join(', ')} ${unusable.length > 1 ? 'hold' : 'holds'} no number, integer, boolean, date or string: cast ${unusable.length > 1 ? 'them' : 'it'} in the query (${JSON.stringify(unusable[0].name)}::text), or leave ${unusable.length > 1 ? 'them' : 'it'} out`);
      }
      const index = keep.map((n) => names.indexOf(n));
      const builders = index.map((i) => new ColumnBuilder(cols[i].name, kindOf(cols[i].type)));
      let rows = 0;
      let bytes = 0;
      const q = tx.unsafe(query, opts.params ?? [], { prepare: false }).raw();
      running = q;
      if (state.timedOut) q.cancel();
      // Past maxRows the cursor is closed (nothing more is fetched); a throw here would not reach us on the last chunk.
      let overflow = false;
      await q.cursor(opts.chunkRows ?? 10_000, (chunk) => {
        if (overflow || rows + chunk.length > opts.maxRows) {
          overflow = true;
          return sql.CLOSE;
        }
        for (const r of chunk as unknown as (Buffer | null)[][]) {
          rows++;
          for (let j = 0; j < builders.length; j++) {
            const raw = r[index[j]];
            if (raw !== null) bytes += raw.length;
            builders[j].push(raw, rows);
          }
        }
      });
      if (overflow) throw new SqlReadError('data', `query: returns more than ${opts.maxRows} rows (maxRows): narrow it (WHERE, LIMIT), or raise maxRows`);
      return finish(builders, opts.columns, label, rows, bytes, Object.fromEntries(keep.map((n, j) => [n, typeName(cols[index[j]].type)])));
    });
  } catch (err) {
    if (err instanceof IngestError) throw new SqlReadError('query', err.message.replace(`${label}: `, 'query: '), { cause: err });
    throw sortFailure(err, { query, label, shownUrl: failure.shownUrl, passwordEnv: failure.passwordEnv, passwordSecret: failure.passwordSecret, timeoutMs, timedOut: state.timedOut }) ?? err;
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', stop);
    // Closing is cleanup: the read has succeeded or failed already, so a failure to close is reported, not thrown.
    await sql.end({ timeout: 5 }).catch((e: unknown) => console.warn(`ingest.sql: closing the connection to ${label} failed: ${e instanceof Error ? e.message : String(e)}`));
  }
}

function finish(builders: ColumnBuilder[], declared: DeclaredColumns | undefined, label: string, rows: number, bytes: number, sourceTypes: Record<string, string>): PostgresReadResult {
  const converted = builders.map((b) => toDeclared(b.column(), declared?.[b.name]?.type, { nulls: b.nulls, bad: b.bad }));
  return { ...assemble('postgres', label, bytes, rows, converted, emptyBad(), declared), bytesRead: bytes, sourceTypes };
}
