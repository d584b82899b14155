// The offline commands as a CI job runs them: `validate` over folders (exit codes, FILE:LINE:COL, --json),
// `schema` against the checked-in headrace.schema.json, usage errors, and the example CI workflow.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { headrace } from '../helpers/cli';
import { tinyPipeline } from './fixtures';

let dir: string;
const rel = (p: string) => relative(process.cwd(), join(dir, p));
// No server anywhere: offline commands must not need one. The pipelines and their data sit under tmpdir().
const offline = { HEADRACE_URL: 'http://127.0.0.1:9', HEADRACE_DATA_ROOTS: tmpdir() };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'headrace-cli-offline-'));
  mkdirSync(join(dir, 'repo/pipelines/nested'), { recursive: true });
  mkdirSync(join(dir, 'repo/node_modules/pkg'), { recursive: true });
  writeFileSync(join(dir, 'repo/pipelines/a.pipeline.yaml'), tinyPipeline('alpha'));
  writeFileSync(join(dir, 'repo/pipelines/nested/pipeline.yaml'), tinyPipeline('beta'));
  writeFileSync(join(dir, 'repo/pipelines/notes.yaml'), 'not: a pipeline\n'); // ignored: not a pipeline file name
  writeFileSync(join(dir, 'repo/node_modules/pkg/pipeline.yaml'), 'broken: [\n'); // ignored: dependencies
  mkdirSync(join(dir, 'bad'));
  writeFileSync(join(dir, 'bad/good.pipeline.yaml'), tinyPipeline('gamma'));
  // line 10, column 18: the unknown port reference
  writeFileSync(join(dir, 'bad/broken.pipeline.yaml'), tinyPipeline('delta').replace('in: { table: ingest.table }', 'in: { table: ingest.nope }'));
  mkdirSync(join(dir, 'dupes'));
  writeFileSync(join(dir, 'dupes/one.pipeline.yaml'), tinyPipeline('same'));
  writeFileSync(join(dir, 'dupes/two.pipeline.yaml'), tinyPipeline('same'));
  mkdirSync(join(dir, 'empty'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('headrace validate', () => {
  it('recurses into folders over *.pipeline.yaml and pipeline.yaml, offline, exit 0', async () => {
    const r = await headrace(['validate', join(dir, 'repo')], offline);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([
      `ok ${rel('repo/pipelines/a.pipeline.yaml')}: pipeline "alpha", 2 steps`,
      `ok ${rel('repo/pipelines/nested/pipeline.yaml')}: pipeline "beta", 2 steps`,
    ]);
  });

  it('names the invalid file by FILE:LINE:COL and exits 1, still checking the rest', async () => {
    const r = await headrace(['validate', join(dir, 'bad')], offline);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^${escape(rel('bad/broken.pipeline.yaml'))}:10:18: error: .*nope`, 'm'));
    expect(r.stderr).toContain('1 error(s) in 1 of 2 file(s)');
    expect(r.stdout).toContain(`ok ${rel('bad/good.pipeline.yaml')}`);
  });

  it('refuses a data path outside the data roots at its value, naming the roots', async () => {
    const file = join(dir, 'escape.pipeline.yaml');
    writeFileSync(file, tinyPipeline('escape').replace('path: data/penguins.json', 'path: /etc/passwd'));
    try {
      const r = await headrace(['validate', file], { ...offline, HEADRACE_DATA_ROOTS: join(dir, 'repo') });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`${rel('escape.pipeline.yaml')}:7:19: error: ingest.json config: 'path' reads /etc/passwd, outside the data roots (${join(dir, 'repo')})`);
    } finally {
      rmSync(file);
    }
  });

  it('--json gives every file with its diagnostics', async () => {
    const r = await headrace(['validate', join(dir, 'bad'), '--json'], offline);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.ok).toBe(false);
    const broken = out.files.find((f: { file: string }) => f.file.endsWith('broken.pipeline.yaml'));
    expect(broken).toMatchObject({ pipeline: 'delta', ok: false, steps: null });
    expect(broken.diagnostics[0]).toMatchObject({ severity: 'error', line: 10, col: 18 });
    expect(out.files.find((f: { file: string }) => f.file.endsWith('good.pipeline.yaml'))).toMatchObject({ ok: true, steps: 2, diagnostics: [] });
  });

  it('refuses two files declaring the same pipeline name, at the second name', async () => {
    const r = await headrace(['validate', join(dir, 'dupes')], offline);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${rel('dupes/two.pipeline.yaml')}:2:7: error: pipeline "same" is also declared in ${rel('dupes/one.pipeline.yaml')}`);
  });

  it('exits 2 for usage errors: a missing path, a folder without pipelines, a missing argument', async () => {
    const missing = await headrace(['validate', join(dir, 'nowhere')], offline);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nowhere: no such file or directory');
    const empty = await headrace(['validate', join(dir, 'empty')], offline);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('no pipeline files');
    const none = await headrace(['validate'], offline);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("missing required argument 'paths'");
    const bogus = await headrace(['frobnicate'], offline);
    expect(bogus.code).toBe(2);
    const param = await headrace(['compile', 'examples/penguins/pipeline.yaml', '--param', 'minAccuracy'], offline);
    expect(param.code).toBe(2);
    expect(param.stderr).toContain('--param minAccuracy: expected NAME=VALUE');
  });

  it('compile exits 1 with the position of a param value of the wrong type', async () => {
    const r = await headrace(['compile', 'examples/penguins/pipeline.yaml', '--param', 'minAccuracy=abc'], offline);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("examples/penguins/pipeline.yaml:5:3: error: param 'minAccuracy': value given must be a number");
    const json = await headrace(['compile', 'examples/penguins/pipeline.yaml', '--param', 'minAccuracy=abc', '--json'], offline);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ plan: null, diagnostics: [{ severity: 'error', line: 5, col: 3 }] });
  });
});

