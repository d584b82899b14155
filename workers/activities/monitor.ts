// The activities of `endpointMonitor` (workers/workflows/monitor.ts; docs/monitoring.md, "Windows and the monitor
// workflow"): read the endpoint's monitor (its spec's window), count the predictions of a `{ predictions: N }`
// window, and compute one window — drift, quality, health — storing it and raising its alerts. A window is stored
// by (endpoint, start, end) and each alert under a key naming the window, so an attempt retried after its commit
// stores and raises nothing twice.
import { ApplicationFailure } from '@temporalio/common';
import { MonitorSpec } from '../../dsl/monitor';
import { getMonitor, raiseAlert, recordMonitorWindow } from '../../server/db/repo/monitors';
import { anyPipelineWatches } from '../../server/db/repo/triggers';
import { alertsOf, computeWindow, windowOf } from '../../server/monitoring/window';
import { openPredictionStore, type PredictionStore } from '../../server/serving/prediction-log';
import type { ActivityDeps } from './deps';

/** The failure type of a monitor that no longer exists: not retried, and the workflow ends. */
export const MONITOR_GONE = 'MonitorGone';

/** What the workflow needs of a monitor's spec. */
export interface MonitorConfig {
  endpoint: string;
  version: number;
  enabled: boolean;
  window: { ms: number } | { predictions: number };
}

export interface MonitorWindowResult {
  windowId: number;
  start: string;
  end: string;
  rows: number;
  drifted: boolean;
  /** Alerts the window raises, and how many of them were new (not raised by an earlier attempt). */
  alerts: number;
  newAlerts: number;
  /** The ids of the window's alerts, new or raised by an earlier attempt (delivery and triggers are idempotent). */
  alertIds: number[];
  /**
   * Whether a pipeline's current version has a drift or performance trigger on the endpoint (false: the window
   * fires no trigger, and the workflow skips the triggers' activity). Absent in results recorded before it was.
   */
  watched?: boolean;
}

export function monitorActivities(deps: ActivityDeps & { predictions?: PredictionStore }) {
  const { db } = deps;
  let store = deps.predictions;
  // Opened when first used: a worker whose artifact store has no local folder serves every other workflow.
  const predictions = () => (store ??= openPredictionStore({ artifacts: deps.store }));

  async function load(endpoint: string) {
    const row = await getMonitor(db, endpoint);
    if (!row) return null;
    return { row, spec: MonitorSpec.parse(row.spec) };
  }

  return {
    /** The endpoint's monitor as the workflow runs it, or null when there is none. */
    async monitorLoad(input: { endpoint: string }): Promise<MonitorConfig | null> {
      const m = await load(input.endpoint);
      if (!m) return null;
      return { endpoint: input.endpoint, version: m.row.version, enabled: m.row.enabled, window: windowOf(m.spec) };
    },

    /**
     * Predictions logged since `start`, and where a window of `predictions` rows ends: 1 ms after its N-th row
     * (null while fewer have arrived).
     */
    async monitorCount(input: { endpoint: string; start: string; predictions: number }): Promise<{ rows: number; end: string | null }> {
      const rows = await predictions().readPredictions(input.endpoint, { from: input.start });
      const end = rows.length >= input.predictions ? new Date(rows[input.predictions - 1].time + 1).toISOString() : null;
      return { rows: rows.length, end };
    },

    /** Computes the window [start, end), stores it and raises its alerts (each once). */
    async monitorWindow(input: { endpoint: string; start: string; end: string }): Promise<MonitorWindowResult> {
      const m = await load(input.endpoint);
      if (!m) throw ApplicationFailure.create({ type: MONITOR_GONE, message: `no monitor for endpoint ${input.endpoint}`, nonRetryable: true });
      const w = await computeWindow({ db, predictions: predictions() }, {
        endpoint: input.endpoint, start: new Date(input.start), end: new Date(input.end), spec: m.spec,
      });
      const windowId = await recordMonitorWindow(db, input.endpoint, m.row.id, w);
      const alerts = alertsOf(input.endpoint, w, m.spec);
      let newAlerts = 0;
      const alertIds: number[] = [];
      for (const a of alerts) {
        const { row, created } = await raiseAlert(db, { ...a, windowId });
        alertIds.push(row.id);
        if (created) newAlerts++;
      }
      return {
        windowId, start: w.start, end: w.end, rows: w.rows, drifted: w.dataset.drifted, alerts: alerts.length, newAlerts, alertIds,
        watched: await anyPipelineWatches(db, input.endpoint),
      };
    },
  };
}

export type MonitorActivities = ReturnType<typeof monitorActivities>;
