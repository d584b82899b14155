// Cases of endpoint.* for the API matrix (test/api/procedures.test.ts; shape in ./types.ts).
// The seed's model version is in staging, so it may take traffic.
import { expect } from 'vitest';
import { emptyLatencyCounts, latencyBucket, recordServingWindows } from '../../../server/db/repo/serving-windows';
import { registerLogistic } from '../../serving/server-fixtures';
import type { CaseEnv, RouterCases } from './types';

/** A fresh endpoint serving the seed's version, deployed `times` times by the editor. */
async function deployed(env: CaseEnv, prefix: string, times = 1): Promise<string> {
  const endpoint = env.unique(prefix);
  for (let i = 0; i < times; i++) {
    await env.as.editor.endpoint.deploy.mutate({ endpoint, model: `${env.seed.model}@${env.seed.modelVersion}`, reason: `matrix ${i + 1}` });
  }
  return endpoint;
}

/** A fresh model of two staging versions (real ONNX files), split 60/40 behind a fresh endpoint. */
async function split(env: CaseEnv): Promise<{ endpoint: string; model: string }> {
  const model = env.unique('matrix-model');
  await registerLogistic(env.h.svc.db, env.h.store, model, [1, 2]);
  const endpoint = env.unique('matrix-split');
  await env.as.editor.endpoint.deploy.mutate({ endpoint, model: `${model}@1`, strategy: 'split', variants: [{ model: `${model}@2`, weight: 40 }], wait: true });
  return { endpoint, model };
}

