// Where a run's data comes from: the data roots the server fixed at start (a pipeline that reads outside them
// is refused when saved, at its line, naming them), the folder of the file a run was asked for (two copies of a
// pipeline each read their own data, and removing the first folder does not break the second), and what
// ingest refuses to read (the run fails once, with the reason).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppRouter } from '../../server/api/root';
import { waitForRun } from '../helpers/case-env';
import { headrace } from '../helpers/cli';
import { startHarness, type Harness } from '../helpers/harness';

let h: Harness;
let dir: string;
let roots: string[];
let env: Record<string, string>;

/** ingest → train → register, reading `data/points.csv` next to the file. */
const pipeline = (name: string) => `headrace: 1
name: ${name}
steps:
  ingest:
    uses: ingest.csv
    with: { path: data/points.csv }
  train:
    uses: train.logistic
    in: { table: ingest.table }
    with: { target: label, epochs: 5 }
  register:
    uses: registry.register
    in: { model: train.model }
    with: { name: ${name}, stage: staging }
`;

/** `rows` points: label "hi" when x > 0 (offset so two folders' data differ). */
function points(rows: number, offset: number): string {
  const lines = ['x,y,label'];
  for (let i = 0; i < rows; i++) {
    const x = ((i * 7919 + offset) % 200) / 10 - 10;
    lines.push(`${x},${(i % 13) / 13},${x > 0 ? 'hi' : 'lo'}`);
  }
  return `${lines.join('\n')}\n`;
}

function folder(name: string, files: Record<string, string>): string {
  const d = join(dir, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(d, path, '..'), { recursive: true });
    writeFileSync(join(d, path), text);
  }
  return d;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'headrace-data-paths-'));
  // Only this test's folder and the repository: /etc and the rest of the temp folder are outside.
  roots = [dir, process.cwd()];
  h = await startHarness({ api: true, dataRoots: roots });
  env = { HEADRACE_URL: h.api.url, HEADRACE_TOKEN: h.api.users.editor.token, XDG_CONFIG_HOME: join(dir, 'config'), HEADRACE_HOME: join(dir, 'home') };
});

afterAll(async () => {
  await h?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('data roots', () => {
  async function refusedSave(source: string, baseDir: string): Promise<string> {
    const e = await h.api.as('editor').pipeline.save.mutate({ source, baseDir, origin: 'pipeline.yaml' }).then(() => undefined, (err: unknown) => err);
    expect(e).toBeInstanceOf(TRPCClientError);
    expect((e as TRPCClientError<AppRouter>).data?.code).toBe('BAD_REQUEST');
    return (e as Error).message;
  }

  it('refuses to save a pipeline that reads outside them, at the path, naming the roots', async () => {
    const base = folder('escape', {});
    const absolute = await refusedSave(pipeline('reads-passwd').replace('data/points.csv', '/etc/passwd'), base);
    expect(absolute).toContain(`pipeline.yaml:6:19: error: ingest.csv config: 'path' reads /etc/passwd, outside the data roots (${roots.join(', ')})`);
    const up = await refusedSave(pipeline('reads-up').replace('data/points.csv', '../../../etc/passwd'), base);
    expect(up).toMatch(/^pipeline has 1 error\(s\):\npipeline\.yaml:6:19: error: ingest\.csv config: 'path' reads \.\.\/\.\.\/\.\.\/etc\/passwd \(\/etc\/passwd\), outside the data roots/);
    expect((await h.api.as('viewer').pipeline.list.query()).map((p) => p.name)).not.toContain('reads-up');
  });

  it('takes no root from the request: a baseDir outside the roots does not make its files readable', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'headrace-outside-'));
    try {
      writeFileSync(join(outside, 'points.csv'), points(40, 1));
      const message = await refusedSave(pipeline('reads-outside').replace('data/points.csv', 'points.csv'), outside);
      expect(message).toContain(`'path' reads points.csv (${join(outside, 'points.csv')}), outside the data roots`);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('headrace run FILE', () => {
  it('reads the data next to the file it runs, even when the same text was saved from another folder', async () => {
    const source = pipeline('two-copies');
    const a = folder('copy-a', { 'pipeline.yaml': source, 'data/points.csv': points(60, 3) });
    const b = folder('copy-b', { 'pipeline.yaml': source, 'data/points.csv': points(90, 11) });

    const first = await headrace(['run', join(a, 'pipeline.yaml'), '--wait'], env);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(first.stdout).toContain(`reading data/points.csv → ${join(a, 'data/points.csv')}`);
    const second = await headrace(['run', join(b, 'pipeline.yaml'), '--wait'], env);
    expect(second.code, second.stdout + second.stderr).toBe(0);
    expect(second.stdout).toContain(`reading data/points.csv → ${join(b, 'data/points.csv')}`);

    const rowsRead = async (stdout: string) => {
      const run = await waitForRun(h.api.as('viewer'), stdout.match(/run ([0-9a-f-]{36}) started/)![1]);
      const train = run.steps.find((s) => s.stepId === 'train' && s.status === 'succeeded')!;
      return { pipelineVersion: run.pipelineVersion, trained: (train.summary as { rows: number }).rows };
    };
    const [ra, rb] = [await rowsRead(first.stdout), await rowsRead(second.stdout)];
    expect(rb.pipelineVersion).toBe(ra.pipelineVersion); // one saved version, two folders
    expect([ra.trained, rb.trained]).toEqual([60, 90]);

    // The first folder gone, the second copy still reads its own file.
    rmSync(a, { recursive: true, force: true });
    const third = await headrace(['run', join(b, 'pipeline.yaml'), '--wait'], env);
    expect(third.code, third.stdout + third.stderr).toBe(0);
    expect((await rowsRead(third.stdout)).trained).toBe(90);

    // `headrace models NAME --json` lists every registry field of the versions the runs made.
    const models = await headrace(['models', 'two-copies', '--json'], env);
    const versions = JSON.parse(models.stdout) as Array<{ features: unknown; trainingDatasets: string[]; sourceHash: string }>;
    expect(versions).toHaveLength(2);
    expect(versions[0].features).toEqual([{ name: 'x', type: 'number' }, { name: 'y', type: 'number' }]);
    expect(new Set(versions.map((v) => v.trainingDatasets[0])).size).toBe(2);
  });
});

describe('ingest refusals in a run', () => {
  it('fails the step once, without retrying, with a short reason', async () => {
    const base = folder('garbage', { 'pipeline.yaml': pipeline('garbage'), 'data/points.csv': '' });
    const run = await h.api.as('editor').run.start.mutate({ source: pipeline('garbage'), baseDir: base });
    const done = await waitForRun(h.api.as('viewer'), run.id);
    expect(done.status).toBe('failed');
    const ingest = done.steps.filter((s) => s.stepId === 'ingest');
    expect(ingest.map((s) => [s.attempt, s.status, s.error])).toEqual([[1, 'failed', 'points.csv: the file is empty']]);
    expect(done.error).toContain('points.csv: the file is empty');
  });
});
