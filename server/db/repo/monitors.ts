// Monitors and what they computed: the applied spec per endpoint (monitors), one row per computed window
// (monitor_windows) with a row per window and feature (monitor_features), and the alerts raised (monitor_alerts,
// one per dedup key). The monitor workflow writes windows and alerts; the API and `headrace monitor` read them.
import { and, asc, desc, eq, gte, inArray } from 'drizzle-orm';
import type { FeatureDrift, MonitorWindow } from '../../monitoring/stats/types';
import type { Db } from '../client';
import { matchingSilence } from './alerts';
import { monitorAlerts, monitorFeatures, monitors, monitorWindows } from '../schema';
import type { AlertKind, AlertSeverity } from '../../../dsl/monitor';

export type MonitorRow = typeof monitors.$inferSelect;
export type MonitorAlertRow = typeof monitorAlerts.$inferSelect & { details: Record<string, unknown> };

/** Saves a monitor's spec for its endpoint: created, updated (version bumped) or unchanged (the same spec). */
export async function upsertMonitor(
  db: Db,
  m: { endpoint: string; spec: unknown; source?: string | null; origin?: string | null; actor?: string | null },
): Promise<{ row: MonitorRow; status: 'created' | 'updated' | 'unchanged' }> {
  return db.transaction(async (tx) => {
    const [old] = await tx.select().from(monitors).where(eq(monitors.endpoint, m.endpoint)).for('update');
    if (!old) {
      const [row] = await tx.insert(monitors).values({
        endpoint: m.endpoint, spec: m.spec, source: m.source ?? null, origin: m.origin ?? null, createdBy: m.actor ?? null,
      }).returning();
      return { row, status: 'created' as const };
    }
    if (sameSpec(old.spec, m.spec) && old.enabled) return { row: old, status: 'unchanged' as const };
    const [row] = await tx.update(monitors).set({
      spec: m.spec, source: m.source ?? old.source, origin: m.origin ?? old.origin, version: old.version + 1, enabled: true,
      updatedAt: new Date(),
    }).where(eq(monitors.id, old.id)).returning();
    return { row, status: 'updated' as const };
  });
}

/** Whether two specs hold the same content: jsonb keeps keys in its own order, so they compare with keys sorted. */
export function sameSpec(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v);
}

export async function getMonitor(db: Db, endpoint: string): Promise<MonitorRow | undefined> {
  const [row] = await db.select().from(monitors).where(eq(monitors.endpoint, endpoint));
  return row;
}

export async function listMonitors(db: Db): Promise<MonitorRow[]> {
  return db.select().from(monitors).orderBy(asc(monitors.endpoint));
}

export async function setMonitorEnabled(db: Db, endpoint: string, enabled: boolean): Promise<MonitorRow | undefined> {
  const [row] = await db.update(monitors).set({ enabled, updatedAt: new Date() }).where(eq(monitors.endpoint, endpoint)).returning();
  return row;
}

/**
 * Stores a computed window and its features. A window of the same endpoint and span computed again (a retried
 * activity, a recomputation) replaces the stored one, features included. Returns the window's id.
 */
export async function recordMonitorWindow(db: Db, endpoint: string, monitorId: string | null, w: MonitorWindow): Promise<number> {
  return db.transaction(async (tx) => {
    const values = {
      endpoint, monitorId, windowStart: new Date(w.start), windowEnd: new Date(w.end), rows: w.rows,
      modelVersionId: w.modelVersionId, dataset: w.dataset, prediction: w.prediction, quality: w.quality, health: w.health,
      computedAt: new Date(),
    };
    const [row] = await tx.insert(monitorWindows).values(values)
      .onConflictDoUpdate({ target: [monitorWindows.endpoint, monitorWindows.windowStart, monitorWindows.windowEnd], set: values })
      .returning({ id: monitorWindows.id });
    await tx.delete(monitorFeatures).where(eq(monitorFeatures.windowId, row.id));
    const features = Object.entries(w.features).map(([feature, f]) => ({
      windowId: row.id, feature, kind: f.kind, rows: f.rows, nulls: f.nulls, psi: f.psi, js: f.js,
      ksStatistic: f.ks?.statistic ?? null, ksPvalue: f.ks?.pvalue ?? null,
      chi2Statistic: f.chi2?.statistic ?? null, chi2Pvalue: f.chi2?.pvalue ?? null,
      drifted: f.drifted, reasons: f.reasons, bins: f.bins,
    }));
    if (features.length > 0) await tx.insert(monitorFeatures).values(features);
    return row.id;
  });
}

