// `headrace pipelines rename OLD NEW` and `headrace pipelines duplicate NAME NEW` against a real API: the result
// on stdout, the reminder about the applied file on stderr, and every refusal one sentence with its exit code.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headrace } from '../helpers/cli';
import { startHarness, type Harness } from '../helpers/harness';
import { tinyPipeline } from './fixtures';

let h: Harness;
let dir: string;
let editor: Record<string, string>;
let viewer: Record<string, string>;
const STACK = /^\s+at /m;
/** The file `apply` saved `name` from, as it records it (relative to the working directory). */
const applied = (name: string) => relative(process.cwd(), join(dir, `${name}.pipeline.yaml`));

beforeAll(async () => {
  h = await startHarness({ api: true });
  dir = mkdtempSync(join(tmpdir(), 'headrace-cli-names-'));
  const base = { HEADRACE_URL: h.api.url, XDG_CONFIG_HOME: join(dir, 'config'), HEADRACE_HOME: join(dir, 'home') };
  editor = { ...base, HEADRACE_TOKEN: h.api.users.editor.token };
  viewer = { ...base, HEADRACE_TOKEN: h.api.users.viewer.token };
  for (const name of ['churn', 'other']) writeFileSync(join(dir, `${name}.pipeline.yaml`), tinyPipeline(name));
  const applied = await headrace(['apply', dir], editor);
  expect(applied.code, applied.stdout + applied.stderr).toBe(0);
}, 180_000);

afterAll(async () => {
  await h?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('headrace pipelines rename', () => {
  it('renames, says so, and reminds that the applied file still holds the old name', async () => {
    const r = await headrace(['pipelines', 'rename', 'churn', 'churn-model'], editor);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('renamed churn to churn-model (v2; its versions, runs and schedule moved with it)\n');
    expect(r.stderr).toBe(`${applied('churn')} still says \`name: churn\`: change it too, or the next apply of it saves "churn" again\n`);
    const list = await headrace(['pipelines', '--json'], editor);
    expect(JSON.parse(list.stdout).map((p: { name: string }) => p.name)).toEqual(['churn-model', 'other']);
  });

  it('refuses a taken name, a bad name and a viewer with one sentence each, no stack trace', async () => {
    const taken = await headrace(['pipelines', 'rename', 'other', 'churn-model'], editor);
    expect(taken.code).toBe(2);
    expect(taken.stderr).toBe('headrace: CONFLICT: A pipeline named "churn-model" already exists (v2): choose another name.\n');
    const bad = await headrace(['pipelines', 'rename', 'other', 'Other Name'], editor);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('headrace: pipeline.rename: newName must be a lowercase letter followed by lowercase letters, digits, "-" or "_", got "Other Name".\n');
    const unknown = await headrace(['pipelines', 'rename', 'nothing', 'something'], editor);
    expect(unknown.stderr).toBe('headrace: NOT_FOUND: There is no pipeline "nothing".\n');
    const forbidden = await headrace(['pipelines', 'rename', 'other', 'other-2'], viewer);
    expect(forbidden.code).toBe(3);
    expect(forbidden.stderr).toMatch(/^headrace: FORBIDDEN: needs role editor; viewer-user is viewer\n$/);
    for (const r of [taken, bad, unknown, forbidden]) {
      expect(r.stdout).toBe('');
      expect(r.stderr).not.toMatch(STACK);
    }
  });

  it('reads --json given before or after the subcommand, errors included', async () => {
    const r = await headrace(['pipelines', '--json', 'rename', 'other', 'other-2'], editor);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ name: 'other-2', version: 2, origin: applied('other') });
    const refused = await headrace(['pipelines', 'rename', 'other-2', 'churn-model', '--json'], editor);
    expect(refused.code).toBe(2);
    expect(JSON.parse(refused.stderr)).toMatchObject({ error: { code: 'CONFLICT', exit: 2 } });
  });
});

describe('headrace pipelines duplicate', () => {
  it('copies the latest version as v1 of a new pipeline', async () => {
    const r = await headrace(['pipelines', 'duplicate', 'churn-model', 'churn-copy'], editor);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('duplicated churn-model as churn-copy (v1, no runs; a schedule, if any, starts paused)\n');
    expect(r.stderr).toBe('');
    const copy = await h.api.as('viewer').pipeline.get.query({ name: 'churn-copy' });
    expect(copy.version.source).toBe(tinyPipeline('churn-copy'));
    const again = await headrace(['pipelines', 'duplicate', 'churn-model', 'churn-copy'], editor);
    expect(again.code).toBe(2);
    expect(again.stderr).toBe('headrace: CONFLICT: A pipeline named "churn-copy" already exists (v1): choose another name.\n');
  });
});
