// The GitOps commands against a real API (auth required), as a CI job drives them: `apply` all or nothing and
// idempotent, `diff` like diff(1), exit code 3 for refused credentials and 2 for an unreachable server.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headrace } from '../helpers/cli';
import { startHarness, type Harness } from '../helpers/harness';
import { tinyPipeline } from './fixtures';

let h: Harness;
let dir: string;
/** Environment of a CI job with an editor's token (and no stored credentials of the machine's user). */
let editor: Record<string, string>;
const rel = (p: string) => relative(process.cwd(), join(dir, p));
const write = (p: string, text: string) => {
  mkdirSync(join(dir, p, '..'), { recursive: true });
  writeFileSync(join(dir, p), text);
};
const cli = (args: string[], env = editor) => headrace(args, env);

beforeAll(async () => {
  h = await startHarness({ api: true });
  dir = mkdtempSync(join(tmpdir(), 'headrace-cli-gitops-'));
  const base = { HEADRACE_URL: h.api.url, XDG_CONFIG_HOME: join(dir, 'config'), HEADRACE_HOME: join(dir, 'home') };
  editor = { ...base, HEADRACE_TOKEN: h.api.users.editor.token };
});

afterAll(async () => {
  await h?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('headrace apply', () => {
  it('saves every pipeline of a folder, and applying it again creates no new version', async () => {
    write('repo/pipelines/alpha.pipeline.yaml', tinyPipeline('cli-alpha'));
    write('repo/pipelines/beta/pipeline.yaml', tinyPipeline('cli-beta'));
    const first = await cli(['apply', join(dir, 'repo')]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^created +cli-alpha v1 /m);
    expect(first.stdout).toMatch(/^created +cli-beta v1 /m);

    const again = await cli(['apply', join(dir, 'repo')]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^unchanged +cli-alpha v1 /m);
    expect(again.stdout).toMatch(/^unchanged +cli-beta v1 /m);
    const client = h.api.as('viewer');
    expect(await client.pipeline.versions.query({ name: 'cli-alpha' })).toHaveLength(1);
    expect(await client.pipeline.versions.query({ name: 'cli-beta' })).toHaveLength(1);

    write('repo/pipelines/alpha.pipeline.yaml', tinyPipeline('cli-alpha', 'second description'));
    const json = await cli(['apply', join(dir, 'repo'), '--json']);
    expect(json.code, json.stderr).toBe(0);
    const out = JSON.parse(json.stdout);
    expect(out.ok).toBe(true);
    expect(out.saved.map((s: { name: string; status: string; version: number }) => [s.name, s.status, s.version]))
      .toEqual([['cli-alpha', 'updated', 2], ['cli-beta', 'unchanged', 1]]);
    expect(out.saved[0].file).toBe(rel('repo/pipelines/alpha.pipeline.yaml'));
  });

  it('saves nothing when one file is invalid, and names it FILE:LINE:COL', async () => {
    write('mixed/good.pipeline.yaml', tinyPipeline('cli-gamma'));
    write('mixed/broken.pipeline.yaml', tinyPipeline('cli-delta').replace('in: { table: ingest.table }', 'in: { table: ingest.nope }'));
    const r = await cli(['apply', join(dir, 'mixed')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${rel('mixed/broken.pipeline.yaml')}:10:18: error:`);
    expect(r.stderr).toContain('nothing was saved');
    expect(r.stdout).toBe('');
    const client = h.api.as('viewer');
    for (const name of ['cli-gamma', 'cli-delta']) {
      await expect(client.pipeline.get.query({ name })).rejects.toMatchObject({ data: { code: 'NOT_FOUND' } });
    }
  });

  it('exits 3 when the token is refused or lacks the role, 2 when the server cannot be reached', async () => {
    write('auth/pipeline.yaml', tinyPipeline('cli-auth'));
    const viewer = await cli(['apply', join(dir, 'auth')], { ...editor, HEADRACE_TOKEN: h.api.users.viewer.token });
    expect(viewer.code).toBe(3);
    expect(viewer.stderr).toMatch(/FORBIDDEN: .*editor/);
    const bogus = await cli(['apply', join(dir, 'auth'), '--token', 'hr_not-a-real-token']);
    expect(bogus.code).toBe(3);
    expect(bogus.stderr).toContain('UNAUTHORIZED');
    const none = await cli(['apply', join(dir, 'auth'), '--json'], { ...editor, HEADRACE_TOKEN: '' });
    expect(none.code).toBe(3);
    expect(JSON.parse(none.stderr)).toMatchObject({ error: { code: 'UNAUTHORIZED', exit: 3 } });
    const unreachable = await cli(['apply', join(dir, 'auth'), '--url', 'http://127.0.0.1:1']);
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toContain('cannot reach the Headrace API at http://127.0.0.1:1');
    await expect(h.api.as('viewer').pipeline.get.query({ name: 'cli-auth' })).rejects.toMatchObject({ data: { code: 'NOT_FOUND' } });
  });
});

describe('headrace diff', () => {
  it('exits 0 when the file is the saved version, 1 with a unified diff when not', async () => {
    write('diff/pipeline.yaml', tinyPipeline('cli-diff'));
    const never = await cli(['diff', join(dir, 'diff')]);
    expect(never.code).toBe(1);
    expect(never.stdout).toContain('--- /dev/null');

    expect((await cli(['apply', join(dir, 'diff')])).code).toBe(0);
    const same = await cli(['diff', join(dir, 'diff/pipeline.yaml')]);
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout).toBe('');

    write('diff/pipeline.yaml', tinyPipeline('cli-diff', 'changed locally'));
    const changed = await cli(['diff', join(dir, 'diff/pipeline.yaml')]);
    expect(changed.code).toBe(1);
    expect(changed.stdout).toMatch(/^--- cli-diff@v1\t/m);
    expect(changed.stdout).toMatch(new RegExp(`^\\+\\+\\+ ${rel('diff/pipeline.yaml').replace(/[.]/g, '\\.')}`, 'm'));
    expect(changed.stdout).toMatch(/^-description: CLI test pipeline$/m);
    expect(changed.stdout).toMatch(/^\+description: changed locally$/m);
    const json = JSON.parse((await cli(['diff', join(dir, 'diff/pipeline.yaml'), '--json'])).stdout);
    expect(json).toMatchObject({ equal: false, files: [{ name: 'cli-diff', savedVersion: 1, equal: false }] });
  });
});
