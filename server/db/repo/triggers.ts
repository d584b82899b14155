// Retraining triggers: which pipelines a monitor's window or a data source concerns, each firing recorded once
// per key in trigger_events (with the run it started, or why none), and the last content hash seen at each polled
// source (trigger_sources). The monitor's and the poller's activities and the webhook route write these.
import { createHash } from 'node:crypto';
import { and, desc, eq, gt, sql } from 'drizzle-orm';
import type { DataTrigger, DriftTrigger, PerformanceTrigger, Plan } from '../../../dsl/plan';
import type { RunTrigger } from '../../../dsl/states';
import type { RunContext, TriggerDetails } from '../../temporal/contract';
import type { Db } from '../client';
import { pipelines, pipelineVersions, runs, triggerEvents, triggerSources } from '../schema';

export type TriggerEventRow = typeof triggerEvents.$inferSelect & { details: Record<string, unknown> };
export type TriggerOutcome = 'started' | 'cooldown' | 'failed';
export type RetrainTriggerKind = 'data' | 'drift' | 'performance';

/** A pipeline's current (latest) version, when it is not archived. */
export interface CurrentPipeline {
  pipelineId: string;
  pipeline: string;
  pipelineVersionId: string;
  version: number;
  plan: Plan;
}

/** Every pipeline that is not archived, at its latest version (one query). */
export async function currentPipelines(db: Db): Promise<CurrentPipeline[]> {
  const rows = await db
    .selectDistinctOn([pipelineVersions.pipelineId], {
      pipelineId: pipelineVersions.pipelineId, pipeline: pipelines.name, pipelineVersionId: pipelineVersions.id,
      version: pipelineVersions.version, plan: pipelineVersions.plan,
    })
    .from(pipelineVersions)
    .innerJoin(pipelines, eq(pipelines.id, pipelineVersions.pipelineId))
    .where(eq(pipelines.archived, false))
    .orderBy(pipelineVersions.pipelineId, desc(pipelineVersions.version));
  return rows.map((r) => ({ ...r, plan: r.plan as Plan }));
}

/** A pipeline's current version by name (archived ones too), or undefined. */
export async function currentPipeline(db: Db, name: string): Promise<(CurrentPipeline & { archived: boolean }) | undefined> {
  const [row] = await db
    .select({
      pipelineId: pipelines.id, pipeline: pipelines.name, archived: pipelines.archived, pipelineVersionId: pipelineVersions.id,
      version: pipelineVersions.version, plan: pipelineVersions.plan,
    })
    .from(pipelineVersions)
    .innerJoin(pipelines, eq(pipelines.id, pipelineVersions.pipelineId))
    .where(eq(pipelines.name, name))
    .orderBy(desc(pipelineVersions.version))
    .limit(1);
  return row ? { ...row, plan: row.plan as Plan } : undefined;
}

/** The drift and performance triggers of each current pipeline that watch `endpoint`. */
export async function pipelinesWatching(
  db: Db,
  endpoint: string,
): Promise<(CurrentPipeline & { triggers: (DriftTrigger | PerformanceTrigger)[] })[]> {
  const out = [];
  for (const p of await currentPipelines(db)) {
    const triggers = (p.plan.triggers ?? []).filter(
      (t): t is DriftTrigger | PerformanceTrigger => (t.type === 'drift' || t.type === 'performance') && t.endpoint === endpoint,
    );
    if (triggers.length > 0) out.push({ ...p, triggers });
  }
  return out;
}

/**
 * Whether any current pipeline has a drift or performance trigger on `endpoint`: one query (jsonb containment on
 * the latest versions' plans), for the monitor's every window, which only needs the yes or no.
 */
export async function anyPipelineWatches(db: Db, endpoint: string): Promise<boolean> {
  const drift = JSON.stringify([{ type: 'drift', endpoint }]);
  const performance = JSON.stringify([{ type: 'performance', endpoint }]);
  const latest = db
    .selectDistinctOn([pipelineVersions.pipelineId], { plan: pipelineVersions.plan })
    .from(pipelineVersions)
    .innerJoin(pipelines, eq(pipelines.id, pipelineVersions.pipelineId))
    .where(eq(pipelines.archived, false))
    .orderBy(pipelineVersions.pipelineId, desc(pipelineVersions.version))
    .as('latest');
  const [row] = await db
    .select({ one: sql<number>`1` })
    .from(latest)
    .where(sql`${latest.plan}->'triggers' @> ${drift}::jsonb or ${latest.plan}->'triggers' @> ${performance}::jsonb`)
    .limit(1);
  return row !== undefined;
}

