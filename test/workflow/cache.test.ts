// `cache: true` on a real Temporal dev server with a real worker: a second run of the same pipeline reuses every
// step (recorded `cached`, linked to the run that produced it, no step activity scheduled); a changed input file,
// a changed config and a bumped kind version miss; `noCache` executes everything. And the code hash of a kind:
// it follows what the kind's module loads, not unrelated files.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../dsl/plan';
import { getRun, type StepRunRow } from '../../server/db/repo/runs';
import { readStepLogs } from '../../server/db/repo/step-logs';
import { startRun } from '../../server/services/runs';
import { PIPELINE_RUN, PIPELINE_TASK_QUEUE, type RunResult } from '../../server/temporal/contract';
import { canonicalJson, implementationHash, implementationModule, kindCodeHash, runtimeImports } from '../../workers/activities/cache-key';
import { startHarness, type Harness } from '../helpers/harness';

const dir = mkdtempSync(join(tmpdir(), 'headrace-cache-'));
const csv = join(dir, 'data.csv');

/** Two separable classes: `a` where x is small, `b` where it is large. */
function writeData(rows: number): void {
  const lines = ['x,y,label'];
  for (let i = 0; i < rows; i++) lines.push(`${i},${(i * 7) % 11},${i < rows / 2 ? 'a' : 'b'}`);
  writeFileSync(csv, lines.join('\n') + '\n');
}

const pipeline = (epochs: number) => `headrace: 1
name: cached
steps:
  ingest:
    uses: ingest.csv
    with: { path: data.csv }
    cache: true
  split:
    uses: prepare.split
    in: { table: ingest.table }
    with: { test: 0.25, seed: 1 }
    cache: true
  train:
    uses: train.logistic
    in: { table: split.train }
    with: { target: label, epochs: ${epochs} }
    cache: true
`;

const STEPS = ['ingest', 'split', 'train'];
let h: Harness;
/** Step activity executions per step id (lookups not counted). */
const executions = new Map<string, number>();

beforeAll(async () => {
  writeData(40);
  h = await startHarness({
    dataRoots: [dir],
    activities: (base) =>
      Object.fromEntries(
        Object.entries(base).map(([name, fn]) => [
          name,
          async (input: { step?: { id: string } }) => {
            if (input.step && name !== 'lookupCache') executions.set(input.step.id, (executions.get(input.step.id) ?? 0) + 1);
            return (fn as (i: unknown) => Promise<unknown>)(input);
          },
        ]),
      ),
  });
});

