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
} satisfies RouterCases;
