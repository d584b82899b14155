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
} satisfies RouterCases;
