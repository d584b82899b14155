// Cases of model.* for the API matrix (test/api/procedures.test.ts; shape in ./types.ts).
// Written by H1 to start the matrix; owned by the model router's owner (H2).
import { expect } from 'vitest';
import type { RouterCases } from './types';

export default {
  list: {
    role: 'viewer',
    bad: { input: { name: '' }, field: 'name' },
    happy: (env) => ({ name: env.seed.model }),
    check: (result, env) => {
      expect(result.map((v: { version: number }) => v.version)).toContain(env.seed.modelVersion);
    },
  },
  get: {
    role: 'viewer',
    bad: { input: { name: '' }, field: 'name' },
    happy: (env) => ({ name: env.seed.model }),
    check: (result, env) => {
      expect(result.name).toBe(env.seed.model);
      expect(result.versionCount).toBeGreaterThanOrEqual(1);
      expect(result.latest.staging.version).toBe(env.seed.modelVersion);
    },
  },
  versions: {
    role: 'viewer',
    bad: { input: {}, field: 'name' },
    happy: (env) => ({ name: env.seed.model }),
    check: (result, env) => {
      expect(result.map((v: { version: number }) => v.version)).toContain(env.seed.modelVersion);
    },
  },
  version: {
    role: 'viewer',
    bad: { input: { name: 'penguins', version: 'one' }, field: 'version' },
    happy: (env) => ({ name: env.seed.model, version: env.seed.modelVersion }),
    check: (result, env) => {
      expect(result).toMatchObject({ name: env.seed.model, version: env.seed.modelVersion, runId: env.seed.runId });
      // The gate the metrics passed is part of the lineage.
      expect(result.lineage.gate).toMatchObject({ step: 'evaluate', passed: true, unmet: [] });
      expect(Array.isArray(result.stageChanges)).toBe(true);
    },
  },
  transition: {
    role: 'editor',
    bad: { input: { name: 'penguins', version: 1, stage: 'staging', reason: '' }, field: 'reason' },
    // Sideways, not up: an editor may take a version out of staging; production is for admins.
    happy: (env) => ({ name: env.seed.model, version: env.seed.modelVersion, stage: 'none', reason: 'matrix: editors may demote' }),
    check: async (result, env) => {
      expect(result.stage).toBe('none');
      expect(result.stageChanges.at(-1)).toMatchObject({ fromStage: 'staging', toStage: 'none', reason: 'matrix: editors may demote', actor: 'editor-user' });
      // Put it back for the cases that follow.
      await env.as.editor.model.transition.mutate({ name: env.seed.model, version: env.seed.modelVersion, stage: 'staging', reason: 'matrix: restore' });
    },
  },
  tag: {
    role: 'editor',
    bad: { input: { name: 'penguins', version: 1, tags: { owner: 7 } }, field: 'tags' },
    happy: (env) => ({ name: env.seed.model, version: env.seed.modelVersion, tags: { owner: 'data-team', ticket: 'ML-1' } }),
    check: async (result, env) => {
      expect(result.tags).toMatchObject({ owner: 'data-team', ticket: 'ML-1' });
      const removed = await env.as.editor.model.tag.mutate({ name: env.seed.model, version: env.seed.modelVersion, tags: { ticket: null } });
      expect(removed.tags).not.toHaveProperty('ticket');
      expect(removed.tags.owner).toBe('data-team');
    },
  },
  annotate: {
    role: 'editor',
    bad: { input: { name: 'penguins', version: 1, notes: 7 }, field: 'notes' },
    happy: (env) => ({ name: env.seed.model, version: env.seed.modelVersion, notes: 'matrix: reviewed on the 2019 data' }),
    check: async (result, env) => {
      expect(result).toMatchObject({ version: env.seed.modelVersion, notes: 'matrix: reviewed on the 2019 data' });
      // Per version: a field left out is kept, null clears it.
      const cleared = await env.as.editor.model.annotate.mutate({ name: env.seed.model, version: env.seed.modelVersion, description: 'matrix', notes: null });
      expect(cleared).toMatchObject({ description: 'matrix', notes: null });
    },
  },
  compare: {
    role: 'viewer',
    bad: { input: { name: 'penguins', a: 1 }, field: 'b' },
    happy: (env) => ({ name: env.seed.model, a: env.seed.modelVersion, b: env.seed.modelVersion }),
    check: (result, env) => {
      const accuracy = result.metrics.find((m: { metric: string }) => m.metric === 'accuracy');
      expect(accuracy.a).toBeGreaterThan(0.5);
      expect(accuracy.delta).toBe(0);
      expect(result.a.lineage.runId).toBe(env.seed.runId);
    },
  },
} satisfies RouterCases;
