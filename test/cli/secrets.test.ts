// `headrace secret` (set, list, delete, rotate) and `headrace egress` (list, allow, revoke) against a real API with auth
// required: a value from stdin, a file or a variable, sealed and readable by a worker of the same home, never
// printed back; role refusals (exit 3); bad names refused naming the field (exit 2); each change audited.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { openDatabase, type Database } from '../../server/db/client';
import { listAudit } from '../../server/auth/audit-log';
import { getSealedSecret } from '../../server/db/repo/secrets';
import { readSecret } from '../../server/secrets/store';
import type { Services } from '../../server/services/context';
import { startApi, type TestApi } from '../helpers/api';
import { headrace } from '../helpers/cli';

let dir: string;
let home: string;
let database: Database;
let api: TestApi;
let env: Record<'admin' | 'editor' | 'viewer', Record<string, string>>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'headrace-cli-secrets-'));
  home = join(dir, 'home');
  database = await openDatabase('memory://', { migrate: true });
  // Secrets and the egress list never reach Temporal: the API runs without it.
  const svc: Services = { db: database.db, temporal: undefined as never, config: loadConfig({ HEADRACE_HOME: home, HEADRACE_AUTH: 'required' }) };
  api = await startApi(svc);
  const base = { HEADRACE_URL: api.url, XDG_CONFIG_HOME: join(dir, 'config'), HEADRACE_HOME: home };
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

describe('headrace secret', () => {
  it('sets a value from stdin, a file or a variable; lists names only; deletes; every change audited without the value', async () => {
    const empty = await headrace(['secret', 'list'], env.editor);
    expect([empty.code, empty.stdout.trim()]).toEqual([0, 'no secrets (an admin adds one: headrace secret set NAME, the value from stdin or a prompt)']);

    const made = await headrace(['secret', 'set', 'export-token', '--description', 'the export API'], env.admin, 'Bearer 9f8e7d6c\n');
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout.trim()).toMatch(/^secret export-token created \(sealed with key [0-9a-f]{12}\)$/);
    expect(made.stderr).toContain('ingest.http names it in secretHeaders (Authorization: export-token)');
    // The pipe's trailing newline is not part of the value.
    expect(await readSecret(database.db, 'export-token', home)).toBe('Bearer 9f8e7d6c');

    const file = join(dir, 'pem');
    writeFileSync(file, '-----BEGIN KEY-----\nabc\n-----END KEY-----\n');
    expect((await headrace(['secret', 'set', 'client-key', '--from-file', file], env.admin)).code).toBe(0);
    expect(await readSecret(database.db, 'client-key', home)).toBe('-----BEGIN KEY-----\nabc\n-----END KEY-----\n');
    const fromEnv = await headrace(['secret', 'set', 'export-token', '--from-env', 'MY_TOKEN', '--json'], { ...env.admin, MY_TOKEN: 'Bearer rotated-1' });
    expect(fromEnv.code, fromEnv.stderr).toBe(0);
    expect(JSON.parse(fromEnv.stdout)).toMatchObject({ name: 'export-token', description: 'the export API', created: false });
    expect(await readSecret(database.db, 'export-token', home)).toBe('Bearer rotated-1');

    const list = await headrace(['secret', 'list'], env.editor);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^NAME +UPDATED +BY +KEY +DESCRIPTION$/m);
    expect(list.stdout).toMatch(/^export-token +\d{4}-\d\d-\d\d \d\d:\d\d +admin-user +[0-9a-f]{12} +the export API$/m);
    expect(list.stdout + fromEnv.stdout + made.stdout).not.toMatch(/9f8e7d6c|rotated-1|BEGIN KEY/);

    const deleted = await headrace(['secret', 'delete', 'client-key'], env.admin);
    expect([deleted.code, deleted.stdout.trim()]).toEqual([0, 'secret client-key deleted: steps that name it now fail with "secret client-key is not set"']);

    const audit = await listAudit(database.db, { limit: 50, actor: 'admin-user' });
    const rows = audit.items.filter((r) => r.action.startsWith('secret.')).reverse();
    expect(rows.map((r) => [r.action, r.target, r.outcome])).toEqual([
      ['secret.set', 'export-token', 'ok'], ['secret.set', 'client-key', 'ok'], ['secret.set', 'export-token', 'ok'], ['secret.delete', 'client-key', 'ok'],
    ]);
    expect(JSON.stringify(rows)).not.toMatch(/9f8e7d6c|rotated-1|BEGIN KEY/);
  });

  it('rotates: --new-key replaces the key file and seals every value again under it; the values still read; only admins', async () => {
    expect((await headrace(['secret', 'set', 'rotated-token'], env.admin, 'before-rotation-1\n')).code).toBe(0);
    const before = (await getSealedSecret(database.db, 'rotated-token'))!.keyId;
    const r = await headrace(['secret', 'rotate', '--new-key'], env.admin);
    expect(r.code, r.stderr).toBe(0);
    const newKey = new RegExp(`^new key ([0-9a-f]{12}) replaces key ${before} \\(kept in secret\\.key\\.previous`, 'm').exec(r.stdout)?.[1];
    expect(newKey).toBeDefined();
    expect(r.stdout).toMatch(new RegExp(`^sealed again under key ${newKey}: \\d+ \\((.*, )?rotated-token(, .*)?\\); already under it: 0$`, 'm'));
    expect((await getSealedSecret(database.db, 'rotated-token'))!.keyId).toBe(newKey);
    expect(await readSecret(database.db, 'rotated-token', home)).toBe('before-rotation-1');
    expect(statSync(join(home, 'secret.key.previous')).mode & 0o777).toBe(0o600);
    expect(r.stdout + r.stderr).not.toContain('before-rotation-1');
    // Again, without a new key: nothing left to seal again, and it says the previous key can go.
    const again = await headrace(['secret', 'rotate', '--json'], env.admin);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ keyId: newKey, previousKeyId: null, resealed: [], unreadable: [] });
    const viewer = await headrace(['secret', 'rotate'], env.viewer);
    expect(viewer.code).toBe(3);
    const audit = await listAudit(database.db, { limit: 10, action: 'secret.rotate' });
    expect(audit.items.map((i) => i.outcome)).toEqual(expect.arrayContaining(['ok', 'denied']));
  });

  it('refuses a bad name or a short value naming the field (exit 2), and other roles (exit 3)', async () => {
    const bad = await headrace(['secret', 'set', '9lives'], env.admin, 'long enough value');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^headrace: secret\.set: name /);
    const short = await headrace(['secret', 'set', 'tiny'], env.admin, 'abc');
    expect([short.code, short.stderr.trim()]).toEqual([2, 'headrace: secret.set: value must be at least 4 character(s) long.']);
    for (const role of ['viewer', 'editor'] as const) {
      const r = await headrace(['secret', 'set', 'x-token'], env[role], 'some value');
      expect([r.code, r.stderr.trim()]).toEqual([3, `headrace: FORBIDDEN: needs role admin; ${role}-user is ${role}`]);
    }
    const viewerList = await headrace(['secret', 'list'], env.viewer);
    expect([viewerList.code, viewerList.stderr.trim()]).toEqual([3, 'headrace: FORBIDDEN: needs role editor; viewer-user is viewer']);
  });
});

