// Monitors (docs/monitoring.md, "Monitors"): a spec applied per endpoint starts (or signals) the endpoint's
// long-lived `endpointMonitor` workflow; the windows it stored and the alerts it raised are read back here, and one
// window can be computed on demand over the prediction log of a recent period.
import { WorkflowNotFoundError } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { desc, eq, inArray } from 'drizzle-orm';
import { durationSeconds } from '../../dsl/compile/duration';
import { MonitorSpec } from '../../dsl/monitor';
import { parseMonitor } from '../../dsl/monitor-file';
import { retrainingOfAlerts } from '../db/repo/alert-chain';
import { lastDeliveries } from '../db/repo/alerts';
import { getEndpoint } from '../db/repo/endpoints';
import { getMonitor, listAlerts, listMonitors, listMonitorWindows, sameSpec, upsertMonitor, type MonitorRow } from '../db/repo/monitors';
import { models, modelVersions, monitorAlerts as monitorAlertsTable, monitorWindows as monitorWindowsTable } from '../db/schema';
import type { MonitorWindow } from '../monitoring/stats/types';
import { computeWindow } from '../monitoring/window';
import { openPredictionStore, type PredictionStore } from '../serving/prediction-log';
import {
  ENDPOINT_MONITOR, MONITOR_TASK_QUEUE, monitorProgressQuery, monitorSpecChangedSignal, monitorWorkflowId,
  type MonitorInput, type MonitorProgress,
} from '../temporal/contract';
import type { Services } from './context';
import { ServiceError } from './errors';

/** How long `get` waits for a running monitor to answer its progress query. */
const PROGRESS_WAIT_MS = 3000;

/** The prediction log the platform's predict servers write: `predictions/` beside the artifact store. */
export function predictionStoreOf(svc: Services): PredictionStore {
  return openPredictionStore({ dir: svc.config.predictionsDir });
}

/** A duration (`30s`, `10m`, `1h`, `7d`) in milliseconds; BAD_REQUEST otherwise. */
export function sinceMs(since: string): number {
  const s = durationSeconds(since);
  if (s === undefined) throw new ServiceError('BAD_REQUEST', `"${since}" is not a duration: give 30s, 10m, 1h or 7d`);
  return s * 1000;
}

export interface ApplyInput {
  /** The monitor file's YAML text. */
  source: string;
  /** The file it came from (kept with the monitor). */
  origin?: string;
  /** Check and say what would happen, saving nothing and starting nothing. */
  dryRun?: boolean;
  actor: string;
}

/**
 * Checks a monitor file and saves its spec for its endpoint: created, updated (version bumped) or unchanged. The
 * endpoint's monitor workflow is then started, or signalled to reload the spec when it runs already (a stopped
 * one starts again: its id may be reused). An invalid file is BAD_REQUEST with its diagnostics.
 */
export async function applyMonitor(svc: Services, input: ApplyInput) {
  const { spec, diagnostics } = parseMonitor(input.source);
  if (!spec) {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    const first = errors[0];
    throw new ServiceError(
      'BAD_REQUEST',
      `the monitor has ${errors.length} error(s)${first ? `, the first at ${first.line}:${first.col}: ${first.message}` : ''}`,
      diagnostics,
    );
  }
  return applyMonitorSpec(svc, { ...input, spec });
}

/**
 * Saves a checked spec for its endpoint and starts (or signals) its workflow: what applyMonitor does after parsing
 * a monitor file, and what saving a pipeline with a `monitor:` section does with the section (its `source` then
 * the section as a monitor file's YAML).
 */
export async function applyMonitorSpec(svc: Services, input: ApplyInput & { spec: MonitorSpec }) {
  const { spec } = input;
  const workflowId = monitorWorkflowId(spec.monitor);
  if (input.dryRun) {
    const old = await getMonitor(svc.db, spec.monitor);
    const same = old !== undefined && old.enabled && sameSpec(old.spec, spec);
    const status = !old ? 'created' : same ? 'unchanged' : 'updated';
    return { id: old?.id ?? null, endpoint: spec.monitor, status, version: !old ? 1 : same ? old.version : old.version + 1, workflowId, dryRun: true } as const;
  }
  const { row, status } = await upsertMonitor(svc.db, { endpoint: spec.monitor, spec, source: input.source, origin: input.origin ?? null, actor: input.actor });
  if (svc.temporal) {
    // Starts the workflow when none runs under its id (a first apply, or one that stopped), else signals it.
    await svc.temporal.workflow.signalWithStart(ENDPOINT_MONITOR, {
      workflowId,
      taskQueue: MONITOR_TASK_QUEUE,
      args: [{ endpoint: spec.monitor } satisfies MonitorInput],
      signal: monitorSpecChangedSignal,
      signalArgs: [{ version: row.version }],
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
    });
  }
  return { id: row.id, endpoint: row.endpoint, status, version: row.version, workflowId, dryRun: false };
}

