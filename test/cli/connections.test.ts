// `headrace connections` (list, set, delete) against a real API with auth required: the human and --json outputs, a
// URL holding a password refused naming the field (exit 2), role refusals (exit 3), and the audit rows of each change.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { openDatabase, type Database } from '../../server/db/client';
import { listAudit } from '../../server/auth/audit-log';
import type { Services } from '../../server/services/context';
import { startApi, type TestApi } from '../helpers/api';
import { headrace } from '../helpers/cli';

let dir: string;
let database: Database;
let api: TestApi;
let env: Record<'admin' | 'editor' | 'viewer', Record<string, string>>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'headrace-cli-connections-'));
  database = await openDatabase('memory://', { migrate: true });
  // Connections never reach Temporal: the API runs without it.
  const svc: Services = { db: database.db, temporal: undefined as never, config: loadConfig({ HEADRACE_HOME: join(dir, 'home'), HEADRACE_AUTH: 'required' }) };
  api = await startApi(svc);
  const base = { HEADRACE_URL: api.url, XDG_CONFIG_HOME: join(dir, 'config'), HEADRACE_HOME: join(dir, 'home') };
  env = {
    admin: { ...base, HEADRACE_TOKEN: api.users.admin.token },
    editor: { ...base, HEADRACE_TOKEN: api.users.editor.token },
    viewer: { ...base, HEADRACE_TOKEN: api.users.viewer.token },
  };
});

afterAll(async () => {
  await api?.close();
  await database?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('headrace connections', () => {
  it('sets, lists (any role, no secret), updates and deletes a connection, each change audited', async () => {
    const empty = await headrace(['connections'], env.viewer);
    expect([empty.code, empty.stdout.trim()]).toEqual([0, 'no connections (an admin adds one: headrace connections set NAME --database-url postgres://USER@HOST:PORT/DATABASE --password-secret NAME)']);

    const made = await headrace(['connections', 'set', 'warehouse', '--database-url', 'postgres://reader@db.internal:5432/shop', '--password-env', 'WAREHOUSE_PASSWORD', '--description', 'orders and customers'], env.admin);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout.trim()).toBe('connection warehouse created: postgres://reader@db.internal:5432/shop');
    expect(made.stderr).toContain("ingest.sql steps read its password from the workers' environment variable WAREHOUSE_PASSWORD");

    const list = await headrace(['connections'], env.viewer);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^NAME +KIND +URL +PASSWORD +UPDATED +DESCRIPTION$/m);
    expect(list.stdout).toMatch(/^warehouse +postgres +postgres:\/\/reader@db\.internal:5432\/shop +env WAREHOUSE_PASSWORD +\d{4}-\d\d-\d\d +orders and customers$/m);
    const json = JSON.parse((await headrace(['connections', '--json'], env.viewer)).stdout);
    expect(json).toEqual([expect.objectContaining({ name: 'warehouse', kind: 'postgres', passwordEnv: 'WAREHOUSE_PASSWORD', createdBy: 'admin-user' })]);
    expect(Object.keys(json[0]).sort()).toEqual(['createdAt', 'createdBy', 'description', 'kind', 'name', 'passwordEnv', 'passwordSecret', 'updatedAt', 'url']);

    const changed = await headrace(['connections', 'set', 'warehouse', '--database-url', 'postgres://reader@db2.internal/shop', '--json'], env.admin);
    expect(changed.code, changed.stderr).toBe(0);
    expect(JSON.parse(changed.stdout)).toMatchObject({ name: 'warehouse', url: 'postgres://reader@db2.internal/shop', passwordEnv: null, created: false });

    const deleted = await headrace(['connections', 'delete', 'warehouse'], env.admin);
    expect([deleted.code, deleted.stdout.trim()]).toEqual([0, 'connection warehouse deleted: steps that name it now fail with "no connection"']);
    const gone = await headrace(['connections', 'delete', 'warehouse'], env.admin);
    expect([gone.code, gone.stderr.trim()]).toEqual([2, 'headrace: NOT_FOUND: no connection "warehouse"']);

    const audit = await listAudit(database.db, { limit: 50, action: undefined, actor: 'admin-user' });
    expect(audit.items.filter((r) => r.action.startsWith('connection.')).map((r) => [r.action, r.target, r.outcome]).reverse()).toEqual([
      ['connection.set', 'warehouse', 'ok'], ['connection.set', 'warehouse', 'ok'], ['connection.delete', 'warehouse', 'ok'], ['connection.delete', 'warehouse', 'error'],
    ]);
  });

  it('refuses a URL holding a password, naming the field, and stores nothing', async () => {
    const bad = await headrace(['connections', 'set', 'leaky', '--database-url', 'postgres://reader:hunter2@db.internal/shop'], env.admin);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe(
      'headrace: connection.set: url holds a password: the URL is stored and shown to every viewer; put the password in a secret (headrace secret set NAME) and name it as the password secret (--password-secret NAME).',
    );
    expect(bad.stderr).not.toContain('hunter2');
    const list = JSON.parse((await headrace(['connections', '--json'], env.admin)).stdout);
    expect(list.map((c: { name: string }) => c.name)).not.toContain('leaky');
    const missing = await headrace(['connections', 'set', 'leaky'], env.admin);
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining("required option '--database-url <url>' not specified")]);
  });

  it('lets only admins change connections (exit 3)', async () => {
    for (const role of ['viewer', 'editor'] as const) {
      const r = await headrace(['connections', 'set', 'x', '--database-url', 'postgres://reader@db.internal/shop'], env[role]);
      expect([r.code, r.stderr.trim()]).toEqual([3, `headrace: FORBIDDEN: needs role admin; ${role}-user is ${role}`]);
    }
    const del = await headrace(['connections', 'delete', 'x'], env.editor);
    expect(del.code).toBe(3);
  });
});