/** A stored window as computed, with its id. */
export type StoredMonitorWindow = MonitorWindow & { id: number; computedAt: string };

/** An endpoint's stored windows ending after `since` (default: all), oldest first, at most `limit` (the newest). */
export async function listMonitorWindows(db: Db, endpoint: string, opts: { since?: Date; limit?: number } = {}): Promise<StoredMonitorWindow[]> {
  const where = opts.since
    ? and(eq(monitorWindows.endpoint, endpoint), gte(monitorWindows.windowEnd, opts.since))
    : eq(monitorWindows.endpoint, endpoint);
  const rows = await db.select().from(monitorWindows).where(where).orderBy(desc(monitorWindows.windowEnd)).limit(opts.limit ?? 500);
  rows.reverse();
  if (rows.length === 0) return [];
  const feats = await db.select().from(monitorFeatures).where(inArray(monitorFeatures.windowId, rows.map((r) => r.id)));
  const byWindow = new Map<number, Record<string, FeatureDrift>>();
  for (const f of feats) {
    let m = byWindow.get(f.windowId);
    if (!m) byWindow.set(f.windowId, (m = {}));
    m[f.feature] = {
      kind: f.kind as FeatureDrift['kind'], rows: f.rows, nulls: f.nulls, psi: f.psi, js: f.js,
      ...(f.ksStatistic !== null ? { ks: { statistic: f.ksStatistic, pvalue: f.ksPvalue ?? NaN } } : {}),
      ...(f.chi2Statistic !== null ? { chi2: { statistic: f.chi2Statistic, pvalue: f.chi2Pvalue ?? NaN } } : {}),
      drifted: f.drifted, reasons: f.reasons as string[], bins: f.bins as FeatureDrift['bins'],
    };
  }
  return rows.map((r) => ({
    id: r.id,
    start: r.windowStart.toISOString(),
    end: r.windowEnd.toISOString(),
    rows: r.rows,
    modelVersionId: r.modelVersionId,
    features: byWindow.get(r.id) ?? {},
    dataset: r.dataset as MonitorWindow['dataset'],
    prediction: r.prediction as MonitorWindow['prediction'],
    quality: r.quality as MonitorWindow['quality'],
    health: r.health as MonitorWindow['health'],
    computedAt: r.computedAt.toISOString(),
  }));
}

export interface AlertInput {
  endpoint: string;
  windowId: number | null;
  /** `lifecycle`: raised by a deploy.lifecycle step whose canary rolled back (no window). */
  kind: AlertKind;
  severity: AlertSeverity;
  subject?: string | null;
  message: string;
  details?: Record<string, unknown>;
  /** One alert per key: e.g. `ENDPOINT/WINDOW_START/drift/FEATURE`. */
  dedupKey: string;
}

/**
 * Raises an alert unless one with its dedup key exists; the alert row and whether it is new. A silence in force
 * that covers it (server/db/repo/alerts.ts matchingSilence) is stored with it: the alert is kept and shown, never sent.
 */
export async function raiseAlert(db: Db, a: AlertInput): Promise<{ row: MonitorAlertRow; created: boolean }> {
  const silence = await matchingSilence(db, { endpoint: a.endpoint, kind: a.kind, subject: a.subject ?? null });
  const [inserted] = await db.insert(monitorAlerts).values({
    endpoint: a.endpoint, windowId: a.windowId, kind: a.kind, severity: a.severity, subject: a.subject ?? null,
    message: a.message, details: a.details ?? {}, dedupKey: a.dedupKey, silenceId: silence?.id ?? null,
  }).onConflictDoNothing({ target: monitorAlerts.dedupKey }).returning();
  if (inserted) return { row: inserted as MonitorAlertRow, created: true };
  const [row] = await db.select().from(monitorAlerts).where(eq(monitorAlerts.dedupKey, a.dedupKey));
  return { row: row as MonitorAlertRow, created: false };
}

/** An endpoint's alerts created after `since` (default: all), oldest first. */
export async function listAlerts(db: Db, endpoint: string, opts: { since?: Date; limit?: number } = {}): Promise<MonitorAlertRow[]> {
  const where = opts.since
    ? and(eq(monitorAlerts.endpoint, endpoint), gte(monitorAlerts.createdAt, opts.since))
    : eq(monitorAlerts.endpoint, endpoint);
  const rows = await db.select().from(monitorAlerts).where(where).orderBy(desc(monitorAlerts.id)).limit(opts.limit ?? 500);
  return (rows as MonitorAlertRow[]).reverse();
}
