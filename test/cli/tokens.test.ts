// `headrace tokens` (list, create with scopes, revoke) and `headrace endpoints set` against a real API with auth
// required: the human and --json outputs, usage errors (exit 2) and role refusals (exit 3).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { openDatabase, type Database } from '../../server/db/client';
import type { Services } from '../../server/services/context';
import { deploy } from '../../server/services/endpoints';
import { startApi, type TestApi } from '../helpers/api';
import { headrace } from '../helpers/cli';
import { fixtureModel } from '../serving/deployments-fixtures';

let dir: string;
let database: Database;
let api: TestApi;
let svc: Services;
let env: Record<'admin' | 'editor' | 'viewer', Record<string, string>>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'headrace-cli-tokens-'));
  database = await openDatabase('memory://', { migrate: true });
  // Neither tokens nor endpoint settings reach Temporal: the API runs without it.
  svc = { db: database.db, temporal: undefined as never, config: loadConfig({ HEADRACE_HOME: join(dir, 'home'), HEADRACE_AUTH: 'required' }) };
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

describe('headrace tokens', () => {
  it('creates a predict token (printed once on stdout), lists scopes, and revokes', async () => {
    const made = await headrace(['tokens', 'create', 'scoring-app', '--scope', 'predict', '--user', 'editor-user', '--expires-in-days', '30'], env.admin);
    expect(made.code, made.stderr).toBe(0);
    const token = made.stdout.trim();
    expect(token).toMatch(/^hr_[A-Za-z0-9_-]{43}$/);
    expect(made.stderr).toMatch(/token scoring-app \([0-9a-f-]{36}\), scopes predict, expires \d{4}-\d\d-\d\d: shown once/);

    const both = JSON.parse((await headrace(['tokens', 'create', 'both', '--scope', 'api', '--scope', 'predict', '--json'], env.admin)).stdout);
    expect(both).toMatchObject({ scopes: ['api', 'predict'], token: expect.stringMatching(/^hr_/) });

    const list = await headrace(['tokens', '--user', 'editor-user'], env.admin);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^ID +NAME +USER +PREFIX +SCOPES +CREATED +EXPIRES +LAST USED +STATE$/m);
    expect(list.stdout).toMatch(new RegExp(`^[0-9a-f-]{36} +scoring-app +editor-user +${token.slice(0, 9)}… +predict +\\d{4}-\\d\\d-\\d\\d +\\d{4}-\\d\\d-\\d\\d +— +active$`, 'm'));
    expect(list.stdout).toMatch(/ test editor +editor-user +hr_.{6}… +api /);

    const id = JSON.parse((await headrace(['tokens', '--user', 'editor-user', '--json'], env.admin)).stdout).find((t: { name: string }) => t.name === 'scoring-app').id;
    const revoked = await headrace(['tokens', 'revoke', id], env.admin);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stdout.trim()).toBe(`token ${id} revoked: the API refuses it at once; predict servers within their token cache (5 s)`);
    expect((await headrace(['tokens', '--user', 'editor-user'], env.admin)).stdout).toMatch(/ scoring-app .* revoked$/m);
  });

  it('refuses an unknown scope as a usage error, and a non-admin with exit 3', async () => {
    const bad = await headrace(['tokens', 'create', 'x', '--scope', 'everything'], env.admin);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/a scope: api or predict/);
    const viewer = await headrace(['tokens', 'create', 'x'], env.viewer);
    expect(viewer.code).toBe(3);
    expect(viewer.stderr).toMatch(/needs role admin/);
  });
});

describe('headrace endpoints set', () => {
  it('changes the settings, keeps what is not given, and refuses a viewer', async () => {
    const m = await fixtureModel(database.db, 'cli-set', ['staging']);
    await deploy(svc, { endpoint: 'settings', model: `${m.name}@1`, strategy: 'replace', actor: 'ann' });

    const set = await headrace(['endpoints', 'set', 'settings', '--require-token', '--log-sample-rate', '0.1', '--description', 'scores leads', '--reason', 'public now'], env.editor);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout.trim()).toBe('settings: token required: yes; prediction log sample: 0.1; scores leads (revision 2)');

    const off = JSON.parse((await headrace(['endpoints', 'set', 'settings', '--no-require-token', '--json'], env.editor)).stdout);
    expect(off).toMatchObject({ name: 'settings', requireToken: false, logSampleRate: 0.1, description: 'scores leads', revision: 3 });

    const nothing = await headrace(['endpoints', 'set', 'settings'], env.editor);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toMatch(/nothing to change/);
    const rate = await headrace(['endpoints', 'set', 'settings', '--log-sample-rate', '2'], env.editor);
    expect(rate.code).toBe(2);
    expect(rate.stderr).toMatch(/a share between 0 and 1/);
    const viewer = await headrace(['endpoints', 'set', 'settings', '--require-token'], env.viewer);
    expect(viewer.code).toBe(3);
    expect(viewer.stderr).toMatch(/needs role editor/);
    const unknown = await headrace(['endpoints', 'set', 'no-such-endpoint', '--require-token'], env.editor);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/no endpoint named no-such-endpoint/);
  });
});
