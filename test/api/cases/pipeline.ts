// Cases of pipeline.* for the API matrix (test/api/procedures.test.ts; shape in ./types.ts).
// Written by H1 to start the matrix; owned by the pipeline router's owner (H2).
import { expect } from 'vitest';
import type { RouterCases } from './types';

export default {
  list: {
    role: 'viewer',
    happy: () => undefined,
    check: (result, env) => {
      expect(result.map((p: { name: string }) => p.name)).toContain(env.seed.pipeline);
    },
  },
  get: {
    role: 'viewer',
    bad: { input: { name: '' }, field: 'name' },
    happy: (env) => ({ name: env.seed.pipeline, version: 1 }),
    check: (result, env) => {
      expect(result.pipeline.name).toBe(env.seed.pipeline);
      expect(result.version.version).toBe(1);
    },
  },
  validate: {
    role: 'viewer',
    bad: { input: { source: 42 }, field: 'source' },
    happy: (env) => ({ source: env.seed.source, baseDir: env.seed.baseDir }),
    check: (result) => {
      expect(result.filter((d: { severity: string }) => d.severity === 'error')).toEqual([]);
    },
  },
  save: {
    role: 'editor',
    bad: { input: { source: '' }, field: 'source' },
    happy: (env) => ({ source: env.pipelineSource(env.unique('saved')), baseDir: env.seed.baseDir }),
    check: (result) => {
      expect(result).toMatchObject({ status: 'created', version: 1 });
      expect(result.name).toMatch(/^saved-/);
    },
  },
  versions: {
    role: 'viewer',
    bad: { input: { name: '' }, field: 'name' },
    happy: (env) => ({ name: env.seed.pipeline }),
    check: (result) => {
      expect(result.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    },
  },
  diff: {
    role: 'viewer',
    bad: { input: { name: 'penguins', from: 0, to: 2 }, field: 'from' },
    happy: (env) => ({ name: env.seed.pipeline, from: 1, to: 2 }),
    check: (result) => {
      expect(result.unified).toContain("-description: Predict a penguin's species");
      expect(result.unified).toContain('+description: Palmer penguins, species from measurements (v2).');
    },
  },
  compile: {
    role: 'viewer',
    bad: { input: { source: 42 }, field: 'source' },
    happy: (env) => ({ source: env.seed.source, baseDir: env.seed.baseDir, params: { minAccuracy: 0.5 } }),
    check: (result, env) => {
      expect(result.diagnostics.filter((d: { severity: string }) => d.severity === 'error')).toEqual([]);
      expect(result.plan.pipeline).toBe(env.seed.pipeline);
      expect(result.plan.params).toEqual({ minAccuracy: 0.5 });
      const evaluate = result.plan.steps.find((s: { id: string }) => s.id === 'evaluate');
      expect(evaluate.gate).toEqual([expect.objectContaining({ metric: 'accuracy', op: '>=', value: 0.5 })]);
    },
  },
  archive: {
    role: 'editor',
    bad: { input: { name: '' }, field: 'name' },
    happy: async (env) => {
      const saved = await env.as.editor.pipeline.save.mutate({ source: env.pipelineSource(env.unique('archived')), baseDir: env.seed.baseDir });
      return { name: saved.name };
    },
    check: async (result, env) => {
      expect(result).toEqual({ name: expect.stringMatching(/^archived-/), archived: true });
      const listed = await env.as.viewer.pipeline.list.query();
      expect(listed.map((p) => p.name)).not.toContain(result.name);
      // Its versions stay readable.
      expect((await env.as.viewer.pipeline.get.query({ name: result.name })).version.version).toBe(1);
    },
  },
} satisfies RouterCases;
