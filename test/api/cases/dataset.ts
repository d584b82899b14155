// Cases of dataset.* for the API matrix (test/api/procedures.test.ts; shape in ./types.ts). Owned by H2.
import { expect } from 'vitest';
import type { RouterCases } from './types';

export default {
  list: {
    role: 'viewer',
    bad: { input: { limit: 0 }, field: 'limit' },
    happy: () => ({ limit: 500 }),
    check: (result, env) => {
      expect(result.items.map((d: { id: string }) => d.id)).toContain(env.seed.datasetId);
      expect(result.nextCursor).toBeNull();
    },
  },
  get: {
    role: 'viewer',
    bad: { input: { id: 'nope' }, field: 'id' },
    happy: (env) => ({ id: env.seed.datasetId }),
    check: (result, env) => {
      expect(result.id).toBe(env.seed.datasetId);
      expect(result.rows).toBeGreaterThan(0);
      expect(result.schema.length).toBeGreaterThan(0);
      expect(result.uses).toContainEqual(expect.objectContaining({ runId: env.seed.runId, direction: 'wrote', pipeline: env.seed.pipeline }));
    },
  },
  preview: {
    role: 'viewer',
    bad: { input: { id: 'nope' }, field: 'id' },
    happy: async (env) => {
      // By the sha256 of its table, as a run's table output names it.
      const d = await env.as.viewer.dataset.get.query({ id: env.seed.datasetId });
      return { id: d.hash, limit: 5 };
    },
    check: async (result, env) => {
      const d = await env.as.viewer.dataset.get.query({ id: env.seed.datasetId });
      expect(result.id).toBe(env.seed.datasetId);
      expect(result.total).toBe(d.rows);
      expect(result.rows).toHaveLength(Math.min(5, d.rows));
      expect(Object.keys(result.rows[0])).toEqual(d.schema.map((c) => c.name));
      expect(result.columns.map((c: { name: string; type: string }) => ({ name: c.name, type: c.type }))).toEqual(d.schema);
      for (const c of result.columns) {
        expect(c.nulls).toBeGreaterThanOrEqual(0);
        expect(c.distinct).toBeGreaterThan(0);
        if (c.type === 'number' || c.type === 'integer') {
          expect(c.min).toBeLessThanOrEqual(c.max);
          expect(c.mean).toBeGreaterThanOrEqual(c.min);
          expect(c.mean).toBeLessThanOrEqual(c.max);
          // Every non-null row falls in one bin.
          expect(c.histogram.reduce((n: number, b: { count: number }) => n + b.count, 0)).toBe(d.rows - c.nulls);
        }
        if (c.type === 'string') expect(c.top.length).toBeGreaterThan(0);
      }
    },
  },
  sources: {
    role: 'viewer',
    happy: () => undefined,
    check: (result) => {
      // The seed runs read the penguins file: one source, one version, read by both runs.
      const penguins = result.find((s: { sourceKey: string }) => s.sourceKey.endsWith('/examples/penguins/data/penguins.json'));
      expect(penguins).toMatchObject({ kind: 'ingest.json', versions: 1, latest: { rows: 344 } });
      expect(penguins.reads).toBeGreaterThanOrEqual(2);
    },
  },
  versions: {
    role: 'viewer',
    bad: { input: { source: 'penguins.json' }, field: 'source' },
    happy: async (env) => {
      const sources = await env.as.viewer.dataset.sources.query();
      return { source: sources.find((s) => s.sourceKey.endsWith('/examples/penguins/data/penguins.json'))!.sourceKey };
    },
    check: (result, env) => {
      expect(result.kind).toBe('ingest.json');
      expect(result.versions).toHaveLength(1);
      expect(result.versions[0]).toMatchObject({ version: 1, rows: 344, columns: 7 });
      expect(result.versions[0].contentHash).toMatch(/^[0-9a-f]{64}$/);
      expect(result.versions[0].runs.map((r: { runId: string }) => r.runId)).toEqual(expect.arrayContaining([env.seed.runId, env.seed.failedRunId]));
    },
  },
  compare: {
    role: 'viewer',
    bad: { input: { a: 'nope', b: 'nope' }, field: 'a' },
    happy: async (env) => {
      // The table the run read from the file, and the one its split step trained on.
      const run = await env.as.viewer.run.get.query({ id: env.seed.runId });
      const out = (step: string, port: string) => (run.steps.find((s) => s.stepId === step && s.status === 'succeeded')!.outputs as Record<string, { hash: string }>)[port].hash;
      return { a: out('ingest', 'table'), b: out('split', 'train') };
    },
    check: (result) => {
      expect(result.schemaChanged).toBe(false);
      expect(result.b.rows).toBeLessThan(result.a.rows);
      const mass = result.columns.find((c: { name: string }) => c.name === 'Body Mass (g)');
      // clean dropped the rows without measurements: the nulls are gone.
      expect(mass).toMatchObject({ change: 'same', typeA: 'number', typeB: 'number', b: { nulls: 0 } });
      expect(mass.a.nulls).toBeGreaterThan(0);
      expect(mass.differs).toContain('nulls');
    },
  },
  lineage: {
    role: 'viewer',
    bad: { input: { model: '' }, field: 'model' },
    happy: (env) => ({ model: `${env.seed.model}@${env.seed.modelVersion}` }),
    check: (result, env) => {
      expect(result.root).toBe(`model:${env.seed.model}@${env.seed.modelVersion}`);
      const ids = result.nodes.map((n: { id: string }) => n.id);
      expect(ids).toContain(`run:${env.seed.runId}`);
      expect(result.nodes.filter((n: { type: string }) => n.type === 'source')).toHaveLength(1);
      expect(result.edges).toContainEqual({ from: `run:${env.seed.runId}`, to: result.root, label: 'register' });
    },
  },
} satisfies RouterCases;
