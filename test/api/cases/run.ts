// Cases of run.* for the API matrix (test/api/procedures.test.ts; shape in ./types.ts).
// Written by H1 to start the matrix; owned by the run router's owner (H2) from now on.
import { expect } from 'vitest';
import type { RouterCases } from './types';

export default {
  start: {
    role: 'editor',
    bad: { input: { pipeline: 'penguins', version: 0 }, field: 'version' },
    happy: (env) => ({ pipeline: env.seed.pipeline, version: 1 }),
    check: (result, env) => {
      expect(result).toMatchObject({ pipelineName: env.seed.pipeline, pipelineVersion: 1 });
      expect(['queued', 'running']).toContain(result.status);
    },
  },
  get: {
    role: 'viewer',
    bad: { input: { id: 'not-a-uuid' }, field: 'id' },
    happy: (env) => ({ id: env.seed.runId }),
    check: (result, env) => {
      expect(result).toMatchObject({ id: env.seed.runId, status: 'succeeded' });
      expect(result.steps.map((s: { stepId: string }) => s.stepId).sort()).toEqual(['clean', 'evaluate', 'ingest', 'register', 'split', 'train', 'validate']);
    },
  },
  list: {
    role: 'viewer',
    bad: { input: { limit: 0 }, field: 'limit' },
    happy: (env) => ({ pipeline: env.seed.pipeline, status: 'failed' }),
    check: (result, env) => {
      expect(result.items.map((r: { id: string }) => r.id)).toContain(env.seed.failedRunId);
      expect(result.items.every((r: { status: string }) => r.status === 'failed')).toBe(true);
    },
  },
  cancel: {
    role: 'editor',
    bad: { input: { id: 'not-a-uuid' }, field: 'id' },
    happy: async (env) => ({ id: (await env.as.editor.run.start.mutate({ pipeline: env.seed.pipeline })).id }),
    check: (result) => {
      expect(result).toMatchObject({ cancelRequested: true });
    },
  },
} satisfies RouterCases;