afterAll(async () => {
  await h?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function run(source: string, opts: { noCache?: boolean } = {}) {
  const started = await startRun(h.svc, { source, baseDir: dir, author: 'test', ...opts });
  await h.client.workflow.getHandle(started.workflowId).result();
  return { ...(await getRun(h.database.db, started.id))!, workflowId: started.workflowId };
}

const rowsOf = (steps: StepRunRow[], id: string) => steps.filter((s) => s.stepId === id).map((s) => [s.attempt, s.status]);
const rowOf = (steps: StepRunRow[], id: string) => steps.find((s) => s.stepId === id)!;

async function scheduledActivities(workflowId: string): Promise<string[]> {
  const events = (await h.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  return events.flatMap((e) => {
    const name = e.activityTaskScheduledEventAttributes?.activityType?.name;
    return name ? [name] : [];
  });
}

describe('cache: true', () => {
  let first: Awaited<ReturnType<typeof run>>;

  it('a first run executes every step and records each step’s cache key and source', async () => {
    first = await run(pipeline(5));
    expect(first.status).toBe('succeeded');
    for (const id of STEPS) {
      expect(rowsOf(first.steps, id), id).toEqual([[1, 'succeeded']]);
      expect(rowOf(first.steps, id).cacheKey, id).toMatch(/^[0-9a-f]{64}$/);
    }
    const source = (rowOf(first.steps, 'ingest').summary as { source: Record<string, unknown> }).source;
    expect(source).toMatchObject({ path: csv, sha256: expect.stringMatching(/^[0-9a-f]{64}$/), bytes: expect.any(Number), mtime: expect.any(String) });
  });

  it('a second run of the same pipeline reuses every step, linked to the first run, and executes none', async () => {
    const before = new Map(executions);
    const second = await run(pipeline(5));
    expect(second.status).toBe('succeeded');
    for (const id of STEPS) {
      expect(rowsOf(second.steps, id), id).toEqual([[0, 'cached']]);
      const row = rowOf(second.steps, id);
      expect((row.summary as { cachedFrom: unknown }).cachedFrom, id).toEqual({ runId: first.id, attempt: 1 });
      expect(row.outputs, id).toEqual(rowOf(first.steps, id).outputs);
      expect(executions.get(id), id).toBe(before.get(id));
    }
    // Lookups were scheduled, no step activity.
    const scheduled = await scheduledActivities(second.workflowId);
    expect(scheduled.filter((n) => n === 'lookupCache')).toHaveLength(3);
    expect(scheduled.filter((n) => ['ingest.csv', 'prepare.split', 'train.logistic'].includes(n))).toEqual([]);
    const logs = await readStepLogs(h.database.db, { runId: second.id, stepId: 'train', limit: 100 });
    expect(logs.map((l) => l.message).join('\n')).toContain(`cache hit: reusing the result of run ${first.id} (attempt 1)`);
  });

  it('misses on a changed input file, and so do the steps that read its table', async () => {
    writeData(48);
    const changed = await run(pipeline(5));
    for (const id of STEPS) expect(rowsOf(changed.steps, id), id).toEqual([[1, 'succeeded']]);
    const hashOf = (r: typeof first) => (rowOf(r.steps, 'ingest').summary as { source: { sha256: string } }).source.sha256;
    expect(hashOf(changed)).not.toBe(hashOf(first));
    expect((rowOf(changed.steps, 'ingest').outputs as { table: { rows: number } }).table.rows).toBe(48);
  });

  it('misses on a changed config, reusing the unchanged steps before it', async () => {
    const before = executions.get('train');
    const r = await run(pipeline(6));
    expect(rowsOf(r.steps, 'ingest')).toEqual([[0, 'cached']]);
    expect(rowsOf(r.steps, 'split')).toEqual([[0, 'cached']]);
    expect(rowsOf(r.steps, 'train')).toEqual([[1, 'succeeded']]);
    expect(executions.get('train')).toBe((before ?? 0) + 1);
  });

  it('misses on a bumped kind version', async () => {
    const base = await run(pipeline(6)); // everything cached now
    expect(rowsOf(base.steps, 'train')).toEqual([[0, 'cached']]);
    const plan = base.plan as Plan;
    const bumped: Plan = { ...plan, steps: plan.steps.map((s) => (s.id === 'train' ? { ...s, kindVersion: s.kindVersion + 1 } : s)) };
    const handle = await h.client.workflow.start(PIPELINE_RUN, {
      taskQueue: PIPELINE_TASK_QUEUE,
      workflowId: `cache-kind-version-${Date.now()}`,
      args: [bumped, { pipelineVersionId: base.pipelineVersionId }],
    });
    const result = (await handle.result()) as RunResult;
    const view = (await getRun(h.database.db, result.runId))!;
    expect(rowsOf(view.steps, 'ingest')).toEqual([[0, 'cached']]);
    expect(rowsOf(view.steps, 'split')).toEqual([[0, 'cached']]);
    expect(rowsOf(view.steps, 'train')).toEqual([[1, 'succeeded']]);
    expect(rowOf(view.steps, 'train').cacheKey).not.toBe(rowOf(base.steps, 'train').cacheKey);
  });

  it('noCache executes every step', async () => {
    const before = new Map(executions);
    const r = await run(pipeline(6), { noCache: true });
    for (const id of STEPS) {
      expect(rowsOf(r.steps, id), id).toEqual([[1, 'succeeded']]);
      expect(executions.get(id), id).toBe((before.get(id) ?? 0) + 1);
    }
    expect(await scheduledActivities(r.workflowId)).not.toContain('lookupCache');
  });
});

describe('cache keys', () => {
  it('canonical JSON ignores key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { y: 1, x: 0 }], c: null } })).toBe(canonicalJson({ a: { c: null, d: [2, { x: 0, y: 1 }] }, b: 1 }));
  });

  it('reads the imports a module loads at run time, not type-only ones', () => {
    const source = [
      "import type { A } from './types';",
      "import { b, type C } from './b';",
      "import * as d from 'apache-arrow';",
      "import './side-effect';",
      "export { e } from './e';",
      "export type { F } from './f';",
      'import {',
      '  g,',
      "} from './g';",
      "const h = await import('./h');",
      "const s = 'import x from \"./not-code\"';",
    ].join('\n');
    expect(runtimeImports(source).sort()).toEqual(['./b', './e', './g', './h', './side-effect', 'apache-arrow']);
  });

  it('the code hash of a module changes with what it loads, not with unrelated or type-only files', async () => {
    const root = mkdtempSync(join(tmpdir(), 'headrace-codehash-'));
    try {
      const within = join(root, 'workers');
      mkdirSync(join(within, 'activities'), { recursive: true });
      const file = (name: string, text: string) => writeFileSync(join(within, name), text);
      file('activities/kind.ts', "import { helper } from '../helper';\nimport type { T } from '../types';\nexport const run = () => helper();\n");
      file('helper.ts', 'export const helper = () => 1;\n');
      file('types.ts', 'export type T = number;\n');
      file('unrelated.ts', 'export const other = 1;\n');
      const hash = () => implementationHash(join(within, 'activities/kind.ts'), { root, within });
      const h0 = await hash();
      file('unrelated.ts', 'export const other = 2;\n');
      file('types.ts', 'export type T = string;\n');
      expect(await hash()).toBe(h0);
      file('helper.ts', 'export const helper = () => 2;\n');
      expect(await hash()).not.toBe(h0);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("keys each kind by the module its implementation comes from (train.mlp by train-mlp.ts, not the train group's train.ts)", async () => {
    const activities = resolve('workers/activities');
    const index = readFileSync(join(activities, 'index.ts'), 'utf8');
    const shown = (kind: string) => {
      const module = implementationModule(kind, index, activities);
      return module ? relative(activities, module) : 'none';
    };
    expect(['train.mlp', 'train.logistic', 'train.command', 'prepare.standardize', 'prepare.dropna', 'no.such'].map(shown)).toEqual([
      'train-mlp.ts', 'train.ts', 'train-command.ts', 'preprocess.ts', 'prepare.ts', 'none',
    ]);
    expect(await kindCodeHash('train.mlp')).not.toBe(await kindCodeHash('train.logistic'));
  });
});
