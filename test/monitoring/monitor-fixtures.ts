// Monitor files and stored windows for the spec, API and CLI tests of monitors: windows are written through the
// repository as the monitor workflow writes them, so reading them is tested without waiting for a workflow.
import type { Db } from '../../server/db/client';
import { getMonitor, raiseAlert, recordMonitorWindow, upsertMonitor } from '../../server/db/repo/monitors';
import type { FeatureDrift, MonitorWindow } from '../../server/monitoring/stats/types';

/** A small valid monitor file for `endpoint`. */
export function monitorSource(endpoint: string, extra = ''): string {
  return `monitor: ${endpoint}
window: 1h
features:
  default: { psi: 0.2 }
  Body Mass (g): { psi: 0.1 }
quality:
  accuracy: { min: 0.9, severity: critical }
${extra}`;
}

const numeric = (psi: number, drifted: boolean): FeatureDrift => ({
  kind: 'numeric', rows: 100, nulls: 0, psi, js: psi / 2, ks: { statistic: drifted ? 0.4 : 0.05, pvalue: drifted ? 1e-9 : 0.6 },
  drifted, reasons: drifted ? ['psi', 'ks'] : [], bins: { labels: ['<3', '≥3'], reference: [0.5, 0.5], current: drifted ? [0.1, 0.9] : [0.5, 0.5] },
});

/** A computed window starting at `start`, an hour long; `drifted` shifts Body Mass (g). */
export function sampleWindow(start: Date, drifted: boolean, modelVersionId: string | null = null): MonitorWindow {
  const end = new Date(start.getTime() + 3600_000);
  return {
    start: start.toISOString(),
    end: end.toISOString(),
    rows: 100,
    modelVersionId,
    features: {
      'Body Mass (g)': numeric(drifted ? 0.9 : 0.01, drifted),
      'Beak Length (mm)': numeric(0.02, false),
      Island: {
        kind: 'categorical', rows: 100, nulls: 2, psi: 0.01, js: 0.02, chi2: { statistic: 1.5, pvalue: 0.47 }, drifted: false, reasons: [],
        bins: { labels: ['Biscoe', 'Dream'], reference: [0.5, 0.5], current: [0.48, 0.52] },
      },
    },
    dataset: { drifted, share: drifted ? 1 / 3 : 0, threshold: 0.3, driftedFeatures: drifted ? ['Body Mass (g)'] : [] },
    prediction: null,
    quality: { labelled: 40, accuracy: drifted ? 0.8 : 0.97, f1Macro: drifted ? 0.78 : 0.96, logLoss: 0.2 },
    health: { requests: 100, errors: 1, errorRate: 0.01, p50Ms: 2, p95Ms: 5, p99Ms: 10 },
  };
}

/**
 * Stores `count` hourly windows of `endpoint` ending before now (the last one drifted, with a drift alert), for a
 * monitor saved here when none is. Returns the windows' starts, oldest first.
 */
export async function storeWindows(db: Db, endpoint: string, count: number, modelVersionId: string | null = null): Promise<Date[]> {
  const row = (await getMonitor(db, endpoint)) ?? (await upsertMonitor(db, { endpoint, spec: { monitor: endpoint, window: '1h' }, actor: 'test' })).row;
  const hour = 3600_000;
  const first = Math.floor(Date.now() / hour) * hour - count * hour;
  const starts = Array.from({ length: count }, (_, i) => new Date(first + i * hour));
  for (const [i, start] of starts.entries()) {
    const drifted = i === count - 1;
    const id = await recordMonitorWindow(db, endpoint, row.id, sampleWindow(start, drifted, modelVersionId));
    if (drifted) {
      await raiseAlert(db, {
        endpoint, windowId: id, kind: 'drift', severity: 'critical', subject: 'Body Mass (g)',
        message: 'Body Mass (g) drifted: PSI 0.900 > 0.1', details: { psi: 0.9 }, dedupKey: `${endpoint}/${start.toISOString()}/drift/Body Mass (g)`,
      });
    }
  }
  return starts;
}
