// Two `headrace serve` processes on one PostgreSQL database, as several predict servers run behind a load balancer:
// a deployment changed through the control plane is served by both within a second of its commit, and so is an
// endpoint's new setting (a token required), after which both answer 401 without a token, 403 with a token that
// lacks the predict scope, and 200 with a predict token.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LocalArtifactStore } from '../../server/artifacts/store';
import { createToken } from '../../server/auth/tokens';
import { createUser } from '../../server/auth/users';
import { openDatabase, type Database } from '../../server/db/client';
import type { Services } from '../../server/services/context';
import { deploy, updateEndpoint } from '../../server/services/endpoints';
import { freePort } from '../../server/temporal/dev-server';
import { headraceUntil } from '../helpers/cli';
import { freshPostgresDatabase } from '../helpers/fresh-postgres';
import { registerLogistic } from './server-fixtures';

/** The bound: every predict server follows a change within a second of its commit. */
const FOLLOW_MS = 1000;
const ROW = { rows: [{ a: 1, b: 2, c: false }] };

describe('two headrace serve processes on one database', () => {
  let home: string;
  let database: Database;
  let svc: Services;
  const children: ChildProcess[] = [];
  const urls: string[] = [];

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'headrace-follow-'));
    const url = await freshPostgresDatabase(inject('postgresUrl'), 'follow');
    database = await openDatabase(url, { migrate: true });
    svc = { db: database.db } as Services;
    await registerLogistic(database.db, new LocalArtifactStore(join(home, 'artifacts')), 'follow-model', [11, 12]);
    await deploy(svc, { endpoint: 'follow', model: 'follow-model@1', strategy: 'replace', actor: 'ann' });
    // Both at once: each waits for its own "listening" line.
    const started = await Promise.all([0, 1].map(async () => headraceUntil(['serve', '--threads', '1'], {
      DATABASE_URL: url, HEADRACE_HOME: home, HEADRACE_SERVE_PORT: String(await freePort()),
    }, /predict server listening on (http:\/\/\S+) \(pid/, 90_000)));
    for (const s of started) {
      children.push(s.child);
      urls.push(s.match[1]);
    }
    // Both serve version 1 before anything changes.
    await Promise.all(urls.map((u) => until(u, async (res) => res.status === 200 && (await res.json() as Answer).model?.version === 1, 60_000)));
  }, 180_000);

  afterAll(async () => {
    await Promise.all(children.map((c) => new Promise<void>((resolve) => {
      if (c.exitCode !== null) return resolve();
      c.once('exit', () => resolve());
      c.kill('SIGTERM');
      setTimeout(() => c.kill('SIGKILL'), 10_000).unref();
    })));
    await database?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  interface Answer { model?: { name: string; version: number }; error?: string }

  const predict = (url: string, token?: string) => fetch(`${url}/v1/endpoints/follow/predict`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(ROW),
  });

  /** Calls `url` until `done` holds of an answer; resolves with the ms from `since` to that answer. */
  async function until(url: string, done: (res: Response) => Promise<boolean> | boolean, timeoutMs: number, since = Date.now()): Promise<number> {
    for (;;) {
      const res = await predict(url);
      if (await done(res)) return Date.now() - since;
      if (Date.now() - since > timeoutMs) throw new Error(`${url} did not follow within ${timeoutMs} ms (last answer ${res.status})`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  it('both serve a new deployment within a second of its commit', async () => {
    const deployed = await deploy(svc, { endpoint: 'follow', model: 'follow-model@2', strategy: 'replace', actor: 'ann', reason: 'v2' });
    // deploy() resolves once the transaction (with its NOTIFY) has committed.
    const committedAt = Date.now();
    expect(deployed.variants[0]).toMatchObject({ model: 'follow-model', version: 2 });
    const took = await Promise.all(urls.map((u) =>
      until(u, async (res) => res.status === 200 && (await res.json() as Answer).model?.version === 2, 30_000, committedAt)));
    for (const ms of took) expect(ms).toBeLessThan(FOLLOW_MS);
  });

  it('both require a token within a second of endpoint.update, and then judge tokens by their scope', async () => {
    const updated = await updateEndpoint(svc, { endpoint: 'follow', requireToken: true });
    const committedAt = Date.now();
    expect(updated.requireToken).toBe(true);
    const took = await Promise.all(urls.map((u) => until(u, (res) => res.status === 401, 30_000, committedAt)));
    for (const ms of took) expect(ms).toBeLessThan(FOLLOW_MS);

    const user = await createUser(database.db, { username: 'app-owner', role: 'viewer' });
    const apiOnly = await createToken(database.db, { userId: user.id, name: 'api only' });
    const predictToken = await createToken(database.db, { userId: user.id, name: 'app', scopes: ['predict'] });
    for (const url of urls) {
      const none = await predict(url);
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toBe('Bearer');
      expect((await none.json() as Answer).error).toMatch(/requires a token: send `Authorization: Bearer hr_…`/);
      const forbidden = await predict(url, apiOnly.token);
      expect(forbidden.status).toBe(403);
      expect((await forbidden.json() as Answer).error).toMatch(/has the scope api but not predict/);
      const ok = await predict(url, predictToken.token);
      expect(ok.status).toBe(200);
      expect((await ok.json() as Answer).model).toMatchObject({ name: 'follow-model', version: 2 });
    }
  });
});
