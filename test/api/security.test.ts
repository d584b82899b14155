// The browser-facing controls of issue 15, against the real HTTP server (`startHttpServer`, the one `headrace start`
// runs) on an in-memory database, once in the loopback mode that needs no credentials and once with auth required:
// - a Host that is not a loopback name is refused in the loopback mode (DNS rebinding), pages and API alike;
// - a state-changing request whose Origin (or Referer) is another site is refused unless it carries a bearer token
//   (CSRF: the session cookie, or being on this machine, is no proof of intent); same-origin and CLI calls pass;
// - error answers carry no stack trace or file path, and an internal error is "internal error (id …)", logged with
//   its detail under that id;
// - password sign-in is limited per account (5 failures in 15 minutes) and per address (20): 429, Retry-After and a
//   sentence, audited; an admin's password reset lifts the lock; the counts are in the database, so two API servers
//   on one database share them (and concurrent failures are all counted);
// - admins change roles, disable and enable users and reset passwords, each audited, never losing the last admin.
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRPCClientError } from '@trpc/client';
import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHeadraceClient, type AppRouter } from '../../server/api/client';
import { errorDetailShown } from '../../server/auth/error-detail';
import { hostnameOf, isOwnOrigin } from '../../server/auth/request-guard';
import { SESSION_COOKIE, createSession } from '../../server/auth/sessions';
import { SignInLimit } from '../../server/auth/sign-in-limit';
import { createToken } from '../../server/auth/tokens';
import { createUser } from '../../server/auth/users';
import { loadConfig } from '../../server/config';
import { openDatabase, type Database, type Db } from '../../server/db/client';
import { auditLog } from '../../server/db/schema';
import { startHttpServer } from '../../server/http';
import type { Services } from '../../server/services/context';

type Server = Awaited<ReturnType<typeof startHttpServer>>;

let home: string;
let database: Database;
/** Loopback mode: HEADRACE_AUTH unset, bound to 127.0.0.1. */
let open: Server;
/** HEADRACE_AUTH=required. */
let closed: Server;
let adminToken: string;
let editor: { id: string; token: string; session: string };

const svcOf = (db: Db, env: Record<string, string>): Services =>
  // Nothing here reaches Temporal: the routes under test read and write the database only.
  ({ db, temporal: undefined as never, config: loadConfig({ HEADRACE_HOME: home, ...env }) });

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'headrace-security-'));
  database = await openDatabase('memory://', { migrate: true });
  open = await startHttpServer({ svc: svcOf(database.db, {}), host: '127.0.0.1', port: 0 });
  closed = await startHttpServer({ svc: svcOf(database.db, { HEADRACE_AUTH: 'required' }), host: '127.0.0.1', port: 0 });
  // The only admin of this platform (the last-admin rule below counts on it).
  const boss = await createUser(database.db, { username: 'boss', role: 'admin', password: 'boss-password-1' });
  adminToken = (await createToken(database.db, { userId: boss.id, name: 'test' })).token;
  const ed = await createUser(database.db, { username: 'ed', role: 'editor', password: 'ed-password-1' });
  editor = { id: ed.id, token: (await createToken(database.db, { userId: ed.id, name: 'test' })).token, session: (await createSession(database.db, ed.id)).secret };
}, 120_000);

