// Token scopes over HTTP with auth required, on PGlite and PostgreSQL: a token is `api` unless made otherwise;
// a predict-only token is refused by the API with a 401 that says what it is, even where auth is not required;
// scopes are listed; bad scopes are refused; a password sign-in's token carries api and predict.
import { TRPCClientError } from '@trpc/client';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createHeadraceClient } from '../../server/api/client';
import { PREDICT_ONLY_REFUSAL } from '../../server/auth/principal';
import { loadConfig } from '../../server/config';
import { openDatabase, type Database } from '../../server/db/client';
import { startHttpServer } from '../../server/http';
import type { Services } from '../../server/services/context';
import { startApi, type TestApi } from '../helpers/api';
import { freshPostgresDatabase } from '../helpers/fresh-postgres';

const backends: Array<[string, () => Promise<string> | string]> = [
  ['PGlite', () => 'memory://'],
  ['PostgreSQL', () => freshPostgresDatabase(inject('postgresUrl'), 'scopes')],
];

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => ({ code: 'ok', message: '' }),
    (e: unknown) => (e instanceof TRPCClientError ? { code: e.data?.code as string, message: e.message } : { code: String(e), message: '' }),
  );

describe.each(backends)('token scopes on %s', (_name, url) => {
  let home: string;
  let database: Database;
  let svc: Services;
  let api: TestApi;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'headrace-scopes-'));
    database = await openDatabase(await url(), { migrate: true });
    // Token procedures never reach Temporal: the API runs without it.
    svc = { db: database.db, temporal: undefined as never, config: loadConfig({ HEADRACE_HOME: home, HEADRACE_AUTH: 'required' }) };
    api = await startApi(svc);
  });
  afterAll(async () => {
    await api?.close();
    await database?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('makes api tokens by default and lists every token with its scopes', async () => {
    const admin = api.as('admin');
    const plain = await admin.admin.createToken.mutate({ name: 'ci', username: 'editor-user' });
    const both = await admin.admin.createToken.mutate({ name: 'both', username: 'editor-user', scopes: ['predict', 'api', 'predict'] });
    const predict = await admin.admin.createToken.mutate({ name: 'app', username: 'editor-user', scopes: ['predict'] });
    expect([plain.scopes, both.scopes, predict.scopes]).toEqual([['api'], ['api', 'predict'], ['predict']]);
    const listed = await admin.admin.tokens.query({ username: 'editor-user' });
    expect(Object.fromEntries(listed.map((t) => [t.name, t.scopes]))).toMatchObject({ ci: ['api'], both: ['api', 'predict'], app: ['predict'], 'test editor': ['api'] });
    expect(await api.withToken(both.token).auth.me.query()).toMatchObject({ username: 'editor-user', role: 'editor', via: 'token' });
  });

  it('refuses a predict-only token at the API with a 401 that says it is a predict-only token', async () => {
    const { token } = await api.as('admin').admin.createToken.mutate({ name: 'predict-only', username: 'admin-user', scopes: ['predict'] });
    const client = api.withToken(token);
    expect(await refusal(client.auth.me.query())).toEqual({ code: 'UNAUTHORIZED', message: PREDICT_ONLY_REFUSAL });
    expect(await refusal(client.admin.tokens.query({}))).toEqual({ code: 'UNAUTHORIZED', message: PREDICT_ONLY_REFUSAL });
    expect(PREDICT_ONLY_REFUSAL).toMatch(/predict-only token .*use a token with the api scope/);
    // Plain HTTP sees the 401 and the sentence.
    const res = await fetch(`${api.url}/api/trpc/auth.me`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(401);
    expect(JSON.stringify(await res.json())).toContain('predict-only token');
    // A refused mutation is audited as denied, like any other.
    expect((await refusal(client.admin.createUser.mutate({ username: 'sneaky', role: 'admin' }))).code).toBe('UNAUTHORIZED');
    const audit = await api.as('admin').admin.audit.query({ action: 'admin.createUser' });
    expect(audit.items.find((r) => r.target === 'sneaky')).toMatchObject({ actor: 'anonymous', outcome: 'denied' });
    // A token that is unknown still gets the plain sentence.
    expect(await refusal(api.withToken(`hr_${'z'.repeat(43)}`).auth.me.query())).toEqual({ code: 'UNAUTHORIZED', message: 'sign in or send `Authorization: Bearer hr_…`' });
  });

  it('refuses a predict-only token even where auth is not required: sent credentials are always checked', async () => {
    const { token } = await api.as('admin').admin.createToken.mutate({ name: 'predict-loopback', username: 'viewer-user', scopes: ['predict'] });
    const open = await startHttpServer({ svc: { ...svc, config: loadConfig({ HEADRACE_HOME: home }) }, host: '127.0.0.1', port: 0 });
    try {
      expect(await createHeadraceClient({ url: open.url }).auth.me.query()).toMatchObject({ username: 'local-admin', via: 'loopback' });
      expect(await refusal(createHeadraceClient({ url: open.url, token }).auth.me.query())).toEqual({ code: 'UNAUTHORIZED', message: PREDICT_ONLY_REFUSAL });
    } finally {
      await open.close();
    }
  });

  it('refuses unknown scopes and an empty list', async () => {
    const admin = api.as('admin');
    const unknown = await refusal(admin.admin.createToken.mutate({ name: 'x', username: 'viewer-user', scopes: ['admin' as 'api'] }));
    expect(unknown.code).toBe('BAD_REQUEST');
    expect(unknown.message).toMatch(/scopes/);
    expect((await refusal(admin.admin.createToken.mutate({ name: 'x', username: 'viewer-user', scopes: [] }))).code).toBe('BAD_REQUEST');
  });

  it('gives a password sign-in a token with api and predict: the person\'s own token calls endpoints too', async () => {
    const login = await api.anonymous().auth.login.mutate({ username: 'viewer-user', password: api.users.viewer.password });
    expect(login.scopes).toEqual(['api', 'predict']);
    expect(await api.withToken(login.token).auth.me.query()).toMatchObject({ username: 'viewer-user' });
  });
});