/**
 * Every monitor with its last stored window and its latest alert, by endpoint: three queries whatever the number
 * of monitors (the monitors, then `distinct on (endpoint)` for the newest window and the newest alert of each).
 */
export async function listMonitorViews(svc: Services) {
  const rows = await listMonitors(svc.db);
  if (rows.length === 0) return [];
  const endpoints = rows.map((m) => m.endpoint);
  const [lastWindows, lastAlerts] = await Promise.all([
    svc.db.selectDistinctOn([monitorWindowsTable.endpoint], {
      endpoint: monitorWindowsTable.endpoint, start: monitorWindowsTable.windowStart, end: monitorWindowsTable.windowEnd,
      rows: monitorWindowsTable.rows, dataset: monitorWindowsTable.dataset,
    }).from(monitorWindowsTable).where(inArray(monitorWindowsTable.endpoint, endpoints))
      .orderBy(monitorWindowsTable.endpoint, desc(monitorWindowsTable.windowEnd), desc(monitorWindowsTable.id)),
    svc.db.selectDistinctOn([monitorAlertsTable.endpoint], {
      endpoint: monitorAlertsTable.endpoint, createdAt: monitorAlertsTable.createdAt, severity: monitorAlertsTable.severity,
      kind: monitorAlertsTable.kind, message: monitorAlertsTable.message, silenceId: monitorAlertsTable.silenceId,
    }).from(monitorAlertsTable).where(inArray(monitorAlertsTable.endpoint, endpoints))
      .orderBy(monitorAlertsTable.endpoint, desc(monitorAlertsTable.id)),
  ]);
  const windowOf = new Map(lastWindows.map((w) => [w.endpoint, w]));
  const alertOf = new Map(lastAlerts.map((a) => [a.endpoint, a]));
  return rows.map((m) => {
    const last = windowOf.get(m.endpoint);
    const alert = alertOf.get(m.endpoint);
    const dataset = last?.dataset as MonitorWindow['dataset'] | undefined;
    return {
      endpoint: m.endpoint,
      version: m.version,
      enabled: m.enabled,
      window: (m.spec as MonitorSpec).window,
      origin: m.origin,
      updatedAt: m.updatedAt,
      workflowId: monitorWorkflowId(m.endpoint),
      lastWindow: last && dataset
        ? { start: last.start.toISOString(), end: last.end.toISOString(), rows: last.rows, datasetDrifted: dataset.drifted, driftedFeatures: dataset.driftedFeatures }
        : null,
      lastAlert: alert
        ? { createdAt: alert.createdAt, severity: alert.severity, kind: alert.kind, message: alert.message, silenced: alert.silenceId !== null }
        : null,
    };
  });
}

/** One monitor: its spec and source, and its workflow as Temporal has it (with its progress while it runs). */
export async function getMonitorView(svc: Services, endpoint: string) {
  const m = await getMonitor(svc.db, endpoint);
  if (!m) throw new ServiceError('NOT_FOUND', `no monitor for endpoint ${endpoint}: apply a *.monitor.yaml file (headrace apply FILE)`);
  return { ...viewOf(m), workflow: svc.temporal ? await workflowOf(svc, endpoint) : null };
}

function viewOf(m: MonitorRow) {
  return {
    id: m.id, endpoint: m.endpoint, spec: m.spec as Record<string, unknown>, source: m.source, origin: m.origin, version: m.version,
    enabled: m.enabled, createdBy: m.createdBy, createdAt: m.createdAt, updatedAt: m.updatedAt, workflowId: monitorWorkflowId(m.endpoint),
  };
}

