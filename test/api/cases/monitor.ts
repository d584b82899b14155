// Cases of monitor.* for the API matrix (test/api/procedures.test.ts; shape in ./types.ts). Windows are stored
// through the repository, as the monitor workflow stores them.
import { expect } from 'vitest';
import { recordDelivery } from '../../../server/db/repo/alerts';
import { listAlerts } from '../../../server/db/repo/monitors';
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
  silence: {
    role: 'editor',
    bad: { input: { endpoint: 'matrix-silence', duration: '2h', reason: '' }, field: 'reason' },
    happy: async (env) => ({ endpoint: await applied(env, 'matrix-silence'), kind: 'drift', subject: 'Body Mass (g)', duration: '2h', reason: 'retraining under way' }),
    check: async (result, env) => {
      expect(result).toMatchObject({ kind: 'drift', subject: 'Body Mass (g)', reason: 'retraining under way', createdBy: 'editor-user', active: true });
      expect(result.until.getTime() - result.createdAt.getTime()).toBeGreaterThan(2 * 3600_000 - 60_000);
      // An alert it covers is raised silenced.
      await storeWindows(env.h.svc.db, result.endpoint, 1);
      const [alert] = await env.as.viewer.monitor.alerts.query({ endpoint: result.endpoint });
      expect(alert).toMatchObject({ subject: 'Body Mass (g)', silenced: true, silenceId: result.id, delivery: null });
      const audit = await env.as.admin.admin.audit.query({ action: 'monitor.silence' });
      expect(audit.items.find((r) => r.target === `${result.endpoint} silence ${result.id}`)).toMatchObject({
        actor: 'editor-user', outcome: 'ok', details: expect.objectContaining({ reason: 'retraining under way' }),
      });
    },
  },
  silences: {
    role: 'viewer',
    bad: { input: { endpoint: 'Not An Endpoint' }, field: 'endpoint' },
    happy: async (env) => {
      const endpoint = await applied(env, 'matrix-silences');
      await env.as.editor.monitor.silence.mutate({ endpoint, duration: '1h', reason: 'maintenance' });
      return { endpoint };
    },
    check: (result) => {
      expect(result).toEqual([expect.objectContaining({ kind: null, subject: null, reason: 'maintenance', active: true })]);
    },
  },
  unsilence: {
    role: 'editor',
    bad: { input: { id: -1 }, field: 'id' },
    happy: async (env) => {
      const endpoint = await applied(env, 'matrix-unsilence');
      const s = await env.as.editor.monitor.silence.mutate({ endpoint, duration: '1h', reason: 'deploy window' });
      return { id: s.id };
    },
    check: async (result, env) => {
      expect(result).toMatchObject({ active: false, reason: 'deploy window' });
      expect(await env.as.viewer.monitor.silences.query({ endpoint: result.endpoint })).toEqual([]);
      const audit = await env.as.admin.admin.audit.query({ action: 'monitor.unsilence' });
      expect(audit.items.find((r) => r.target === `${result.endpoint} silence ${result.id}` && r.outcome === 'ok')).toMatchObject({ actor: 'editor-user' });
    },
  },
  deliveries: {
    role: 'viewer',
    bad: { input: { alertId: 'one' }, field: 'alertId' },
    happy: async (env) => {
      const endpoint = await applied(env, 'matrix-deliveries');
      await storeWindows(env.h.svc.db, endpoint, 1);
      const [alert] = await listAlerts(env.h.svc.db, endpoint);
      await recordDelivery(env.h.svc.db, { alertId: alert.id, webhook: 'team', attempt: 1, ok: false, httpStatus: 503, error: 'HTTP 503', durationMs: 12 });
      await recordDelivery(env.h.svc.db, { alertId: alert.id, webhook: 'team', attempt: 2, ok: true, httpStatus: 200, durationMs: 8 });
      return { alertId: alert.id };
    },
    check: async (result, env) => {
      expect(result).toMatchObject({ silenced: false, silence: null });
      expect(result.deliveries.map((d: { attempt: number; ok: boolean; httpStatus: number }) => [d.attempt, d.ok, d.httpStatus])).toEqual([[1, false, 503], [2, true, 200]]);
      const [alert] = await env.as.viewer.monitor.alerts.query({ endpoint: result.endpoint });
      expect(alert.delivery).toMatchObject({ state: 'delivered', webhook: 'team', attempt: 2, attempts: 2, httpStatus: 200 });
    },
  },
} satisfies RouterCases;
