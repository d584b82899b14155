// API tokens over HTTP with auth required: created (shown once, stored as SHA-256), used, listed, revoked
// (refused by the very next request), expired (refused); a disabled user's token is refused; sign-in by
// password; and with auth not required, no credentials act as the loopback admin while bad ones are refused.
import { TRPCClientError } from '@trpc/client';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHeadraceClient } from '../../server/api/client';
import { sha256 } from '../../server/auth/secrets';
import { loadConfig } from '../../server/config';
import { rowsOf } from '../../server/db/client';
import { apiTokens, users } from '../../server/db/schema';
import { startHttpServer } from '../../server/http';
import { startHarness, type Harness } from '../helpers/harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ api: true });
});

afterAll(async () => {
  await h?.stop();
});

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => (e instanceof TRPCClientError ? (e.data?.code as string) : String(e)),
  );

describe('API tokens', () => {
  it('are created for a user, shown once, stored only as their SHA-256, and work at once', async () => {
    const admin = h.api.as('admin');
    const created = await admin.admin.createToken.mutate({ name: 'ci', username: 'editor-user', expiresInDays: 30 });
    expect(created.token).toMatch(/^hr_[A-Za-z0-9_-]{43}$/);
    const [row] = await h.database.db.select().from(apiTokens).where(eq(apiTokens.id, created.id));
    expect(row.tokenHash).toBe(sha256(created.token));
    // The secret is in no column of the table.
    const dump = JSON.stringify(rowsOf(await h.database.db.execute(sql`select * from api_tokens`)));
    expect(dump).not.toContain(created.token.slice(3));

    const me = await h.api.withToken(created.token).auth.me.query();
    expect(me).toEqual({ userId: h.api.users.editor.id, username: 'editor-user', role: 'editor', via: 'token' });
    const listed = (await admin.admin.tokens.query({ username: 'editor-user' })).find((t) => t.id === created.id)!;
    expect(listed).toMatchObject({ name: 'ci', prefix: created.token.slice(0, 9), revokedAt: null });
    expect(listed.lastUsedAt).toBeInstanceOf(Date);
    expect(JSON.stringify(listed)).not.toContain(created.token);
  });

  it('are refused by the next request once revoked; revoking twice is a CONFLICT, an unknown id NOT_FOUND', async () => {
    const admin = h.api.as('admin');
    const { id, token } = await admin.admin.createToken.mutate({ name: 'to-revoke', username: 'viewer-user' });
    const client = h.api.withToken(token);
    expect(await codeOf(client.pipeline.list.query())).toBe('ok');
    await admin.admin.revokeToken.mutate({ id });
    expect(await codeOf(client.pipeline.list.query())).toBe('UNAUTHORIZED');
    expect(await codeOf(client.auth.me.query())).toBe('UNAUTHORIZED');
    expect(await codeOf(admin.admin.revokeToken.mutate({ id }))).toBe('CONFLICT');
    expect(await codeOf(admin.admin.revokeToken.mutate({ id: '00000000-0000-4000-8000-000000000000' }))).toBe('NOT_FOUND');
    const listed = (await admin.admin.tokens.query({ username: 'viewer-user' })).find((t) => t.id === id)!;
    expect(listed.revokedAt).toBeInstanceOf(Date);
  });

  it('are refused once expired', async () => {
    const { id, token } = await h.api.as('admin').admin.createToken.mutate({ name: 'short', username: 'viewer-user', expiresInDays: 1 });
    const client = h.api.withToken(token);
    expect(await codeOf(client.auth.me.query())).toBe('ok');
    // A day later, as far as the database can tell.
    await h.database.db.update(apiTokens).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(apiTokens.id, id));
    expect(await codeOf(client.auth.me.query())).toBe('UNAUTHORIZED');
  });

  it('of a disabled user are refused', async () => {
    const admin = h.api.as('admin');
    const user = await admin.admin.createUser.mutate({ username: 'leaver', role: 'editor' });
    const { token } = await admin.admin.createToken.mutate({ name: 'leaver', username: 'leaver' });
    expect(await codeOf(h.api.withToken(token).auth.me.query())).toBe('ok');
    await h.database.db.update(users).set({ disabled: true }).where(eq(users.id, user.id));
    expect(await codeOf(h.api.withToken(token).auth.me.query())).toBe('UNAUTHORIZED');
  });

  it('for a user that does not exist: NOT_FOUND', async () => {
    expect(await codeOf(h.api.as('admin').admin.createToken.mutate({ name: 'x', username: 'nobody' }))).toBe('NOT_FOUND');
  });
});

describe('auth.login', () => {
  it('gives a token that expires in 90 days for the right password, UNAUTHORIZED otherwise', async () => {
    const anon = h.api.anonymous();
    const ok = await anon.auth.login.mutate({ username: 'viewer-user', password: h.api.users.viewer.password });
    const days = (ok.expiresAt!.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(89.9);
    expect(await h.api.withToken(ok.token).auth.me.query()).toMatchObject({ username: 'viewer-user' });
    expect(await codeOf(anon.auth.login.mutate({ username: 'viewer-user', password: 'wrong password' }))).toBe('UNAUTHORIZED');
    expect(await codeOf(anon.auth.login.mutate({ username: 'no-such-user', password: 'whatever' }))).toBe('UNAUTHORIZED');
  });
});

describe('when auth is not required (loopback, HEADRACE_AUTH unset)', () => {
  it('acts as the loopback admin without credentials, and still refuses bad ones', async () => {
    const config = loadConfig({ HEADRACE_HOME: h.home });
    expect(config.auth.required).toBe(false);
    const open = await startHttpServer({ svc: { ...h.svc, config }, host: '127.0.0.1', port: 0 });
    try {
      expect(await createHeadraceClient({ url: open.url }).auth.me.query()).toEqual({ userId: null, username: 'local-admin', role: 'admin', via: 'loopback' });
      expect(await codeOf(createHeadraceClient({ url: open.url, token: 'hr_bogus' }).auth.me.query())).toBe('UNAUTHORIZED');
      expect(await createHeadraceClient({ url: open.url, token: h.api.users.viewer.token }).auth.me.query()).toMatchObject({ username: 'viewer-user', role: 'viewer' });
      // The loopback admin has no user row: a token must name whose it is.
      expect(await codeOf(createHeadraceClient({ url: open.url }).admin.createToken.mutate({ name: 'mine' }))).toBe('BAD_REQUEST');
      // A viewer's token is a viewer even here: credentials are never upgraded to the loopback admin.
      expect(await codeOf(createHeadraceClient({ url: open.url, token: h.api.users.viewer.token }).pipeline.save.mutate({ source: 'x' }))).toBe('FORBIDDEN');
    } finally {
      await open.close();
    }
  });

  it('is required whenever the bind host is not loopback, and HEADRACE_AUTH is checked', () => {
    expect(loadConfig({ HEADRACE_HOST: '0.0.0.0' }).auth.required).toBe(true);
    expect(loadConfig({ HEADRACE_HOST: '127.0.0.1' }).auth.required).toBe(false);
    expect(loadConfig({ HEADRACE_HOST: '::1' }).auth.required).toBe(false);
    expect(loadConfig({ HEADRACE_AUTH: 'required' }).auth.required).toBe(true);
    expect(() => loadConfig({ HEADRACE_AUTH: 'off' })).toThrow(/HEADRACE_AUTH: /);
  });
});