afterAll(async () => {
  await open?.close();
  await closed?.close();
  await database?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request with exactly these headers (fetch would not let a test choose `Host`). */
function raw(base: string, path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: u.hostname, port: u.port, path, method: opts.method ?? 'GET', headers: { ...(opts.body !== undefined && { 'content-type': 'application/json' }), ...opts.headers } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** A tRPC mutation over raw HTTP: POST /api/trpc/PATH with `{ json: input }`. */
const mutation = (base: string, path: string, input: unknown, headers: Record<string, string> = {}) =>
  raw(base, `/api/trpc/${path}`, { method: 'POST', headers, body: JSON.stringify({ json: input }) });

/** The tRPC error of an answer (superjson's envelope unwrapped). */
const trpcError = (a: Answer) => (JSON.parse(a.body) as { error: { json: { message: string; data: Record<string, unknown> } } }).error.json;

const hostOf = (s: Server) => new URL(s.url).host;
/** auth.login over raw HTTP against the server with auth required (the limit's answers carry headers). */
const login = (username: string, password: string, headers: Record<string, string> = {}) =>
  mutation(closed.url, 'auth.login', { username, password }, headers);
/** The audit rows of one action on one target, newest first. */
const auditRows = (action: string, target: string) =>
  database.db.select().from(auditLog).where(and(eq(auditLog.action, action), eq(auditLog.target, target))).orderBy(desc(auditLog.id));
const codeOf = (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e instanceof TRPCClientError ? String(e.data?.code) : String(e)));

describe('the loopback mode refuses other host names (DNS rebinding)', () => {
  it('answers 127.0.0.1, localhost and [::1] with the port, and refuses evil.example, pages and API alike', async () => {
    const port = new URL(open.url).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, 'localhost']) {
      const ok = await raw(open.url, '/api/trpc/pipeline.list', { headers: { host } });
      expect(ok.status, host).toBe(200);
    }
    for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1.evil.example:${port}`, `localhost.evil.example`]) {
      const api = await raw(open.url, '/api/trpc/pipeline.list', { headers: { host } });
      expect(api.status, host).toBe(403);
      const err = trpcError(api);
      expect(err.data).toMatchObject({ code: 'FORBIDDEN', httpStatus: 403, path: 'pipeline.list' });
      expect(err.message).toContain(`sent to "${host}"`);
      expect(err.message).toContain('HEADRACE_AUTH=required');
      // Nothing of the platform came back: the pipeline list's answer would be a `result`.
      expect(api.body).not.toContain('"result"');
    }
    const page = await raw(open.url, '/runs', { headers: { host: 'evil.example' } });
    expect(page.status).toBe(403);
    expect(page.headers['content-type']).toMatch(/^text\/plain/);
    expect(page.body).toMatch(/^refused: this platform runs without sign-in on loopback/);
    const upload = await raw(open.url, '/api/data/upload?name=x.csv', { method: 'POST', headers: { host: 'evil.example' }, body: 'a\n1\n' });
    expect(upload.status).toBe(403);
    expect(JSON.parse(upload.body)).toEqual({ error: expect.stringContaining('"evil.example"') });
  });

  it('does not apply where auth is required: there a request needs credentials, whatever its Host', async () => {
    const anon = await raw(closed.url, '/api/trpc/pipeline.list', { headers: { host: 'headrace.example.com' } });
    expect(anon.status).toBe(401);
    const token = await raw(closed.url, '/api/trpc/auth.me', { headers: { host: 'headrace.example.com', authorization: `Bearer ${editor.token}` } });
    expect(token.status).toBe(200);
  });

  it('reads host names as a browser sends them', () => {
    expect(hostnameOf('127.0.0.1:3000')).toBe('127.0.0.1');
    expect(hostnameOf('[::1]:3000')).toBe('::1');
    expect(hostnameOf('LocalHost')).toBe('localhost');
    expect(hostnameOf('a@127.0.0.1')).toBeUndefined();
    expect(hostnameOf('')).toBeUndefined();
    expect(isOwnOrigin('http://127.0.0.1:3000', '127.0.0.1:3000')).toBe(true);
    expect(isOwnOrigin('http://127.0.0.1:3001', '127.0.0.1:3000')).toBe(false);
    expect(isOwnOrigin('null', '127.0.0.1:3000')).toBe(false);
    expect(isOwnOrigin('https://headrace.example.com', '127.0.0.1:3000', 'https://headrace.example.com/')).toBe(true);
  });
});

describe('cross-site requests that change state are refused (CSRF)', () => {
  const userInput = (username: string) => ({ username, role: 'viewer' as const });

  it('in the loopback mode: another Origin, a Referer of another site, or Origin null; the own origin and the CLI pass', async () => {
    const crossSite: Array<Record<string, string>> = [{ origin: 'https://evil.example' }, { referer: 'https://evil.example/page' }, { origin: 'null' }];
    for (const headers of crossSite) {
      const a = await mutation(open.url, 'admin.createUser', userInput('forged'), headers);
      expect(a.status, JSON.stringify(headers)).toBe(403);
      expect(trpcError(a).message).toMatch(/^refused: a cross-site POST \((Origin|Referer) "/);
    }
    // A cross-site form post to the upload route is refused the same way (before its body is read).
    const upload = await raw(open.url, '/api/data/upload?name=x.csv', { method: 'POST', headers: { origin: 'https://evil.example' }, body: 'a\n1\n' });
    expect(upload.status).toBe(403);
    // Nothing was made.
    expect((await createHeadraceClient({ url: open.url }).admin.users.query()).map((u) => u.username)).not.toContain('forged');

    const own = await mutation(open.url, 'admin.createUser', userInput('from-the-page'), { origin: `http://${hostOf(open)}`, referer: `http://${hostOf(open)}/` });
    expect(own.status).toBe(200);
    const ownByReferer = await mutation(open.url, 'admin.createUser', userInput('from-a-link'), { referer: `http://${hostOf(open)}/settings` });
    expect(ownByReferer.status).toBe(200);
    // The CLI and scripts send no Origin: the loopback admin, as before.
    expect(await createHeadraceClient({ url: open.url }).admin.createUser.mutate(userInput('from-the-cli'))).toMatchObject({ username: 'from-the-cli' });
    // Reads are not changes: a cross-site GET is answered (a browser keeps its answer from the other site's page).
    expect((await raw(open.url, '/api/trpc/auth.me', { headers: { origin: 'https://evil.example' } })).status).toBe(200);
  });

  it('with auth required: a session cookie from another site is refused, a bearer token is not', async () => {
    const cookie = `${SESSION_COOKIE}=${editor.session}`;
    const input = { name: 'x', expiresInDays: 1 };
    const forged = await mutation(closed.url, 'auth.login', { username: 'ed', password: 'ed-password-1' }, { origin: 'https://evil.example', cookie });
    expect(forged.status).toBe(403);
    const viaCookie = await mutation(closed.url, 'pipeline.archive', { name: 'nothing-here' }, { origin: 'https://evil.example', cookie });
    expect(viaCookie.status).toBe(403);
    expect(trpcError(viaCookie).data).toMatchObject({ code: 'FORBIDDEN' });
    // The same cookie from the platform's own page reaches the procedure (which then finds no such pipeline).
    const own = await mutation(closed.url, 'pipeline.archive', { name: 'nothing-here' }, { origin: `http://${hostOf(closed)}`, cookie });
    expect(own.status).toBe(404);
    // A bearer token is no ambient credential: no browser adds it by itself, so its Origin does not matter.
    const bearer = await mutation(closed.url, 'admin.createToken', input, { origin: 'https://evil.example', authorization: `Bearer ${adminToken}` });
    expect(bearer.status).toBe(200);
    expect(await codeOf(createHeadraceClient({ url: closed.url, token: editor.token }).pipeline.archive.mutate({ name: 'nothing-here' }))).toBe('NOT_FOUND');
  });
});

