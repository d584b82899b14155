// The API's clients for other languages, against a real embedded platform (Temporal, PGlite, the HTTP API with
// auth required, a predict server following its deployments):
// - the Python client (clients/python) is installed with pip into its own virtual environment and its pytest
//   suite runs against this platform: runs started, followed and waited for, model versions promoted, the
//   deployed endpoint called, refusals as errors, and the generated half regenerated to prove it current;
// - the compiled TypeScript client (`npm run build:client`) is imported by plain `node` from a scratch project,
//   as ESM and as CommonJS, typed under `moduleResolution: nodenext`, loads nothing but its own dependencies, and
//   is in what `npm pack` ships.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPredictServer, type PredictServer } from '../../server/serving/server';
import { penguinsDir } from '../helpers/case-env';
import { startHarness, type Harness } from '../helpers/harness';
import { ensurePythonVenv, PYTHON_CLIENT_DIR } from '../helpers/python-venv';

const run = promisify(execFile);
const root = resolve('.');

let h: Harness;
let serve: PredictServer;
let scratch: string;

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'headrace-clients-'));
  h = await startHarness({ api: true });
  const source = readFileSync(resolve(penguinsDir, 'pipeline.yaml'), 'utf8');
  await h.api.as('editor').pipeline.save.mutate({ source, baseDir: penguinsDir, create: true });
  serve = await startPredictServer({ db: h.database.db, artifacts: h.store, port: 0, threads: 1, predictionLog: false, follow: { pollMs: 200 } });
}, 180_000);