/** Current pipelines with a data trigger whose `webhook` is `name`. */
export async function pipelinesOnWebhook(db: Db, name: string): Promise<CurrentPipeline[]> {
  return (await currentPipelines(db)).filter((p) =>
    (p.plan.triggers ?? []).some((t) => t.type === 'data' && 'webhook' in t && t.webhook === name));
}

/** The polled data triggers of a plan. */
export function polledSources(plan: Plan): Extract<DataTrigger, { source: string }>[] {
  return (plan.triggers ?? []).filter((t): t is Extract<DataTrigger, { source: string }> => t.type === 'data' && 'source' in t);
}

export interface FireInput {
  pipeline: CurrentPipeline;
  kind: RetrainTriggerKind;
  /** `drift:ENDPOINT:WINDOW_START`, `performance:ENDPOINT:WINDOW_START`, `data:SOURCE:HASH@SINCE`: one event per key. */
  key: string;
  details: TriggerDetails;
  createdBy: string;
}

/**
 * Records a trigger's firing once per (pipeline, key): a first call decides, under a lock on the pipeline's row
 * (two endpoints' windows may fire the same pipeline at once), between `cooldown` (a run started by a data, drift
 * or performance trigger within the plan's cooldown) and `started`, and for `started` writes the run's row (queued,
 * keyed by triggerWorkflowId) in the same transaction. A later call with the same key returns the event as it stands.
 */
export async function fireTrigger(db: Db, f: FireInput): Promise<{ event: TriggerEventRow; created: boolean }> {
  return db.transaction(async (tx) => {
    await tx.select({ id: pipelines.id }).from(pipelines).where(eq(pipelines.id, f.pipeline.pipelineId)).for('update');
    const [existing] = await tx
      .select()
      .from(triggerEvents)
      .where(and(eq(triggerEvents.pipelineId, f.pipeline.pipelineId), eq(triggerEvents.key, f.key)));
    if (existing) return { event: existing as TriggerEventRow, created: false };
    const cooldown = f.pipeline.plan.cooldownSeconds;
    if (cooldown !== undefined) {
      const [recent] = await tx
        .select({ id: triggerEvents.id, runId: triggerEvents.runId, createdAt: triggerEvents.createdAt })
        .from(triggerEvents)
        .where(and(
          eq(triggerEvents.pipelineId, f.pipeline.pipelineId),
          eq(triggerEvents.outcome, 'started'),
          gt(triggerEvents.createdAt, sql`now() - make_interval(secs => ${cooldown})`),
        ))
        .orderBy(desc(triggerEvents.createdAt))
        .limit(1);
      if (recent) {
        const details = { ...f.details, cooldown: { seconds: cooldown, lastRunId: recent.runId, lastAt: recent.createdAt.toISOString() } };
        const [row] = await tx.insert(triggerEvents).values({ pipelineId: f.pipeline.pipelineId, kind: f.kind, key: f.key, outcome: 'cooldown', details }).returning();
        return { event: row as TriggerEventRow, created: true };
      }
    }
    const [run] = await tx
      .insert(runs)
      .values({
        pipelineId: f.pipeline.pipelineId, pipelineVersionId: f.pipeline.pipelineVersionId, workflowId: triggerWorkflowId(f.pipeline.pipelineId, f.key),
        params: f.pipeline.plan.params, plan: f.pipeline.plan, trigger: f.kind satisfies RunTrigger, createdBy: f.createdBy,
        triggerDetails: f.details,
      })
      .returning({ id: runs.id });
    const [row] = await tx
      .insert(triggerEvents)
      .values({ pipelineId: f.pipeline.pipelineId, kind: f.kind, key: f.key, outcome: 'started', runId: run.id, details: f.details })
      .returning();
    return { event: row as TriggerEventRow, created: true };
  });
}

/**
 * The workflow id of the run a trigger event starts: derived from the pipeline and the event's key, so every
 * attempt to start it (a retried activity, a replayed window, a second webhook call) names the same workflow.
 */
