// ingest.sql: look the connection up in the platform's database, read its password from the secret store or the
// worker's environment (never from the pipeline, never logged), run the query (workers/compute/data/postgres.ts), store the table and
// record what was read: the dataset, and the source read keyed by the connection and the query's hash.
import { createHash } from 'node:crypto';
import { connectionUrlProblem, shownConnectionUrl } from '../../dsl/connections';
import { getConnection } from '../../server/db/repo/connections';
import { readSecret } from '../../server/secrets/store';
import { readPostgres, SqlReadError, type PostgresReadResult } from '../compute/data/postgres';
import type { StepResult } from '../workflows/types';
import { transientError, userError } from './errors';
import { keepIngested } from './ingest-summary';
import type { KindContext } from './kinds';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The query's first line that says something, cut for a label. */
function firstLine(query: string): string {
  const line = query.split('\n').map((l) => l.trim()).find((l) => l.length > 0) ?? '';
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}

export async function ingestSqlStep(ctx: KindContext<'ingest.sql'>): Promise<StepResult> {
  const { connection: name, query, params, columns, timeoutSeconds, maxRows } = ctx.config;
  const conn = await getConnection(ctx.deps.db, name);
  if (!conn) throw userError('BadConfig', `no connection "${name}": headrace connections lists them; an admin adds one with headrace connections set ${name} --database-url postgres://USER@HOST:PORT/DATABASE`);
  if (conn.kind !== 'postgres') throw userError('BadConfig', `connection ${name} is a ${conn.kind} connection; ingest.sql reads PostgreSQL`);
  const urlProblem = connectionUrlProblem(conn.url);
  // A URL stored by hand with a password in it is not used (nor shown): the rule is no secret in the database.
  if (urlProblem) throw userError('BadConfig', `connection ${name}: its url ${urlProblem}; set it again with headrace connections set`);
  const shown = shownConnectionUrl(conn.url);
  let password: string | undefined;
  if (conn.passwordSecret) {
    try {
      password = await readSecret(ctx.deps.db, conn.passwordSecret, ctx.deps.home);
    } catch (e) {
      throw userError('BadConfig', `connection ${name}'s password: ${(e as Error).message}`);
    }
  } else if (conn.passwordEnv) {
    password = process.env[conn.passwordEnv];
    if (password === undefined || password === '') {
      throw userError('BadConfig', `connection ${name} reads its password from the environment variable ${conn.passwordEnv}, which the worker does not have`);
    }
  }
  const queryHash = sha256(query);
  ctx.log.info(`querying ${name} (${shown}): ${firstLine(query)}${params?.length ? ` with ${params.length} param${params.length === 1 ? '' : 's'}` : ''}`);
  let result: PostgresReadResult;
  try {
    result = await readPostgres(
      { url: conn.url, password, query, params, columns, timeoutMs: timeoutSeconds * 1000, maxRows, label: name, signal: ctx.signal },
      { shownUrl: shown, passwordEnv: conn.passwordEnv, passwordSecret: conn.passwordSecret },
    );
  } catch (e) {
    if (!(e instanceof SqlReadError)) throw e;
    if (e.kind === 'transient') throw transientError(e.message, e);
    throw userError(e.kind === 'data' ? 'BadData' : 'BadConfig', e.message);
  }
  const readAt = new Date();
  const s = result.summary;
  return keepIngested(ctx, result, (ref) => ({
    origin: {
      sourceKey: `sql:${name}:${queryHash}`,
      kind: 'ingest.sql',
      label: `${name}: ${firstLine(query)}`,
      bytes: result.bytesRead,
      contentHash: ref.hash,
      details: { connection: name, url: shown, query, ...(params?.length ? { params } : {}), types: result.sourceTypes },
    },
    // What was read: the connection, the query (by hash; the query itself is in the pipeline), bytes, the table's hash.
    source: {
      connection: name, url: shown, queryHash, params: params ?? [], rows: s.rows, bytes: result.bytesRead, sha256: ref.hash,
      readAt: readAt.toISOString(), types: result.sourceTypes,
    },
  }));
}