export default {
  list: {
    role: 'viewer',
    happy: async (env) => {
      await deployed(env, 'matrix-list');
      return undefined;
    },
    check: (result, env) => {
      const mine = result.find((e: { name: string }) => e.name.startsWith('matrix-list'));
      expect(mine.current.variants).toEqual([expect.objectContaining({ model: env.seed.model, version: env.seed.modelVersion, weight: 100, role: 'primary' })]);
    },
  },
  get: {
    role: 'viewer',
    bad: { input: { name: 'Has Spaces' }, field: 'name' },
    happy: async (env) => ({ name: await deployed(env, 'matrix-get', 2) }),
    check: (result, env) => {
      expect(result.current).toMatchObject({ number: 2, strategy: 'replace', status: 'active', actor: 'editor-user' });
      expect(result.history.map((d: { number: number; status: string }) => `${d.number}:${d.status}`)).toEqual(['2:active', '1:superseded']);
      expect(result.current.variants[0]).toMatchObject({ model: env.seed.model, version: env.seed.modelVersion, stage: 'staging' });
    },
  },
  deploy: {
    role: 'editor',
    bad: { input: { endpoint: 'matrix-deploy', model: 'penguins' }, field: 'model' },
    happy: (env) => ({ endpoint: env.unique('matrix-deploy'), model: `${env.seed.model}@staging`, strategy: 'replace', reason: 'matrix: first deploy' }),
    check: async (result, env) => {
      expect(result).toMatchObject({ endpointCreated: true, number: 1, strategy: 'replace', status: 'active', actor: 'editor-user', reason: 'matrix: first deploy' });
      expect(result.variants[0]).toMatchObject({ model: env.seed.model, version: env.seed.modelVersion, weight: 100 });
      // The audit row names the endpoint and points at the deployment.
      const audit = await env.as.admin.admin.audit.query({ action: 'endpoint.deploy' });
      const row = audit.items.find((r) => r.target === result.endpoint && r.outcome === 'ok');
      expect(row).toMatchObject({ actor: 'editor-user', details: expect.objectContaining({ id: result.id, reason: 'matrix: first deploy' }) });
    },
  },
  stats: {
    role: 'viewer',
    bad: { input: { endpoint: 'matrix-stats', minutes: 0 }, field: 'minutes' },
    happy: async (env) => {
      const endpoint = await deployed(env, 'matrix-stats');
      const { current } = await env.as.viewer.endpoint.get.query({ name: endpoint });
      const counts = emptyLatencyCounts();
      counts[latencyBucket(2)] = 99;
      counts[latencyBucket(40)] = 1;
      const end = new Date();
      await recordServingWindows(env.h.svc.db, [{
        endpoint, deploymentId: current!.id, variant: 'primary', role: 'primary', modelVersionId: current!.variants[0].modelVersionId,
        server: 'matrix:1', windowStart: new Date(end.getTime() - 5000), windowEnd: end, requests: 100, errors: 4, latencyCounts: counts, latencySumMs: 240,
      }]);
      return { endpoint, minutes: 2 };
    },
    check: (result) => {
      expect(result).toMatchObject({ minutes: 2, serveUrl: expect.stringMatching(/^http:\/\//) });
      expect(result.variants).toEqual([expect.objectContaining({ variant: 'primary', requests: 100, errors: 4, errorRate: 0.04, p50Ms: 2, p99Ms: 2, servers: 1, shadow: null })]);
      expect(result.variants[0].rps).toBeCloseTo(100 / 120, 6);
    },
  },
  rollback: {
    role: 'editor',
    bad: { input: { endpoint: '' }, field: 'endpoint' },
    happy: async (env) => ({ endpoint: await deployed(env, 'matrix-rollback', 2), reason: 'matrix: back' }),
    check: (result) => {
      expect(result).toMatchObject({ number: 3, undone: 2, restored: 1, status: 'active', actor: 'editor-user', reason: 'matrix: back' });
    },
  },
  promote: {
    role: 'editor',
    bad: { input: { endpoint: 'matrix-promote', variant: '' }, field: 'variant' },
    happy: async (env) => {
      const { endpoint, model } = await split(env);
      return { endpoint, variant: `${model}-v2`, reason: 'matrix: v2 wins' };
    },
    check: (result) => {
      expect(result).toMatchObject({ number: 2, strategy: 'replace', status: 'active', actor: 'editor-user', reason: 'matrix: v2 wins' });
      expect(result.variants).toEqual([expect.objectContaining({ version: 2, weight: 100, role: 'primary' })]);
    },
  },
  events: {
    role: 'viewer',
    bad: { input: { endpoint: 'Not A Name' }, field: 'endpoint' },
    happy: async (env) => ({ endpoint: (await split(env)).endpoint }),
    check: (result) => {
      expect(result.deployment).toMatchObject({ number: 1, strategy: 'split', status: 'active' });
      expect(result.events.map((e: { kind: string }) => e.kind)).toEqual(['started', 'checked', 'weights', 'succeeded']);
    },
  },
  update: {
    role: 'editor',
    bad: { input: { endpoint: 'matrix-update', logSampleRate: 1.5 }, field: 'logSampleRate' },
    happy: async (env) => ({ endpoint: await deployed(env, 'matrix-update'), requireToken: true, logSampleRate: 0.25, description: 'matrix: settings', reason: 'matrix: lock it' }),
    check: async (result, env) => {
      expect(result).toMatchObject({ requireToken: true, logSampleRate: 0.25, description: 'matrix: settings' });
      // The revision moved past the deploy's (1), so predict servers follow the settings as they follow a deployment.
      const e = await env.as.viewer.endpoint.get.query({ name: result.name });
      expect(e).toMatchObject({ requireToken: true, logSampleRate: 0.25, description: 'matrix: settings', revision: result.revision });
      expect(result.revision).toBeGreaterThanOrEqual(2);
      // A setting left out is kept; nothing given at all is a BAD_REQUEST.
      expect(await env.as.editor.endpoint.update.mutate({ endpoint: result.name, description: '' })).toMatchObject({ requireToken: true, logSampleRate: 0.25, description: null });
      const none = await env.as.editor.endpoint.update.mutate({ endpoint: result.name }).catch((err: { data?: { code?: string } }) => err.data?.code);
      expect(none).toBe('BAD_REQUEST');
      const audit = await env.as.admin.admin.audit.query({ action: 'endpoint.update' });
      // One row per update, newest first: the description's (no reason given), then the first with its reason.
      const rows = audit.items.filter((r) => r.target === result.name && r.outcome === 'ok');
      expect(rows.map((r) => [r.actor, (r.details as { reason?: string } | null)?.reason ?? null])).toEqual([['editor-user', null], ['editor-user', 'matrix: lock it']]);
    },
  },
} satisfies RouterCases;
