// The predict server's token check on PGlite and PostgreSQL: a predict token passes; a missing, malformed,
// unknown, revoked or expired token, or one of a disabled user, is 401; a token without the predict scope is 403;
// each refusal says what to do. Verdicts are cached: a revoked token passes from the cache until `cacheMs` ends,
// concurrent first calls get one answer, and the cache stays within its bound.
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createToken, revokeToken } from '../../server/auth/tokens';
import { createUser } from '../../server/auth/users';
import { openDatabase, type Database } from '../../server/db/client';
import { apiTokens, users } from '../../server/db/schema';
import { createTokenCheck } from '../../server/serving/http/token';

const backends: Array<[string, () => string]> = [
  ['PGlite', () => 'memory://'],
  ['PostgreSQL', () => inject('postgresUrl')],
];

describe.each(backends)('createTokenCheck on %s', (_name, url) => {
  let database: Database;
  let userId: string;
  const username = `tok-${randomUUID().slice(0, 8)}`;
  const bearer = (t: string) => `Bearer ${t}`;
  const make = async (scopes: Array<'api' | 'predict'>, expiresInDays?: number) =>
    createToken(database.db, { userId, name: `t-${randomUUID().slice(0, 6)}`, scopes, expiresInDays });

  beforeAll(async () => {
    database = await openDatabase(url(), { migrate: true });
    userId = (await createUser(database.db, { username, role: 'viewer' })).id;
  });
  afterAll(async () => {
    await database?.close();
  });

  it('lets a predict token through, naming its user, and notes when it was last used', async () => {
    const check = createTokenCheck(database.db, { cacheMs: 0 });
    const { id, token } = await make(['predict']);
    expect(await check(bearer(token))).toEqual({ ok: true, user: username });
    expect(await check(`bearer   ${token}  `)).toEqual({ ok: true, user: username });
    const [row] = await database.db.select({ lastUsedAt: apiTokens.lastUsedAt }).from(apiTokens).where(eq(apiTokens.id, id));
    expect(row.lastUsedAt).toBeInstanceOf(Date);
    const both = await make(['api', 'predict']);
    expect(await check(bearer(both.token))).toEqual({ ok: true, user: username });
  });

  it('refuses what is missing or malformed with 401, before reading the database', async () => {
    const check = createTokenCheck(database.db);
    for (const header of [undefined, '', '   ']) {
      expect(await check(header)).toEqual({ ok: false, status: 401, message: expect.stringMatching(/requires a token: send `Authorization: Bearer hr_…`.*--scope predict/) });
    }
    for (const header of ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer a b', 'Bearer not-a-headrace-token']) {
      expect(await check(header)).toMatchObject({ ok: false, status: 401, message: expect.stringMatching(/must be `Bearer hr_…`/) });
    }
  });

  it('refuses an unknown, a revoked and an expired token, and a disabled user\'s, with 401 and what to do', async () => {
    const check = createTokenCheck(database.db, { cacheMs: 0 });
    expect(await check(bearer(`hr_${'x'.repeat(43)}`))).toMatchObject({ ok: false, status: 401, message: expect.stringMatching(/not known.*--scope predict/) });

    const revoked = await make(['predict']);
    await revokeToken(database.db, revoked.id);
    expect(await check(bearer(revoked.token))).toMatchObject({ ok: false, status: 401, message: expect.stringMatching(/was revoked on \d{4}-\d\d-\d\d: ask an admin for a new one/) });

    const expired = await make(['predict'], 1);
    await database.db.update(apiTokens).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(apiTokens.id, expired.id));
    expect(await check(bearer(expired.token))).toMatchObject({ ok: false, status: 401, message: expect.stringMatching(/expired on \d{4}-\d\d-\d\d/) });

    const leaver = await createUser(database.db, { username: `${username}-x`, role: 'editor' });
    const { token } = await createToken(database.db, { userId: leaver.id, name: 'app', scopes: ['predict'] });
    expect(await check(bearer(token))).toMatchObject({ ok: true });
    await database.db.update(users).set({ disabled: true }).where(eq(users.id, leaver.id));
    expect(await check(bearer(token))).toMatchObject({ ok: false, status: 401, message: `The user of this token (${username}-x) is disabled: an admin can enable the user, or make a token for another.` });
  });

  it('refuses a token without the predict scope with 403 naming the scope it has', async () => {
    const check = createTokenCheck(database.db, { cacheMs: 0 });
    const { token } = await make(['api']);
    expect(await check(bearer(token))).toEqual({
      ok: false,
      status: 403,
      message: `This token (of ${username}) has the scope api but not predict, which calling an endpoint needs: use a token with the predict scope (headrace tokens create NAME --scope predict).`,
    });
  });

  it('keeps verdicts for cacheMs: a revoked token passes from the cache, a fresh check reads the revocation', async () => {
    const cached = createTokenCheck(database.db, { cacheMs: 3_600_000 });
    const { id, token } = await make(['predict']);
    expect(await cached(bearer(token))).toEqual({ ok: true, user: username });
    await revokeToken(database.db, id);
    // The cached verdict answers without a read; a check without a cache sees the revocation at once.
    expect(await cached(bearer(token))).toEqual({ ok: true, user: username });
    expect(await createTokenCheck(database.db, { cacheMs: 0 })(bearer(token))).toMatchObject({ ok: false, status: 401 });

    // With a short cacheMs the revocation takes over once the verdict is older than cacheMs.
    const short = createTokenCheck(database.db, { cacheMs: 50 });
    const other = await make(['predict']);
    expect(await short(bearer(other.token))).toMatchObject({ ok: true });
    await revokeToken(database.db, other.id);
    await new Promise((r) => setTimeout(r, 80));
    expect(await short(bearer(other.token))).toMatchObject({ ok: false, status: 401, message: expect.stringMatching(/revoked/) });
  });

  it('answers concurrent first calls alike, caches refusals too, and stays within its bound', async () => {
    const { id, token } = await make(['predict']);
    const check = createTokenCheck(database.db, { cacheMs: 3_600_000, maxEntries: 2 });
    const answers = await Promise.all(Array.from({ length: 20 }, () => check(bearer(token))));
    expect(answers.every((a) => a.ok)).toBe(true);
    // A refusal is cached as well: the unknown token is not looked up again within cacheMs.
    const unknown = bearer(`hr_${'y'.repeat(43)}`);
    expect(await check(unknown)).toMatchObject({ ok: false, status: 401 });
    // Two more tokens push the first out of a cache of two: after its revocation it is read again and refused.
    await revokeToken(database.db, id);
    const a = await make(['predict']);
    expect(await check(bearer(a.token))).toMatchObject({ ok: true });
    expect(await check(bearer(token))).toMatchObject({ ok: false, status: 401, message: expect.stringMatching(/revoked/) });
  });

  it('keeps an ok verdict no longer than the token lives', async () => {
    const check = createTokenCheck(database.db, { cacheMs: 3_600_000 });
    const { id, token } = await make(['predict'], 1);
    // Expiring in 100 ms: the verdict is cached until then and no longer.
    await database.db.update(apiTokens).set({ expiresAt: sql`now() + interval '100 milliseconds'` }).where(eq(apiTokens.id, id));
    expect(await check(bearer(token))).toMatchObject({ ok: true });
    await new Promise((r) => setTimeout(r, 200));
    expect(await check(bearer(token))).toMatchObject({ ok: false, status: 401, message: expect.stringMatching(/expired/) });
  });
});
