// Cases of pipeline.* for the API matrix (test/api/procedures.test.ts; shape in ./types.ts).
// Written by H1 to start the matrix; owned by the pipeline router's owner (H2).
import { expect } from 'vitest';
import type { CaseEnv, RouterCases } from './types';

export default {
  list: {
    role: 'viewer',
    happy: () => undefined,
    check: (result, env) => {
      expect(result.map((p: { name: string }) => p.name)).toContain(env.seed.pipeline);
      // the seed declares no schedule; a scheduled pipeline's crons and paused state come in the same list
      expect(result.find((p: { name: string }) => p.name === env.seed.pipeline).schedule).toBeNull();
    },
  },
  get: {
    role: 'viewer',
    // Not an empty name: over REST, GET /pipelines/ is the list.
    bad: { input: { name: 'penguins', version: 0 }, field: 'version' },
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
    happy: (env) => ({ source: env.pipelineSource(env.unique('saved')), baseDir: env.seed.baseDir, create: true }),
    check: async (result, env) => {
      expect(result).toMatchObject({ status: 'created', version: 1 });
      expect(result.name).toMatch(/^saved-/);
      // `create: true` never turns into a version of a pipeline that exists already: the seed's, or this one.
      for (const name of [env.seed.pipeline, result.name]) {
        const taken = env.as.editor.pipeline.save.mutate({ source: env.pipelineSource(name), baseDir: env.seed.baseDir, create: true });
        await expect(taken).rejects.toMatchObject({ data: { code: 'CONFLICT' } });
        await expect(taken).rejects.toThrow(`A pipeline named "${name}" already exists`);
      }
      expect((await env.as.viewer.pipeline.versions.query({ name: result.name })).map((v) => v.version)).toEqual([1]);
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
  rename: {
    role: 'editor',
    bad: { input: { name: 'x', newName: 'Not A Name' }, field: 'newName' },
    happy: async (env) => {
      const saved = await env.as.editor.pipeline.save.mutate({ source: env.pipelineSource(env.unique('to-rename')), baseDir: env.seed.baseDir });
      return { name: saved.name, newName: `${saved.name}-renamed` };
    },
    check: async (result, env) => {
      expect(result).toMatchObject({ name: expect.stringMatching(/^to-rename-.*-renamed$/), version: 2 });
      expect((await env.as.viewer.pipeline.get.query({ name: result.name })).version.plan.pipeline).toBe(result.name);
      // The seed's name is taken: one sentence, nothing renamed.
      const taken = env.as.editor.pipeline.rename.mutate({ name: result.name, newName: env.seed.pipeline });
      await expect(taken).rejects.toMatchObject({ data: { code: 'CONFLICT' } });
    },
  },
  duplicate: {
    role: 'editor',
    bad: { input: { name: 'x', newName: '' }, field: 'newName' },
    happy: (env) => ({ name: env.seed.pipeline, newName: env.unique('copy') }),
    check: async (result, env) => {
      expect(result).toMatchObject({ name: expect.stringMatching(/^copy-/), version: 1, origin: null });
      const copy = await env.as.viewer.pipeline.get.query({ name: result.name });
      expect(copy.version.source).toMatch(new RegExp(`^name: ${result.name}$`, 'm'));
      expect((await env.as.viewer.run.list.query({ pipeline: result.name })).items).toEqual([]);
    },
  },
  // pipeline.schedule.*: a pipeline with a schedule trigger of its own per case (the seed has none).
  'schedule.get': {
    role: 'viewer',
    bad: { input: { name: 7 }, field: 'name' },
    happy: async (env) => ({ name: await scheduledPipeline(env, env.unique('sched-get')) }),
    check: (result) => {
      expect(result.declared).toEqual({ crons: ['0 3 * * *'], overlap: 'skip', paused: false });
      expect(result.state).toMatchObject({ paused: false, version: 1, fires: 0 });
      expect(result.state.nextFireTimes).toHaveLength(5);
    },
  },
  'schedule.pause': {
    role: 'editor',
    bad: { input: { name: 'x', reason: '' }, field: 'reason' },
    happy: async (env) => ({ name: await scheduledPipeline(env, env.unique('sched-pause')), reason: 'maintenance' }),
    check: (result) => {
      expect(result.state).toMatchObject({ paused: true, note: 'paused by editor-user: maintenance' });
    },
  },
  'schedule.resume': {
    role: 'editor',
    bad: { input: { name: '' }, field: 'name' },
    happy: async (env) => {
      const name = await scheduledPipeline(env, env.unique('sched-resume'));
      await env.as.editor.pipeline.schedule.pause.mutate({ name });
      return { name };
    },
    check: (result) => {
      expect(result.state).toMatchObject({ paused: false, note: 'resumed by editor-user' });
    },
  },
  // A pipeline of its own with a file-arrival webhook, called once through POST /v1/triggers/NAME.
  triggerEvents: {
    role: 'viewer',
    bad: { input: { name: 'x', limit: 0 }, field: 'limit' },
    happy: async (env) => {
      const name = env.unique('webhooked');
      const source = env.pipelineSource(name).replace(/^(description: .*)$/m, `$1\ntriggers:\n  - data: { webhook: ${name} }`);
      await env.as.editor.pipeline.save.mutate({ source, baseDir: env.seed.baseDir });
      const res = await fetch(`${env.url}/v1/triggers/${name}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${env.users.editor.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ source: 'uploads/penguins-2.csv', hash: 'abc123' }),
      });
      expect(res.status).toBe(202);
      return { name };
    },
    check: (result) => {
      expect(result).toHaveLength(1);
      expect(result[0]).toMatchObject({
        kind: 'data', outcome: 'started', key: expect.stringMatching(/^data:webhook\/webhooked-.*:abc123$/),
        summary: 'data · uploads/penguins-2.csv arrived', runId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
    },
  },
} satisfies RouterCases;

/** Saves a small pipeline named `name` with a daily 03:00 UTC schedule; returns its name. */
async function scheduledPipeline(env: CaseEnv, name: string): Promise<string> {
  const source = env.pipelineSource(name).replace(/^(description: .*)$/m, '$1\ntriggers:\n  - schedule: { cron: "0 3 * * *" }');
  return (await env.as.editor.pipeline.save.mutate({ source, baseDir: env.seed.baseDir })).name;
}