describe('error answers', () => {
  it('carry no stack trace outside development', async () => {
    expect(errorDetailShown({})).toBe(false);
    expect(errorDetailShown({ NODE_ENV: 'development' })).toBe(true);
    expect(errorDetailShown({ HEADRACE_DEBUG_ERRORS: '1' })).toBe(true);
    const bad = await raw(closed.url, `/api/trpc/pipeline.get?input=${encodeURIComponent(JSON.stringify({ json: { name: 7 } }))}`, {
      headers: { authorization: `Bearer ${editor.token}` },
    });
    expect(bad.status).toBe(400);
    const err = trpcError(bad);
    expect(err.message).toBe('name must be a string, got 7.');
    expect(err.data).not.toHaveProperty('stack');
    expect(bad.body).not.toMatch(/\bat .*\.(ts|js):\d+/);
    const denied = await raw(closed.url, '/api/trpc/pipeline.list');
    expect(denied.status).toBe(401);
    expect(trpcError(denied).data).not.toHaveProperty('stack');
  });

  it('say "internal error (id …)" for an internal one, whose detail is logged under that id', async () => {
    const secret = 'relation "x" at /srv/headrace/server/db/secret.ts:12 failed';
    // A database that fails every read: admin.users fails inside the server, not for anything the caller did.
    const broken = new Proxy(database.db, {
      get: (target, key, receiver) => (key === 'select' ? () => { throw new Error(secret); } : Reflect.get(target, key, receiver)),
    });
    const failing = await startHttpServer({ svc: svcOf(broken, {}), host: '127.0.0.1', port: 0 });
    const logged: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((line: unknown) => void logged.push(String(line)));
    try {
      const a = await raw(failing.url, '/api/trpc/admin.users');
      expect(a.status).toBe(500);
      const err = trpcError(a);
      expect(err.message).toMatch(/^internal error \(id [0-9a-f]{12}\): the server's log has the detail$/);
      const id = /id ([0-9a-f]{12})/.exec(err.message)![1];
      expect(err.data).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', errorId: id });
      expect(err.data).not.toHaveProperty('stack');
      expect(a.body).not.toContain('/srv/headrace');
      expect(a.body).not.toContain('relation');
      const line = logged.find((l) => l.includes(id));
      expect(line).toContain(`internal error ${id} in admin.users`);
      expect(line).toContain(secret);

      // With HEADRACE_DEBUG_ERRORS=1 (a developer's machine) the answer keeps the message and the stack.
      vi.stubEnv('HEADRACE_DEBUG_ERRORS', '1');
      const debug = trpcError(await raw(failing.url, '/api/trpc/admin.users'));
      expect(debug.message).toBe(secret);
      expect(debug.data.stack).toEqual(expect.stringContaining(secret));
    } finally {
      vi.unstubAllEnvs();
      spy.mockRestore();
      await failing.close();
    }
  });
});

describe('password sign-in is rate limited', () => {
  it('locks an account after 5 failures in 15 minutes: 429 with Retry-After and a sentence, even for the right password', async () => {
    await createUser(database.db, { username: 'guessed', role: 'viewer', password: 'right-password-1' });
    for (let i = 1; i <= 4; i++) {
      const a = await login('guessed', `wrong-${i}`);
      expect(a.status).toBe(401);
      expect(trpcError(a).message).toBe('wrong username or password');
    }
    const fifth = await login('guessed', 'wrong-5');
    expect(fifth.status).toBe(429);
    expect(Number(fifth.headers['retry-after'])).toBe(900);
    expect(trpcError(fifth).message).toMatch(
      /^wrong username or password, and too many failed sign-ins for "guessed" \(that was 5 within 15 minutes\): the account is locked for 15 minutes, until \d\d:\d\d UTC/,
    );
    const right = await login('guessed', 'right-password-1');
    expect(right.status).toBe(429);
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(890);
    expect(trpcError(right).data).toMatchObject({ code: 'TOO_MANY_REQUESTS', httpStatus: 429, retryAfterSeconds: expect.any(Number) });
    // The CLI shows the sentence.
    const cli = await createHeadraceClient({ url: closed.url }).auth.login.mutate({ username: 'guessed', password: 'right-password-1' }).catch((e: Error) => e);
    expect((cli as Error).message).toMatch(/the account is locked for 1[45] minutes/);
    // The browser's form shares the limit and says so on the sign-in page.
    const form = await raw(closed.url, '/auth/login', {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'username=guessed&password=right-password-1&next=%2Fruns',
    });
    expect(form.status).toBe(303);
    expect(form.headers.location).toMatch(/^\/login\?error=locked&next=%2Fruns&username=guessed&retry=\d+$/);
    expect(form.headers['retry-after']).toMatch(/^\d+$/);
    expect(form.headers['set-cookie']).toBeUndefined();

    // Every refusal is in the audit log, the lock's with its code.
    const rows = await auditRows('auth.login', 'guessed');
    expect(rows.map((r) => r.outcome)).toEqual(['denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied']);
    expect(rows.filter((r) => (r.details as { code?: string }).code === 'TOO_MANY_REQUESTS')).toHaveLength(3);
    expect((await auditRows('auth.session', 'guessed'))[0]).toMatchObject({ outcome: 'denied', details: { code: 'TOO_MANY_REQUESTS' } });

    // An admin's password reset lifts the lock.
    const admin = createHeadraceClient({ url: closed.url, token: adminToken });
    await admin.admin.resetPassword.mutate({ username: 'guessed', password: 'new-password-1' });
    expect((await login('guessed', 'new-password-1')).status).toBe(200);
  });

  it('locks an address after 20 failures, whichever accounts they named; other addresses sign in', async () => {
    const from = (ip: string) => ({ 'x-forwarded-for': ip });
    const answers: Answer[] = [];
    for (let i = 0; i < 20; i++) answers.push(await login(`nobody-${i}`, 'whatever', from('203.0.113.7')));
    expect(answers.slice(0, 19).every((a) => a.status === 401)).toBe(true);
    expect(answers[19].status).toBe(429);
    expect(trpcError(answers[19]).message).toContain('too many failed sign-ins from this address (that was 20 within 15 minutes)');
    const locked = await login('ed', 'ed-password-1', from('203.0.113.7'));
    expect(locked.status).toBe(429);
    expect(locked.headers['retry-after']).toMatch(/^\d+$/);
    expect((await login('ed', 'ed-password-1', from('203.0.113.8'))).status).toBe(200);
  });

  it('counts in a window and unlocks when the lock ends', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const limit = new SignInLimit(database.db, { now: () => now });
    for (let i = 0; i < 4; i++) expect(await limit.failed('window-a', '198.51.100.1')).toBeUndefined();
    now += 15 * 60_000 + 1; // the four are out of the window
    for (let i = 0; i < 4; i++) expect(await limit.failed('window-a', '198.51.100.1')).toBeUndefined();
    expect(await limit.failed('window-a', '198.51.100.1')).toMatchObject({ scope: 'account', retryAfterS: 900 });
    expect(await limit.locked('Window-A', '198.51.100.2')).toMatchObject({ scope: 'account' });
    expect(await limit.locked('window-b', '198.51.100.1')).toBeUndefined();
    now += 10 * 60_000;
    expect(await limit.locked('window-a', '198.51.100.1')).toMatchObject({ retryAfterS: 300 });
    now += 5 * 60_000;
    expect(await limit.locked('window-a', '198.51.100.1')).toBeUndefined();
    await limit.failed('window-a', '198.51.100.1');
    await limit.succeeded('window-a');
    for (let i = 0; i < 4; i++) expect(await limit.failed('window-a', '198.51.100.1')).toBeUndefined();
  });

  it('is one count for every API server on the database: failures alternated between two servers lock at the fifth', async () => {
    const second = await startHttpServer({ svc: svcOf(database.db, { HEADRACE_AUTH: 'required' }), host: '127.0.0.1', port: 0 });
    try {
      await createUser(database.db, { username: 'spread', role: 'viewer', password: 'spread-password-1' });
      const at = (server: Server, password: string) =>
        raw(server.url, '/api/trpc/auth.login', { method: 'POST', headers: { 'x-forwarded-for': '198.51.100.9' }, body: JSON.stringify({ json: { username: 'spread', password } }) });
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await at(i % 2 === 0 ? closed : second, `wrong-${i}`)).status);
      expect(statuses).toEqual([401, 401, 401, 401, 429]);
      // Locked on both, the right password included.
      expect((await at(closed, 'spread-password-1')).status).toBe(429);
      expect((await at(second, 'spread-password-1')).status).toBe(429);
      // Concurrent failures are all counted: 2 × 10 at once on a fresh account lock it, and none is lost.
      await createUser(database.db, { username: 'burst', role: 'viewer', password: 'burst-password-1' });
      const burst = (server: Server, password = 'nope') =>
        raw(server.url, '/api/trpc/auth.login', { method: 'POST', headers: { 'x-forwarded-for': '198.51.100.10' }, body: JSON.stringify({ json: { username: 'burst', password } }) });
      const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => burst(i % 2 === 0 ? closed : second)));
      expect(answers.filter((a) => a.status === 401 || a.status === 429)).toHaveLength(10);
      expect(answers.some((a) => a.status === 429)).toBe(true);
      expect((await burst(closed, 'burst-password-1')).status).toBe(429);
    } finally {
      await second.close();
    }
  });
});