describe('headrace schema', () => {
  it('prints exactly the checked-in headrace.schema.json (regenerate: headrace schema > headrace.schema.json)', async () => {
    // The test-only step kinds stay out of the published schema even where a bench exported their switch.
    const r = await headrace(['schema'], { HEADRACE_TEST_KINDS: '' });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync('headrace.schema.json', 'utf8'));
    const schema = JSON.parse(r.stdout);
    expect(schema.$defs.step.properties.uses.enum).toContain('train.logistic');
  });
});

describe('examples/ci', () => {
  it('validates on pull requests and applies on main with the HEADRACE_URL / HEADRACE_TOKEN secrets', () => {
    const wf = parse(readFileSync('examples/ci/headrace.yml', 'utf8'));
    expect(Object.keys(wf.on)).toEqual(expect.arrayContaining(['pull_request', 'push']));
    expect(wf.on.push.branches).toEqual(['main']);
    const runs = (job: { steps: { run?: string }[] }) => job.steps.map((s) => s.run ?? '').join('\n');
    expect(runs(wf.jobs.validate)).toContain('npx headrace validate pipelines/');
    const apply = wf.jobs.apply;
    expect(apply.if).toContain("github.ref == 'refs/heads/main'");
    expect(runs(apply)).toContain('npx headrace apply pipelines/');
    expect(JSON.stringify(apply)).toContain('${{ secrets.HEADRACE_URL }}');
    expect(JSON.stringify(apply)).toContain('${{ secrets.HEADRACE_TOKEN }}');
    // A release run by hand: promotion to production drives the deployment of MODEL@production, waited for.
    expect(Object.keys(wf.on.workflow_dispatch.inputs)).toEqual(['model', 'version', 'endpoint']);
    const release = wf.jobs.release;
    expect(release.if).toBe("github.event_name == 'workflow_dispatch'");
    expect(wf.jobs.validate.if).toBe("github.event_name != 'workflow_dispatch'");
    expect(runs(release)).toMatch(/npx headrace promote "\$\{\{ inputs\.model \}\}" "\$\{\{ inputs\.version \}\}" production --reason/);
    expect(runs(release)).toMatch(/npx headrace deploy "\$\{\{ inputs\.endpoint \}\}" "\$\{\{ inputs\.model \}\}@production" --strategy canary .*--wait/);
    // The problem matcher turns FILE:LINE:COL diagnostics into annotations on the pull request's lines.
    const matcher = JSON.parse(readFileSync('examples/ci/headrace-problem-matcher.json', 'utf8'));
    const re = new RegExp(matcher.problemMatcher[0].pattern[0].regexp);
    expect('pipelines/a.pipeline.yaml:9:18: error: no output nope'.match(re)?.slice(1)).toEqual(['pipelines/a.pipeline.yaml', '9', '18', 'error', 'no output nope']);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
