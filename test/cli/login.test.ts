// `headrace login` against an API with auth required: a password from stdin or a token is checked and
// stored per server in $XDG_CONFIG_HOME/headrace/credentials.json with mode 0600; later commands use it,
// after --token and HEADRACE_TOKEN; wrong passwords and bad tokens exit 3 and store nothing.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headrace } from '../helpers/cli';
import { startHarness, type Harness } from '../helpers/harness';

let h: Harness;
let config: string;
let env: Record<string, string>;
const credentials = () => join(config, 'headrace', 'credentials.json');
const stored = () => JSON.parse(readFileSync(credentials(), 'utf8')) as { servers: Record<string, { url: string; token: string; username: string }> };

beforeAll(async () => {
  h = await startHarness({ api: true });
  config = mkdtempSync(join(tmpdir(), 'headrace-config-'));
  // A user's environment: no token in it, the config folder of their own.
  env = { XDG_CONFIG_HOME: config, HEADRACE_TOKEN: '', HEADRACE_URL: h.api.url };
});

afterAll(async () => {
  await h?.stop();
  rmSync(config, { recursive: true, force: true });
});

describe('headrace login', () => {
  it('trades a password from stdin for a token, stores it 0600, and later commands use it', async () => {
    const before = await headrace(['models'], env);
    expect(before.code, before.stderr).toBe(3);
    expect(before.stderr).toContain('headrace login');

    const r = await headrace(['login', '--username', 'editor-user'], env, `${h.api.users.editor.password}\n`);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`signed in to ${h.api.url} as editor-user (editor)`);
    expect(statSync(credentials()).mode & 0o777).toBe(0o600);
    expect(statSync(join(config, 'headrace')).mode & 0o777).toBe(0o700);
    const entry = stored().servers[h.api.url];
    expect(entry).toMatchObject({ url: h.api.url, username: 'editor-user' });
    expect(entry.token).toMatch(/^hr_/);
    expect(readFileSync(credentials(), 'utf8')).not.toContain(h.api.users.editor.password);

    const after = await headrace(['models', '--json'], env);
    expect(after.code, after.stderr).toBe(0);
  });

  it('checks a --token before storing it, and replaces the stored one', async () => {
    const r = await headrace(['login', '--token', h.api.users.viewer.token, '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ url: h.api.url, username: 'viewer-user', role: 'viewer' });
    expect(stored().servers[h.api.url].token).toBe(h.api.users.viewer.token);

    const bogus = await headrace(['login', '--token', 'hr_bogus'], env);
    expect(bogus.code).toBe(3);
    expect(bogus.stderr).toMatch(/UNAUTHORIZED/);
    expect(stored().servers[h.api.url].token).toBe(h.api.users.viewer.token); // the working one stays
  });

  it('refuses a wrong password with exit 3, and asks for --token or --username', async () => {
    const wrong = await headrace(['login', '--username', 'editor-user'], env, 'not-the-password\n');
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toContain('wrong username or password');
    const neither = await headrace(['login'], env);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toMatch(/--token T, or --username U/);
  });

  it('prefers --token, then HEADRACE_TOKEN, then the stored token', async () => {
    // Stored: the viewer's token (from the test above). A bogus HEADRACE_TOKEN wins over it...
    const envBogus = await headrace(['models'], { ...env, HEADRACE_TOKEN: 'hr_bogus' });
    expect(envBogus.code).toBe(3);
    // ...and --token wins over HEADRACE_TOKEN.
    const flag = await headrace(['models', '--token', h.api.users.admin.token], { ...env, HEADRACE_TOKEN: 'hr_bogus' });
    expect(flag.code, flag.stderr).toBe(0);
    // Tokens are stored per server: another URL does not get this one.
    const other = await headrace(['models', '--url', h.api.url.replace('127.0.0.1', 'localhost')], env);
    expect(other.code).toBe(3);
  });
});
