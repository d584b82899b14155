// From an alert to what it caused: the retraining runs a drift or performance trigger started because of it, and
// the model versions each of those runs registered, with the stage each is in now and when it entered production.
// The monitoring page and `headrace monitor` show the chain beside each alert.
import { and, eq, gte, inArray, min } from 'drizzle-orm';
import type { RunStatus } from '../../../dsl/states';
import type { TriggerDetails } from '../../temporal/contract';
import type { Db } from '../client';
import { models, modelStageChanges, modelVersions, pipelines, runs } from '../schema';
import { retrainedFor } from './runs';

export interface AlertRetraining {
  runId: string;
  pipeline: string;
  status: RunStatus;
  createdAt: Date;
  versions: Array<{ model: string; version: number; stage: string; promotedAt: Date | null }>;
}

interface AlertKey {
  id: number;
  kind: string;
  windowId: number | null;
  createdAt: Date;
}

/**
 * The retraining runs each alert started, by alert id. A drift run names the alerts that fired it
 * (triggerDetails.alertIds); a performance run names its window, and stands for that window's quality alerts.
 * Three queries whatever the number of alerts.
 */
export async function retrainingOfAlerts(db: Db, endpoint: string, alerts: AlertKey[]): Promise<Map<number, AlertRetraining[]>> {
  const out = new Map<number, AlertRetraining[]>();
  if (alerts.length === 0) return out;
  const oldest = new Date(Math.min(...alerts.map((a) => a.createdAt.getTime())));
  const started = await db
    .select({ id: runs.id, status: runs.status, createdAt: runs.createdAt, details: runs.triggerDetails, pipeline: pipelines.name })
    .from(runs)
    .innerJoin(pipelines, eq(pipelines.id, runs.pipelineId))
    .where(and(
      retrainedFor(endpoint),
      gte(runs.createdAt, oldest),
    ))
    .orderBy(runs.createdAt);
  if (started.length === 0) return out;

  const versions = await db
    .select({ id: modelVersions.id, runId: modelVersions.runId, model: models.name, version: modelVersions.version, stage: modelVersions.stage })
    .from(modelVersions)
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .where(inArray(modelVersions.runId, started.map((r) => r.id)))
    .orderBy(models.name, modelVersions.version);
  const promoted = versions.length === 0 ? [] : await db
    .select({ id: modelStageChanges.modelVersionId, at: min(modelStageChanges.at) })
    .from(modelStageChanges)
    .where(and(inArray(modelStageChanges.modelVersionId, versions.map((v) => v.id)), eq(modelStageChanges.toStage, 'production')))
    .groupBy(modelStageChanges.modelVersionId);
  const promotedAt = new Map(promoted.map((p) => [p.id, p.at]));
  const byRun = new Map<string, AlertRetraining['versions']>();
  for (const v of versions) {
    if (v.runId === null) continue;
    const list = byRun.get(v.runId) ?? [];
    list.push({ model: v.model, version: v.version, stage: v.stage, promotedAt: promotedAt.get(v.id) ?? null });
    byRun.set(v.runId, list);
  }

  const qualityByWindow = new Map<number, number[]>();
  for (const a of alerts) {
    if (a.kind === 'quality' && a.windowId !== null) qualityByWindow.set(a.windowId, [...(qualityByWindow.get(a.windowId) ?? []), a.id]);
  }
  const known = new Set(alerts.map((a) => a.id));
  for (const r of started) {
    const d = (r.details ?? {}) as Partial<TriggerDetails>;
    const caused = d.kind === 'performance' && d.windowId !== undefined ? (qualityByWindow.get(d.windowId) ?? []) : (d.alertIds ?? []);
    const entry: AlertRetraining = { runId: r.id, pipeline: r.pipeline, status: r.status as RunStatus, createdAt: r.createdAt, versions: byRun.get(r.id) ?? [] };
    for (const id of caused) if (known.has(id)) out.set(id, [...(out.get(id) ?? []), entry]);
  }
  return out;
}
