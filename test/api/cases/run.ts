// Cases of run.* for the API matrix (test/api/procedures.test.ts; shape in ./types.ts).
// Written by H1 to start the matrix; owned by the run router's owner (H2).
import { expect } from 'vitest';
import { gated, waitingStep } from '../gated';
import type { CaseEnv, RouterCases } from './types';

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
      expect(result.steps.map((s: { stepId: string }) => s.stepId).sort()).toEqual(['clean', 'deploy', 'evaluate', 'ingest', 'register', 'split', 'train', 'validate']);
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
  retry: {
    role: 'editor',
    bad: { input: { id: 'not-a-uuid' }, field: 'id' },
    happy: (env) => ({ id: env.seed.failedRunId }),
    check: async (result, env) => {
      expect(result).toMatchObject({ retryOf: env.seed.failedRunId, pipelineName: env.seed.pipeline, trigger: 'retry' });
      const old = await env.as.viewer.run.get.query({ id: env.seed.failedRunId });
      expect(result.pipelineVersionId).toBe(old.pipelineVersionId);
      expect(result.params).toEqual(old.params);
    },
  },
  rerun: {
    role: 'editor',
    bad: { input: { id: 'not-a-uuid', params: 'x' }, field: 'params' },
    happy: (env) => ({ id: env.seed.runId }),
    check: async (result, env) => {
      expect(result).toMatchObject({ reproduces: env.seed.runId, pipelineName: env.seed.pipeline, retryOf: null });
      const old = await env.as.viewer.run.get.query({ id: env.seed.runId });
      expect(result.pipelineVersionId).toBe(old.pipelineVersionId);
      expect(result.params).toEqual(old.params);
    },
  },
  logs: {
    role: 'viewer',
    bad: { input: { id: 'not-a-uuid', after: -1 }, field: 'after' },
    happy: (env) => ({ id: env.seed.runId, step: 'train' }),
    check: (result) => {
      expect(result.runStatus).toBe('succeeded');
      expect(result.lines.every((l: { stepId: string }) => l.stepId === 'train')).toBe(true);
      expect(result.lines.map((l: { message: string }) => l.message)).toContainEqual(expect.stringMatching(/^epoch \d+\/\d+ loss \d/));
      expect(result.nextCursor).toBe(result.lines[result.lines.length - 1].id);
    },
  },
  epochs: {
    role: 'viewer',
    bad: { input: { id: 'not-a-uuid', points: 1 }, field: 'points' },
    happy: (env) => ({ id: env.seed.runId, points: 20 }),
    check: (result, env) => {
      // The penguins run's train.logistic: every epoch recorded, thinned to 20 points with the last one kept.
      expect(result).toHaveLength(1);
      expect(result[0]).toMatchObject({ runId: env.seed.runId, stepId: 'train', attempts: [1], total: 200 });
      expect(result[0].epochs.length).toBeLessThanOrEqual(20);
      expect(result[0].epochs.at(-1).epoch).toBe(200);
    },
  },
  compare: {
    role: 'viewer',
    bad: { input: { ids: ['00000000-0000-4000-8000-000000000000'] }, field: 'ids' },
    happy: (env) => ({ ids: [env.seed.runId, env.seed.failedRunId] }),
    check: (result, env) => {
      expect(result.runs.map((r: { id: string }) => r.id)).toEqual([env.seed.runId, env.seed.failedRunId]);
      // The same version and settings: only the params (minAccuracy) told them apart, and they are not settings.
      expect(result.steps.find((s: { stepId: string }) => s.stepId === 'train').differs).toEqual([]);
      expect(result.metrics.find((m: { name: string }) => m.name === 'accuracy').values[env.seed.runId]).toBeGreaterThan(0.9);
      expect(result.curves.map((c: { runId: string }) => c.runId)).toEqual([env.seed.runId, env.seed.failedRunId]);
    },
  },
  events: {
    role: 'viewer',
    bad: { input: { id: 'not-a-uuid' }, field: 'id' },
    happy: (env) => ({ id: env.seed.runId }),
    check: (events) => {
      // A finished run: where it stands (every step, then the run), and the stream ends.
      expect(events[events.length - 1]).toEqual({ type: 'run', status: 'succeeded' });
      const steps = events.filter((e: { type: string }) => e.type === 'step');
      expect(steps.map((e: { stepId: string }) => e.stepId).sort()).toEqual(['clean', 'deploy', 'evaluate', 'ingest', 'register', 'split', 'train', 'validate']);
      expect(steps.every((e: { status: string }) => e.status === 'succeeded')).toBe(true);
    },
  },
  approve: {
    role: 'editor',
    bad: { input: { id: '00000000-0000-4000-8000-000000000000', step: 'review', reason: '' }, field: 'reason' },
    happy: (env) => waitingRun(env, 'approve'),
    check: async (result, env) => {
      expect(result).toMatchObject({ step: 'review', approved: true, reason: 'looks right', actor: 'editor-user' });
      const row = await decidedRow(env, result.id, 'succeeded');
      expect(row.summary).toMatchObject({ approval: { approved: true, actor: 'editor-user', reason: 'looks right' } });
    },
  },
  reject: {
    role: 'editor',
    bad: { input: { id: 'not-a-uuid', step: 'review', reason: 'no' }, field: 'id' },
    happy: (env) => waitingRun(env, 'reject'),
    check: async (result, env) => {
      expect(result).toMatchObject({ step: 'review', approved: false, actor: 'editor-user' });
      expect((await decidedRow(env, result.id, 'failed')).error).toBe('rejected by editor-user: looks right');
    },
  },
} satisfies RouterCases;

/** The decision is recorded by the workflow just after the update is accepted: poll for the step's row. */
async function decidedRow(env: CaseEnv, id: string, status: 'succeeded' | 'failed') {
  const until = Date.now() + 30_000;
  for (;;) {
    const run = await env.as.viewer.run.get.query({ id });
    const row = run.steps.find((s) => s.stepId === 'review' && s.status === status);
    if (row) return row;
    if (Date.now() > until) throw new Error(`step review of run ${id} not ${status} after 30 s: ${run.steps.map((s) => s.status).join(', ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A run of a pipeline of its own that waits at its approve step `review`; the decision's input. */
async function waitingRun(env: CaseEnv, what: string) {
  const run = await env.as.editor.run.start.mutate({ source: gated(env.unique(`gated-${what}`)) });
  await waitingStep(env.as.viewer, run.id, 'review');
  return { id: run.id, step: 'review', reason: 'looks right' };
}