describe('admins manage users', () => {
  it('change roles, disable and enable users and reset passwords, each audited without secrets', async () => {
    const admin = createHeadraceClient({ url: closed.url, token: adminToken });
    const u = await createUser(database.db, { username: 'mover', role: 'viewer', password: 'mover-password-1' });
    const { token } = await createToken(database.db, { userId: u.id, name: 'mover' });
    const session = (await createSession(database.db, u.id)).secret;
    const me = (headers: Record<string, string>) => raw(closed.url, '/api/trpc/auth.me', { headers });

    expect(await admin.admin.setUserRole.mutate({ username: 'mover', role: 'editor' })).toMatchObject({ role: 'editor' });
    expect(await createHeadraceClient({ url: closed.url, token }).auth.me.query()).toMatchObject({ role: 'editor' });

    expect(await admin.admin.setUserDisabled.mutate({ username: 'mover', disabled: true })).toMatchObject({ disabled: true });
    expect((await me({ authorization: `Bearer ${token}` })).status).toBe(401);
    expect((await me({ cookie: `${SESSION_COOKIE}=${session}` })).status).toBe(401);
    // A disabled user cannot sign in either.
    expect((await login('mover', 'mover-password-1')).status).toBe(401);
    expect(await admin.admin.setUserDisabled.mutate({ username: 'mover', disabled: false })).toMatchObject({ disabled: false });
    expect((await me({ authorization: `Bearer ${token}` })).status).toBe(200);
    // The session ended with the disabling and stays ended.
    expect((await me({ cookie: `${SESSION_COOKIE}=${session}` })).status).toBe(401);

    const reset = await admin.admin.resetPassword.mutate({ username: 'mover' });
    expect(reset.password).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect((await login('mover', reset.password!)).status).toBe(200);
    expect((await login('mover', 'mover-password-1')).status).toBe(401);

    const rows = await database.db.select().from(auditLog).where(and(eq(auditLog.actor, 'boss'), eq(auditLog.target, 'mover'))).orderBy(auditLog.id);
    expect(rows.map((r) => [r.action, r.outcome, r.details])).toEqual([
      ['admin.setUserRole', 'ok', { role: 'editor', id: u.id }],
      ['admin.setUserDisabled', 'ok', { disabled: 'true', id: u.id }],
      ['admin.setUserDisabled', 'ok', { disabled: 'false', id: u.id }],
      ['admin.resetPassword', 'ok', { id: u.id }],
    ]);
    expect(JSON.stringify(rows)).not.toContain(reset.password);
    // An editor may not.
    expect(await codeOf(createHeadraceClient({ url: closed.url, token: editor.token }).admin.setUserRole.mutate({ username: 'mover', role: 'admin' }))).toBe('FORBIDDEN');
    const refused = await auditRows('admin.setUserRole', 'mover');
    expect(refused[0]).toMatchObject({ actor: 'ed', outcome: 'denied', details: { code: 'FORBIDDEN' } });
  });

  it('never demote or disable the last enabled admin, and say NOT_FOUND for an unknown user', async () => {
    const local = createHeadraceClient({ url: open.url });
    for (const call of [
      () => local.admin.setUserRole.mutate({ username: 'boss', role: 'editor' }),
      () => local.admin.setUserDisabled.mutate({ username: 'boss', disabled: true }),
    ]) {
      const e = (await call().catch((err: unknown) => err)) as TRPCClientError<AppRouter>;
      expect(e.data?.code).toBe('CONFLICT');
      expect(e.message).toBe('"boss" is the last enabled admin: make another admin first');
    }
    expect(await codeOf(local.admin.resetPassword.mutate({ username: 'ghost' }))).toBe('NOT_FOUND');
    // With a second admin, the first may step down.
    await local.admin.createUser.mutate({ username: 'deputy', role: 'admin' });
    expect(await local.admin.setUserRole.mutate({ username: 'boss', role: 'editor' })).toMatchObject({ role: 'editor' });
    await local.admin.setUserRole.mutate({ username: 'boss', role: 'admin' });
  });
});

