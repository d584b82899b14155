// Versions and lineage (docs/data.md, "Versions" and "Lineage") on a real platform: real Temporal, a real worker,
// PGlite, the HTTP API with auth required, and the real `headrace` CLI.
//   - Two pipelines read the same penguins file, each training and registering its own model; one deploys its
//     model to an endpoint. The graph from the source reaches both models and the endpoint; the graph from the
//     other model reaches back to its source and to nothing of the first pipeline.
//   - A source file that changes between two runs has two versions; comparing them shows the column added, the
//     column whose figures changed and the row counts.
//   - `headrace lineage … --json` prints what dataset.lineage returns.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeadraceClient } from '../../server/api/client';
import { penguinsDir, pipelineSource, waitForRun } from '../helpers/case-env';
import { headrace } from '../helpers/cli';
import { startHarness, type Harness } from '../helpers/harness';

type Lineage = Awaited<ReturnType<HeadraceClient['dataset']['lineage']['query']>>;

let h: Harness;
let dir: string;
let viewer: HeadraceClient;
let editor: HeadraceClient;
let penguinsFile: string;
const runs: Record<'a' | 'b', string> = { a: '', b: '' };

/** Runs a pipeline from its source (relative paths in `dir`); fails the test unless it succeeds. */
async function run(source: string): Promise<string> {
  const started = await editor.run.start.mutate({ source, baseDir: dir });
  const done = await waitForRun(viewer, started.id, 180_000);
  expect(done.status, done.error ?? '').toBe('succeeded');
  return started.id;
}

/** Node ids reachable from `from` along the edges. */
function reachable(g: Lineage, from: string): Set<string> {
  const seen = new Set([from]);
  const todo = [from];
  while (todo.length > 0) {
    const id = todo.pop()!;
    for (const e of g.edges) if (e.from === id && !seen.has(e.to)) (seen.add(e.to), todo.push(e.to));
  }
  return seen;
}

