// Cases of monitor.* for the API matrix (test/api/procedures.test.ts; shape in ./types.ts). Windows are stored
// through the repository, as the monitor workflow stores them.
import { expect } from 'vitest';
import { monitorSource, storeWindows } from '../../monitoring/monitor-fixtures';
import type { CaseEnv, RouterCases } from './types';

/** A fresh endpoint name with a monitor applied by the editor. */
async function applied(env: CaseEnv, prefix: string): Promise<string> {
  const endpoint = env.unique(prefix);
  await env.as.editor.monitor.save.mutate({ source: monitorSource(endpoint), origin: `${endpoint}.monitor.yaml` });
  return endpoint;
}

export default {
  save: {
    role: 'editor',
    bad: { input: { source: 42 }, field: 'source' },
    happy: (env) => {
      const endpoint = env.unique('matrix-save');
      return { source: monitorSource(endpoint), origin: 'matrix.monitor.yaml' };
    },
    check: async (result, env) => {
      expect(result).toMatchObject({ status: 'created', version: 1, dryRun: false, workflowId: `headrace-monitor-${result.endpoint}` });
      expect(result.endpoint).toMatch(/^matrix-save/);
      const audit = await env.as.admin.admin.audit.query({ action: 'monitor.save' });
      expect(audit.items.find((r) => r.target === result.endpoint && r.outcome === 'ok')).toMatchObject({ actor: 'editor-user', details: expect.objectContaining({ id: result.id }) });
    },
  },
  list: {
    role: 'viewer',
    happy: async (env) => {
      const endpoint = await applied(env, 'matrix-list');
      await storeWindows(env.h.svc.db, endpoint, 2);
      return undefined;
    },
    check: (result) => {
      const mine = result.find((m: { endpoint: string }) => m.endpoint.startsWith('matrix-list'));
      expect(mine).toMatchObject({ version: 1, enabled: true, window: '1h', lastWindow: { rows: 100, datasetDrifted: true, driftedFeatures: ['Body Mass (g)'] } });
      expect(mine.lastAlert).toMatchObject({ severity: 'critical', kind: 'drift' });
    },
  },
  get: {
    role: 'viewer',
    bad: { input: { endpoint: 'Has Spaces' }, field: 'endpoint' },
    happy: async (env) => ({ endpoint: await applied(env, 'matrix-get') }),
    check: (result) => {
      expect(result).toMatchObject({ version: 1, enabled: true, createdBy: 'editor-user', origin: expect.stringMatching(/\.monitor\.yaml$/) });
      expect(result.spec).toMatchObject({ monitor: result.endpoint, window: '1h', quality: { accuracy: { min: 0.9 } } });
      expect(result.source).toContain(`monitor: ${result.endpoint}`);
      expect(result.workflow?.status).toMatch(/^[A-Z_]+$/);
    },
  },
  windows: {
    role: 'viewer',
    bad: { input: { endpoint: 'matrix-windows', since: 'yesterday' }, field: 'since' },
    happy: async (env) => {
      const endpoint = await applied(env, 'matrix-windows');
      await storeWindows(env.h.svc.db, endpoint, 3);
      return { endpoint };
    },
    check: (result) => {
      expect(result.windows).toHaveLength(3);
      // Oldest first: the newest window, the drifted one, is the last.
      expect(result.windows.map((w: { dataset: { drifted: boolean } }) => w.dataset.drifted)).toEqual([false, false, true]);
      expect(result.windows[2].features['Body Mass (g)']).toMatchObject({ kind: 'numeric', drifted: true, ks: { statistic: 0.4 } });
    },
  },
  alerts: {
    role: 'viewer',
    bad: { input: { endpoint: 'matrix-alerts', limit: 0 }, field: 'limit' },
    happy: async (env) => {
      const endpoint = await applied(env, 'matrix-alerts');
      await storeWindows(env.h.svc.db, endpoint, 2);
      return { endpoint };
    },
    check: (result) => {
      expect(result).toEqual([expect.objectContaining({ kind: 'drift', severity: 'critical', subject: 'Body Mass (g)', windowId: expect.any(Number) })]);
    },
  },
  compute: {
    role: 'viewer',
    bad: { input: { endpoint: 'penguins', since: 'soon' }, field: 'since' },
    // The seed's endpoint, with no monitor applied and nothing in its prediction log: an empty window, default thresholds.
    happy: () => ({ endpoint: 'penguins', since: '1h' }),
    check: (result) => {
      expect(result).toMatchObject({ endpoint: 'penguins', applied: false, window: { rows: 0 } });
      expect(new Date(result.window.end).getTime() - new Date(result.window.start).getTime()).toBe(3600_000);
    },
  },
} satisfies RouterCases;