export function triggerWorkflowId(pipelineId: string, key: string): string {
  return `headrace-trigger-${pipelineId}-${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;
}

/** What one firing came to, for the caller's log and tests. */
export interface Firing {
  pipeline: string;
  kind: RetrainTriggerKind;
  key: string;
  outcome: TriggerOutcome;
  runId: string | null;
  /** false when an earlier call recorded this key (the run, if any, is that call's). */
  created: boolean;
  error?: string;
}

/**
 * Starts a `pipelineRun` workflow under `workflowId` with `[plan, ctx]`; resolves also when that workflow was
 * started already (an earlier attempt), throws when it cannot be started.
 */
export type StartTriggeredRun = (workflowId: string, plan: Plan, ctx: RunContext, memo: Record<string, unknown>) => Promise<void>;

/**
 * Fires a trigger: the event recorded once per key (fireTrigger), and for `started` the run's workflow started —
 * again on a later call with the same key, which names the same workflow, so a call that died between the two
 * still starts its run. A workflow that cannot be started marks the event and its run failed.
 */
export async function fireAndStart(db: Db, f: FireInput, start: StartTriggeredRun): Promise<Firing> {
  const { event, created } = await fireTrigger(db, f);
  const firing: Firing = {
    pipeline: f.pipeline.pipeline, kind: f.kind, key: f.key, outcome: event.outcome as TriggerOutcome, runId: event.runId, created,
  };
  if (event.outcome !== 'started' || !event.runId) return firing;
  const ctx: RunContext = {
    runId: event.runId, pipelineVersionId: f.pipeline.pipelineVersionId, trigger: f.kind, createdBy: f.createdBy, triggerDetails: f.details,
  };
  try {
    await start(triggerWorkflowId(f.pipeline.pipelineId, f.key), f.pipeline.plan, ctx, { pipeline: f.pipeline.pipeline, version: f.pipeline.version, trigger: f.key });
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    await failTriggerEvent(db, event.id, error);
    return { ...firing, outcome: 'failed', error };
  }
  return firing;
}

/** A started event whose workflow could not be started: the event and its run marked failed, with the reason. */
export async function failTriggerEvent(db: Db, id: number, error: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(triggerEvents)
      .set({ outcome: 'failed', details: sql`${triggerEvents.details} || ${JSON.stringify({ error })}::jsonb` })
      .where(eq(triggerEvents.id, id))
      .returning({ runId: triggerEvents.runId });
    if (row?.runId) {
      await tx
        .update(runs)
        .set({ status: 'failed', error: `the trigger could not start the run: ${error}`, finishedAt: sql`coalesce(${runs.finishedAt}, now())` })
        .where(and(eq(runs.id, row.runId), eq(runs.status, 'queued')));
    }
  });
}

/** A pipeline's trigger events, newest first. */
export async function listTriggerEvents(db: Db, pipelineId: string, opts: { limit?: number } = {}): Promise<TriggerEventRow[]> {
  const rows = await db
    .select()
    .from(triggerEvents)
    .where(eq(triggerEvents.pipelineId, pipelineId))
    .orderBy(desc(triggerEvents.createdAt), desc(triggerEvents.id))
    .limit(opts.limit ?? 100);
  return rows as TriggerEventRow[];
}

/**
 * The content hash last stored for a polled source and when it became that hash, or undefined before its first
 * reading.
 */
export async function lastSourceReading(db: Db, pipelineId: string, source: string): Promise<{ hash: string; changedAt: Date } | undefined> {
  const [row] = await db
    .select({ hash: triggerSources.contentHash, changedAt: triggerSources.changedAt })
    .from(triggerSources)
    .where(and(eq(triggerSources.pipelineId, pipelineId), eq(triggerSources.source, source)));
  return row;
}

/**
 * Stores the content hash just read at a polled source (stored after its trigger has fired, so a poll that fails
 * between the two fires again, under the same key, rather than losing the change).
 */
export async function storeSourceHash(db: Db, pipelineId: string, source: string, hash: string): Promise<void> {
  await db
    .insert(triggerSources)
    .values({ pipelineId, source, contentHash: hash })
    .onConflictDoUpdate({
      target: [triggerSources.pipelineId, triggerSources.source],
      set: {
        contentHash: hash,
        checkedAt: sql`now()`,
        changedAt: sql`case when ${triggerSources.contentHash} = ${hash} then ${triggerSources.changedAt} else now() end`,
      },
    });
}