/** Every node links to its page; every edge joins two nodes of the graph. */
function wellFormed(g: Lineage): void {
  const ids = new Set(g.nodes.map((n) => n.id));
  expect(ids.has(g.root)).toBe(true);
  expect(ids.size).toBe(g.nodes.length);
  for (const e of g.edges) expect(ids.has(e.from) && ids.has(e.to), `${e.from} → ${e.to}`).toBe(true);
  for (const n of g.nodes) {
    const page = { source: /^\/datasets\/[0-9a-f-]{36}#versions$/, table: /^\/datasets\/[0-9a-f-]{36}$/, run: /^\/runs\/[0-9a-f-]{36}$/, modelVersion: /^\/models\/[^/]+\/versions\/\d+$/, endpoint: /^\/endpoints\/[a-z0-9._-]+$/ }[n.type];
    expect(n.href, n.id).toMatch(page);
  }
}

beforeAll(async () => {
  h = await startHarness({ api: true });
  viewer = h.api.as('viewer');
  editor = h.api.as('editor');
  dir = mkdtempSync(join(tmpdir(), 'headrace-lineage-'));
  mkdirSync(join(dir, 'data'));
  penguinsFile = join(dir, 'data', 'penguins.json');
  copyFileSync(join(penguinsDir, 'data', 'penguins.json'), penguinsFile);
  // Pipeline a deploys its model to endpoint lin-a; pipeline b registers lin-b and deploys nothing.
  const a = pipelineSource('lin-a');
  const b = pipelineSource('lin-b').replace(/\n {2}deploy:\n( {4}.*\n?)+/, '\n');
  expect(b).not.toContain('deploy.endpoint');
  [runs.a, runs.b] = await Promise.all([run(a), run(b)]);
}, 400_000);

afterAll(async () => {
  await h?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the lineage graph of a two-pipeline example', () => {
  it('lists the file both pipelines read as one source, one version read by both runs', async () => {
    const sources = await viewer.dataset.sources.query();
    const source = sources.find((s) => s.sourceKey === `file:${penguinsFile}`);
    expect(source, JSON.stringify(sources)).toMatchObject({ kind: 'ingest.json', label: penguinsFile, versions: 1, reads: 2 });
    const versions = (await viewer.dataset.versions.query({ source: `file:${penguinsFile}` }))!;
    expect(versions.versions).toHaveLength(1);
    const [v1] = versions.versions;
    expect(v1).toMatchObject({ version: 1, rows: 344, columns: 7, bytes: readFileSync(penguinsFile).length, contentHash: createHash('sha256').update(readFileSync(penguinsFile)).digest('hex') });
    expect(v1.runs.map((r) => r.runId).sort()).toEqual([runs.a, runs.b].sort());
    expect(v1.runs.map((r) => r.pipeline).sort()).toEqual(['lin-a', 'lin-b']);
    // The same answer by the table it became.
    expect(await viewer.dataset.versions.query({ dataset: v1.hash })).toEqual(versions);
  });

  it('from the source reaches both models and the endpoint', async () => {
    const g = await viewer.dataset.lineage.query({ dataset: `file:${penguinsFile}` });
    wellFormed(g);
    const root = `source:file:${penguinsFile}`;
    expect(g.root).toBe(root);
    expect(g.truncated).toBe(false);
    const fed = reachable(g, root);
    for (const id of ['model:lin-a@1', 'model:lin-b@1', 'endpoint:lin-a', `run:${runs.a}`, `run:${runs.b}`]) expect(fed.has(id), id).toBe(true);
    expect(g.nodes.filter((n) => n.type === 'source')).toHaveLength(1);
    expect(g.nodes.find((n) => n.id === 'model:lin-a@1')).toMatchObject({ type: 'modelVersion', name: 'lin-a', version: 1, stage: 'staging', href: '/models/lin-a/versions/1' });
    expect(g.nodes.find((n) => n.id === 'endpoint:lin-a')).toMatchObject({ type: 'endpoint', href: '/endpoints/lin-a' });
    expect(g.edges).toContainEqual({ from: 'model:lin-a@1', to: 'endpoint:lin-a', label: 'serves' });
    expect(g.edges).toContainEqual({ from: `run:${runs.b}`, to: 'model:lin-b@1', label: 'register' });
    // Tables made by prepare steps from other tables, in order: ingest → clean → split → train.
    const labels = g.edges.map((e) => e.label);
    for (const step of ['ingest', 'clean', 'split', 'train']) expect(labels.some((l) => l?.split(', ').includes(step)), step).toBe(true);
  });

  it('from one model reaches back to its source, and not to the other pipeline', async () => {
    const g = await viewer.dataset.lineage.query({ model: 'lin-b@1' });
    wellFormed(g);
    expect(g.root).toBe('model:lin-b@1');
    const source = `source:file:${penguinsFile}`;
    expect(reachable(g, source).has('model:lin-b@1')).toBe(true);
    const ids = g.nodes.map((n) => n.id);
    expect(ids).toContain(`run:${runs.b}`);
    expect(ids).not.toContain(`run:${runs.a}`);
    expect(ids).not.toContain('model:lin-a@1');
    expect(ids).not.toContain('endpoint:lin-a');
    // The table the model was trained on is on the way.
    const version = await viewer.model.version.query({ name: 'lin-b', version: 1 });
    const trained = g.nodes.find((n) => n.type === 'table' && n.hash === version.trainingDatasets[0]);
    expect(trained).toBeDefined();
    expect(g.edges).toContainEqual({ from: trained!.id, to: `run:${runs.b}`, label: 'train' });
    // By stage, the same version: the same graph.
    expect(await viewer.dataset.lineage.query({ model: 'lin-b@staging' })).toEqual(g);
  });

  it('from the deployed model reaches its endpoint', async () => {
    const g = await viewer.dataset.lineage.query({ model: 'lin-a@1' });
    wellFormed(g);
    expect(reachable(g, `source:file:${penguinsFile}`).has('endpoint:lin-a')).toBe(true);
  });

  it('headrace lineage --json prints what dataset.lineage returns, and a tree without it', async () => {
    const env = { HEADRACE_URL: h.api.url, HEADRACE_TOKEN: h.api.users.viewer.token, XDG_CONFIG_HOME: join(dir, 'config'), HEADRACE_HOME: join(dir, 'home') };
    for (const [ref, input] of [['lin-a@1', { model: 'lin-a@1' }], [`file:${penguinsFile}`, { dataset: `file:${penguinsFile}` }]] as const) {
      const out = await headrace(['lineage', ref, '--json'], env);
      expect(out.code, out.stderr).toBe(0);
      expect(JSON.parse(out.stdout)).toEqual(JSON.parse(JSON.stringify(await viewer.dataset.lineage.query(input))));
    }
    const tree = await headrace(['lineage', 'lin-a@1'], env);
    expect(tree.code, tree.stderr).toBe(0);
    expect(tree.stdout).toContain(`source ${penguinsFile} (ingest.json)`);
    expect(tree.stdout).toMatch(/register → model lin-a v1 staging ◀/);
    expect(tree.stdout).toMatch(/serves → endpoint lin-a/);
    const missing = await headrace(['lineage', 'lin-a@9'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('model lin-a has no version 9');
  });
});

describe('source versions', () => {
  it('a file that changed is a second version; comparing the two shows what changed', async () => {
    const csv = join(dir, 'measures.csv');
    const pipeline = 'headrace: 1\nname: lin-versions\nsteps:\n  ingest:\n    uses: ingest.csv\n    with: { path: measures.csv }\n';
    writeFileSync(csv, 'id,mass\n1,10\n2,20\n3,30\n');
    const first = await run(pipeline);
    writeFileSync(csv, 'id,mass,colour\n1,10,red\n2,25,blue\n3,30,red\n4,,green\n');
    const second = await run(pipeline);

    const versions = (await viewer.dataset.versions.query({ source: `file:${csv}` }))!;
    expect(versions).toMatchObject({ sourceKey: `file:${csv}`, kind: 'ingest.csv', label: csv });
    // Newest first.
    expect(versions.versions.map((v) => [v.version, v.rows, v.columns, v.runs.map((r) => r.runId)])).toEqual([[2, 4, 3, [second]], [1, 3, 2, [first]]]);
    const [v2, v1] = versions.versions;
    expect(v2.contentHash).toBe(createHash('sha256').update(readFileSync(csv)).digest('hex'));
    expect(v2.bytes).toBe(readFileSync(csv).length);
    expect(v1.lastReadAt.getTime()).toBeLessThanOrEqual(v2.firstReadAt.getTime());

    const cmp = await viewer.dataset.compare.query({ a: v1.datasetId, b: v2.hash });
    expect(cmp.a).toMatchObject({ id: v1.datasetId, rows: 3 });
    expect(cmp.b).toMatchObject({ id: v2.datasetId, rows: 4 });
    expect(cmp.schemaChanged).toBe(true);
    const by = Object.fromEntries(cmp.columns.map((c) => [c.name, c]));
    expect(cmp.columns.map((c) => c.name)).toEqual(['id', 'mass', 'colour']);
    expect(by.colour).toMatchObject({ change: 'added', typeA: null, typeB: 'string', a: null });
    expect(by.mass).toMatchObject({ change: 'same', typeA: 'integer', a: { nulls: 0, mean: 20, max: 30 }, b: { nulls: 1, max: 30 } });
    expect(by.mass.differs).toEqual(expect.arrayContaining(['nulls', 'mean']));
    expect(by.mass.differs).not.toContain('max');
    expect(by.id).toMatchObject({ change: 'same', differs: expect.arrayContaining(['max', 'distinct']) });
    // The other way round: the column is removed.
    const back = await viewer.dataset.compare.query({ a: v2.datasetId, b: v1.datasetId });
    expect(back.columns.find((c) => c.name === 'colour')).toMatchObject({ change: 'removed', typeA: 'string', typeB: null, b: null });

    // The lineage of the first version's table: its source, and the run that read it.
    const g = await viewer.dataset.lineage.query({ dataset: v1.datasetId });
    wellFormed(g);
    expect(g.root).toBe(`table:${v1.datasetId}`);
    expect(g.edges).toContainEqual({ from: `source:file:${csv}`, to: `table:${v1.datasetId}`, label: 'ingest' });
  });
});