describe('headrace egress', () => {
  it('allows, lists and revokes hosts (admins), refusing a bad host by name', async () => {
    const empty = await headrace(['egress'], env.viewer);
    expect([empty.code, empty.stdout.trim()]).toEqual([0, 'no hosts allowed: ingest.http, webhooks and data triggers reach public addresses only (an admin allows one: headrace egress allow HOST)']);
    const allowed = await headrace(['egress', 'allow', 'Feature-Store.internal', '--note', 'the feature store'], env.admin);
    expect([allowed.code, allowed.stdout.trim()]).toEqual([0, 'feature-store.internal allowed']);
    const list = await headrace(['egress'], env.viewer);
    expect(list.stdout).toMatch(/^feature-store\.internal +admin-user +\d{4}-\d\d-\d\d +the feature store$/m);
    const refused = await headrace(['egress', 'allow', 'feature store'], env.admin);
    expect([refused.code, refused.stderr.trim()]).toEqual([2, 'headrace: egress.allow: host must be a host name (db.internal), *.domain for its subdomains, or an IP address.']);
    const editor = await headrace(['egress', 'allow', 'x.internal'], env.editor);
    expect(editor.code).toBe(3);
    const revoked = await headrace(['egress', 'revoke', 'feature-store.internal'], env.admin);
    expect([revoked.code, revoked.stdout.trim()]).toEqual([0, 'feature-store.internal revoked: requests to it are refused again when it resolves to a restricted address']);
  });
});
