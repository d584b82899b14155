// Cases of endpoint.* for the API matrix (test/api/procedures.test.ts; shape in ./types.ts).
// The seed's model version is in staging, so it may take traffic.
import { expect } from 'vitest';
import type { CaseEnv, RouterCases } from './types';

/** A fresh endpoint serving the seed's version, deployed `times` times by the editor. */
async function deployed(env: CaseEnv, prefix: string, times = 1): Promise<string> {
  const endpoint = env.unique(prefix);
  for (let i = 0; i < times; i++) {
    await env.as.editor.endpoint.deploy.mutate({ endpoint, model: `${env.seed.model}@${env.seed.modelVersion}`, reason: `matrix ${i + 1}` });
  }
  return endpoint;
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
  rollback: {
    role: 'editor',
    bad: { input: { endpoint: '' }, field: 'endpoint' },
    happy: async (env) => ({ endpoint: await deployed(env, 'matrix-rollback', 2), reason: 'matrix: back' }),
    check: (result) => {
      expect(result).toMatchObject({ number: 3, undone: 2, restored: 1, status: 'active', actor: 'editor-user', reason: 'matrix: back' });
    },
  },
} satisfies RouterCases;
