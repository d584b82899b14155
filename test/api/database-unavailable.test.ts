// The database unreachable (down, restarting) is answered 503 with Retry-After and one sentence, never a 500 with
// an error id or a stack: through tRPC (queries, mutations whose audit row cannot be written, the caller's token
// that cannot be looked up) and the other routes. The database here is a PostgreSQL URL on which nothing listens;
// test/distributed/faults.test.ts stops and restarts a real one under the API.
import { Client } from '@temporalio/client';
import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHeadraceClient } from '../../server/api/client';
import { loadConfig } from '../../server/config';
import { openDatabase, type Database } from '../../server/db/client';
import { DATABASE_UNAVAILABLE_MESSAGE, databaseUnavailable } from '../../server/db/unavailable';
import { startHttpServer } from '../../server/http';
import { freePort } from '../../server/temporal/dev-server';

let database: Database;
let http: Awaited<ReturnType<typeof startHttpServer>>;
let temporal: Client;

beforeAll(async () => {
  database = await openDatabase(`postgres://postgres@127.0.0.1:${await freePort()}/postgres`);
  // Never connected: nothing here reaches Temporal.
  temporal = new Client();
  const config = loadConfig({ HEADRACE_HOME: '/tmp/headrace-db-unavailable', HEADRACE_AUTH: 'required' });
  http = await startHttpServer({ svc: { db: database.db, temporal, config }, host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await http?.close();
  await database?.close();
});

describe('while the database is unavailable', () => {
  it('a query, the caller\'s token lookup and a mutation answer 503 with Retry-After and no stack', async () => {
    for (const [path, init] of [
      ['run.list', { headers: { authorization: 'Bearer hr_not-checked-while-down' } }],
      ['auth.login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ json: { username: 'admin', password: 'some password' } }) }],
    ] as const) {
      const res = await fetch(`${http.url}/api/trpc/${path}`, init);
      const text = await res.text();
      expect(res.status, `${path}: ${text}`).toBe(503);
      expect(res.headers.get('retry-after')).toBe('2');
      const body = JSON.parse(text) as { error: { json: { message: string; data: Record<string, unknown> } } };
      expect(body.error.json.message).toBe(DATABASE_UNAVAILABLE_MESSAGE);
      expect(body.error.json.data).toMatchObject({ code: 'SERVICE_UNAVAILABLE', httpStatus: 503, retryAfterSeconds: 2 });
      expect(body.error.json.data.errorId).toBeUndefined();
      expect(text).not.toMatch(/ECONNREFUSED|\bat .*\.(ts|js):\d+/);
    }
  });

  it('the typed client sees SERVICE_UNAVAILABLE', async () => {
    const client = createHeadraceClient({ url: http.url, token: 'hr_not-checked-while-down' });
    const err = await client.pipeline.list.query().then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCClientError);
    expect((err as TRPCClientError<never>).data).toMatchObject({ code: 'SERVICE_UNAVAILABLE', httpStatus: 503 });
  });

  it('a route outside tRPC (a model download) answers 503 with Retry-After', async () => {
    const res = await fetch(`${http.url}/api/models/penguins/versions/1/model.onnx`, { headers: { authorization: 'Bearer hr_not-checked-while-down' } });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(await res.text()).toBe(`${DATABASE_UNAVAILABLE_MESSAGE}\n`);
  });
});

describe('databaseUnavailable', () => {
  const pg = (code: string) => Object.assign(new Error(`postgres says ${code}`), { name: 'PostgresError', code });
  it('is a lost or refused connection, or a server shutting down or starting, also as the cause of another error', () => {
    for (const e of [
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      Object.assign(new Error('write CONNECTION_CLOSED 127.0.0.1:5432'), { code: 'CONNECTION_CLOSED' }),
      pg('57P01'), pg('57P02'), pg('57P03'), pg('08006'),
      new Error('Failed query: select 1', { cause: pg('57P01') }),
    ]) expect(databaseUnavailable(e), e.message).toBe(true);
  });
  it('is not a query the database refused, nor any other error', () => {
    for (const e of [pg('23505'), pg('42P01'), new Error('boom'), Object.assign(new Error('x'), { code: 'BAD_REQUEST' }), 'text', undefined]) {
      expect(databaseUnavailable(e), String(e)).toBe(false);
    }
  });
});