async function workflowOf(svc: Services, endpoint: string): Promise<{ status: string; progress: MonitorProgress | null } | null> {
  const handle = svc.temporal.workflow.getHandle(monitorWorkflowId(endpoint));
  let status: string;
  try {
    status = (await handle.describe()).status.name;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return null;
    throw err;
  }
  if (status !== 'RUNNING') return { status, progress: null };
  // A workflow whose worker is busy or gone answers no query: the progress is left out rather than waited for.
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((r) => { timer = setTimeout(() => r(null), PROGRESS_WAIT_MS); });
  try {
    const progress = await Promise.race([handle.query(monitorProgressQuery).catch(() => null), timeout]);
    return { status, progress };
  } finally {
    clearTimeout(timer);
  }
}

/** An endpoint that has neither a monitor nor a deployment (nor stored windows) is NOT_FOUND. */
async function checkKnown(svc: Services, endpoint: string, monitor: MonitorRow | undefined): Promise<void> {
  if (monitor || (await getEndpoint(svc.db, endpoint))) return;
  throw new ServiceError('NOT_FOUND', `no endpoint or monitor named ${endpoint}`);
}

/** `MODEL@VERSION` of each model version id given. */
async function modelNames(svc: Services, ids: Array<string | null>): Promise<Record<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return {};
  const rows = await svc.db
    .select({ id: modelVersions.id, version: modelVersions.version, name: models.name })
    .from(modelVersions)
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .where(inArray(modelVersions.id, wanted));
  return Object.fromEntries(rows.map((r) => [r.id, `${r.name}@${r.version}`]));
}

/** The stored windows of an endpoint ending within `since` of now (default all), oldest first, at most `limit`. */
export async function monitorWindows(svc: Services, input: { endpoint: string; since?: string; limit?: number }) {
  const since = input.since ? new Date(Date.now() - sinceMs(input.since)) : undefined;
  const windows = await listMonitorWindows(svc.db, input.endpoint, { since, limit: input.limit });
  if (windows.length === 0) await checkKnown(svc, input.endpoint, await getMonitor(svc.db, input.endpoint));
  return { endpoint: input.endpoint, windows, models: await modelNames(svc, windows.map((w) => w.modelVersionId)) };
}

/** The alerts of an endpoint raised within `since` of now (default all), oldest first, at most `limit` (the newest). */
export async function monitorAlerts(svc: Services, input: { endpoint: string; since?: string; limit?: number }) {
  const since = input.since ? new Date(Date.now() - sinceMs(input.since)) : undefined;
  const alerts = await listAlerts(svc.db, input.endpoint, { since, limit: input.limit });
  if (alerts.length === 0) await checkKnown(svc, input.endpoint, await getMonitor(svc.db, input.endpoint));
  // Whether each was silenced, its last delivery attempt, and the retraining it started (a few queries for all).
  const [last, retraining] = await Promise.all([lastDeliveries(svc.db, alerts.map((a) => a.id)), retrainingOfAlerts(svc.db, input.endpoint, alerts)]);
  return alerts.map((a) => {
    const d = last.get(a.id);
    return {
      ...a,
      silenced: a.silenceId !== null,
      retraining: retraining.get(a.id) ?? [],
      delivery: d
        ? { state: d.ok ? ('delivered' as const) : ('failed' as const), webhook: d.webhook, attempt: d.attempt, attempts: d.attempts, httpStatus: d.httpStatus, error: d.error, at: d.at }
        : null,
    };
  });
}

/**
 * One window computed now over the prediction log of the last `since` (stored nowhere, no alert raised), with
 * the applied monitor's spec, or the default thresholds when the endpoint has no monitor.
 */
export async function computeMonitorWindow(svc: Services, input: { endpoint: string; since: string }) {
  const ms = sinceMs(input.since);
  const monitor = await getMonitor(svc.db, input.endpoint);
  await checkKnown(svc, input.endpoint, monitor);
  const spec = monitor ? MonitorSpec.parse(monitor.spec) : MonitorSpec.parse({ monitor: input.endpoint });
  const end = new Date();
  const window = await computeWindow({ db: svc.db, predictions: predictionStoreOf(svc) }, { endpoint: input.endpoint, start: new Date(end.getTime() - ms), end, spec });
  return { endpoint: input.endpoint, window, models: await modelNames(svc, [window.modelVersionId]), applied: monitor !== undefined };
}
