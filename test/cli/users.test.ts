// `headrace users` (list, role, disable, enable, reset-password) against a real API with auth required: the human
// and --json outputs, what each change does to the user's token and password, the last admin kept (exit 2,
// CONFLICT), role refusals (exit 3), and the audit rows of each change.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHeadraceClient } from '../../server/api/client';
import { listAudit } from '../../server/auth/audit-log';
import { createToken } from '../../server/auth/tokens';
import { createUser } from '../../server/auth/users';
import { loadConfig } from '../../server/config';
import { openDatabase, type Database } from '../../server/db/client';
import type { Services } from '../../server/services/context';
import { startApi, type TestApi } from '../helpers/api';
import { headrace } from '../helpers/cli';

let dir: string;
let database: Database;
let api: TestApi;
let env: Record<'admin' | 'editor', Record<string, string>>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'headrace-cli-users-'));
  database = await openDatabase('memory://', { migrate: true });
  // Users never reach Temporal: the API runs without it.
  const svc: Services = { db: database.db, temporal: undefined as never, config: loadConfig({ HEADRACE_HOME: join(dir, 'home'), HEADRACE_AUTH: 'required' }) };
  api = await startApi(svc);
  const base = { HEADRACE_URL: api.url, XDG_CONFIG_HOME: join(dir, 'config'), HEADRACE_HOME: join(dir, 'home') };
  env = { admin: { ...base, HEADRACE_TOKEN: api.users.admin.token }, editor: { ...base, HEADRACE_TOKEN: api.users.editor.token } };
});

afterAll(async () => {
  await api?.close();
  await database?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('headrace users', () => {
  it('lists users, changes a role, disables and enables, resets a password; each change audited', async () => {
    const pat = await createUser(database.db, { username: 'pat', role: 'viewer', password: 'pat-password-1' });
    const { token } = await createToken(database.db, { userId: pat.id, name: 'pat' });
    const pats = createHeadraceClient({ url: api.url, token });

    const list = await headrace(['users'], env.admin);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^USER +ROLE +STATE +CREATED$/m);
    expect(list.stdout).toMatch(/^pat +viewer +active +\d{4}-\d\d-\d\d$/m);
    const json = JSON.parse((await headrace(['users', '--json'], env.admin)).stdout) as Array<Record<string, unknown>>;
    expect(json.find((u) => u.username === 'pat')).toMatchObject({ role: 'viewer', disabled: false });

    const role = await headrace(['users', 'role', 'pat', 'editor'], env.admin);
    expect(role.code, role.stderr).toBe(0);
    expect(role.stdout).toContain('pat is editor');
    expect(await pats.auth.me.query()).toMatchObject({ role: 'editor' });

    const off = await headrace(['users', 'disable', 'pat', '--json'], env.admin);
    expect(off.code, off.stderr).toBe(0);
    expect(JSON.parse(off.stdout)).toMatchObject({ username: 'pat', disabled: true });
    expect(await pats.auth.me.query().catch((e: { data?: { code?: string } }) => e.data?.code)).toBe('UNAUTHORIZED');
    const on = await headrace(['users', 'enable', 'pat'], env.admin);
    expect(on.code, on.stderr).toBe(0);
    expect(on.stdout).toContain('tokens work again');
    expect(await pats.auth.me.query()).toMatchObject({ username: 'pat' });

    const reset = await headrace(['users', 'reset-password', 'pat'], env.admin);
    expect(reset.code, reset.stderr).toBe(0);
    const password = reset.stdout.trim();
    expect(password).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(reset.stderr).toContain('shown once');
    const anon = createHeadraceClient({ url: api.url });
    expect(await anon.auth.login.mutate({ username: 'pat', password })).toMatchObject({ username: 'pat', role: 'editor' });

    const rows = (await listAudit(database.db, { limit: 50, actor: 'admin-user' })).items.filter((r) => r.target === 'pat');
    expect(rows.map((r) => `${r.action}:${r.outcome}`).reverse()).toEqual([
      'admin.setUserRole:ok', 'admin.setUserDisabled:ok', 'admin.setUserDisabled:ok', 'admin.resetPassword:ok',
    ]);
    expect(JSON.stringify(rows)).not.toContain(password);
  });

  it('refuses an editor (exit 3), an unknown role (exit 2) and demoting the last admin (exit 2, CONFLICT)', async () => {
    const editor = await headrace(['users', 'disable', 'pat'], env.editor);
    expect(editor.code).toBe(3);
    expect(editor.stderr).toContain('FORBIDDEN');
    const bad = await headrace(['users', 'role', 'pat', 'owner'], env.admin);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Allowed choices are viewer, editor, admin/);
    const last = await headrace(['users', 'role', 'admin-user', 'viewer'], env.admin);
    expect(last.code).toBe(2);
    expect(last.stderr).toContain('CONFLICT: "admin-user" is the last enabled admin: make another admin first');
  });
});