afterAll(async () => {
  await serve?.close();
  await h?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('the Python client', () => {
  it('installs with pip and passes its tests against the platform, its generated half current', async () => {
    const venv = ensurePythonVenv();
    const python = join(venv, 'bin', 'python');
    // `pip install ./clients/python`, from a copy so the build leaves nothing in the checkout.
    const copy = join(scratch, 'python-client');
    cpSync(PYTHON_CLIENT_DIR, copy, { recursive: true, filter: (src) => !src.includes('__pycache__') });
    await run(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-deps', '--no-build-isolation', '--force-reinstall', copy]);
    const shown = await run(python, ['-m', 'pip', 'show', '--files', 'headrace-client']);
    expect(shown.stdout).toMatch(/headrace\/client\.py/);
    expect(shown.stdout).toMatch(/headrace_api\/api\/runs\/run_start\.py/);

    const tests = join(PYTHON_CLIENT_DIR, 'tests');
    const declared = readdirSync(tests).filter((f) => f.startsWith('test_')).flatMap((f) => readFileSync(join(tests, f), 'utf8').match(/^def test_/gm) ?? []).length;
    // From a folder outside the checkout: the tests import the installed package, not the source tree.
    const result = await run(python, ['-m', 'pytest', tests, '-q', '-p', 'no:cacheprovider', '--rootdir', copy, '-x'], {
      cwd: scratch,
      env: {
        ...process.env,
        PYTHONDONTWRITEBYTECODE: '1',
        HEADRACE_URL: h.api.url,
        HEADRACE_TEST_EDITOR_TOKEN: h.api.users.editor.token,
        HEADRACE_TEST_VIEWER_TOKEN: h.api.users.viewer.token,
        HEADRACE_TEST_ADMIN_TOKEN: h.api.users.admin.token,
        HEADRACE_SERVE_URL: serve.url,
        HEADRACE_TEST_PIPELINE: 'penguins',
      },
      timeout: 400_000,
      maxBuffer: 16 * 1024 * 1024,
    }).catch((err: { stdout?: string; stderr?: string; message: string }) => {
      throw new Error(`pytest failed:\n${err.stdout ?? ''}\n${err.stderr ?? err.message}`);
    });
    const summary = result.stdout.trim().split('\n').at(-1) ?? '';
    expect(summary, result.stdout).toMatch(new RegExp(`^${declared} passed in `));
  }, 480_000);
});

describe('the compiled TypeScript client', () => {
  let project: string;

  beforeAll(async () => {
    await run('npm', ['run', '-s', 'build:client'], { cwd: root, timeout: 240_000 });
    // A scratch project that has installed headrace: its node_modules/headrace is this package.
    project = join(scratch, 'ts-project');
    mkdirSync(join(project, 'node_modules'), { recursive: true });
    symlinkSync(root, join(project, 'node_modules', 'headrace'), 'dir');
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
  }, 300_000);

  const env = () => ({ ...process.env, HEADRACE_URL: h.api.url, HEADRACE_TOKEN: h.api.users.viewer.token });

  it('is imported by plain node as ESM and calls the API', async () => {
    writeFileSync(join(project, 'esm.mjs'), [
      "import { createHeadraceClient } from 'headrace/client';",
      'const hr = createHeadraceClient({ url: process.env.HEADRACE_URL, token: process.env.HEADRACE_TOKEN });',
      'const me = await hr.auth.me.query();',
      "const pipelines = await hr.pipeline.list.query();",
      'console.log(JSON.stringify({ me, pipelines: pipelines.map((p) => p.name), date: pipelines[0].updatedAt instanceof Date }));',
    ].join('\n'));
    const out = await run(process.execPath, ['esm.mjs'], { cwd: project, env: env() });
    expect(JSON.parse(out.stdout)).toEqual({ me: { userId: expect.any(String), username: 'viewer-user', role: 'viewer', via: 'token' }, pipelines: ['penguins'], date: true });
  });

  it('is required by plain node as CommonJS, loading nothing but @trpc/client, superjson and theirs', async () => {
    writeFileSync(join(project, 'cjs.cjs'), [
      "const { createHeadraceClient } = require('headrace/client');",
      'const hr = createHeadraceClient({ url: process.env.HEADRACE_URL, token: process.env.HEADRACE_TOKEN });',
      'hr.auth.me.query().then((me) => console.log(JSON.stringify({ me: me.username, loaded: Object.keys(require.cache) })));',
    ].join('\n'));
    const out = await run(process.execPath, ['cjs.cjs'], { cwd: project, env: env() });
    const { me, loaded } = JSON.parse(out.stdout) as { me: string; loaded: string[] };
    expect(me).toBe('viewer-user');
    const packages = new Set(loaded.filter((p) => p.includes('/node_modules/')).map((p) => p.split('/node_modules/').at(-1)!.split('/').slice(0, p.split('/node_modules/').at(-1)!.startsWith('@') ? 2 : 1).join('/')));
    expect([...packages].sort()).toEqual(['@trpc/client', '@trpc/server', 'superjson']);
    const own = loaded.filter((p) => !p.includes('/node_modules/') && p !== join(project, 'cjs.cjs'));
    expect(own).toEqual([join(root, 'dist/client/index.cjs')]);
  });

  it('is typed for a TypeScript project under moduleResolution nodenext: procedures, inputs and outputs', async () => {
    writeFileSync(join(project, 'typed.ts'), [
      "import { createHeadraceClient, type HeadraceClient } from 'headrace/client';",
      "const hr: HeadraceClient = createHeadraceClient({ url: 'http://127.0.0.1:3000', token: 'hr_x' });",
      'export async function newest(): Promise<string> {',
      "  const page = await hr.run.list.query({ pipeline: 'penguins', limit: 5 });",
      '  const first = page.items[0];',
      '  const started: Date = first.createdAt;',
      '  // @ts-expect-error -- a status is a string, not a number',
      '  const wrong: number = first.status;',
      '  // @ts-expect-error -- no such procedure',
      '  hr.run.nope;',
      '  // @ts-expect-error -- limit is a number',
      "  await hr.run.list.query({ limit: 'five' });",
      '  return `${first.id} ${started.toISOString()} ${wrong}`;',
      '}',
    ].join('\n'));
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true, skipLibCheck: true, types: [] },
      files: ['typed.ts'],
    }));
    const tsc = join(root, 'node_modules/typescript/bin/tsc');
    await run(process.execPath, [tsc, '-p', project], { cwd: project }).catch((err: { stdout?: string; message: string }) => {
      throw new Error(`tsc refused the scratch project:\n${err.stdout || err.message}`);
    });
  }, 60_000);

  it('is in the package npm pack makes, beside the sources', async () => {
    const out = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
    const files = new Set((JSON.parse(out.stdout) as Array<{ files: Array<{ path: string }> }>)[0].files.map((f) => f.path));
    for (const f of ['dist/client/index.js', 'dist/client/index.cjs', 'dist/client/index.d.ts', 'dist/client/index.d.cts', 'dist/client/types/server/api/client.d.ts', 'server/api/client.ts', 'bin/headrace.js']) {
      expect(files.has(f), f).toBe(true);
    }
    expect([...files].some((f) => f.startsWith('test/') || f.startsWith('node_modules/'))).toBe(false);
  });
});
