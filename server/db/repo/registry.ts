// The model registry: named models and their numbered versions.
import { and, asc, desc, eq, getTableColumns, inArray, ne, sql } from 'drizzle-orm';
import { unmetGates } from '../../../dsl/gates';
import type { Plan } from '../../../dsl/plan';
import type { DataProfile } from '../../monitoring/stats/types';
import { rowsOf, type Db } from '../client';
import { REGISTER_STAGES } from '../../../dsl/catalog/registry';
import { getRunPlan } from './runs';
import { datasets, models, modelStageChanges, modelVersions, runs, stepRuns } from '../schema';

export const STAGES = ['none', 'staging', 'production', 'archived'] as const;
export type Stage = (typeof STAGES)[number];

/**
 * Why a registration may not enter `stage`, or undefined when it may: a new version enters the stages of the
 * catalog's REGISTER_STAGES; production is reached only by promotion (services/registry.ts). The step's config
 * schema says so at its line; this is the same rule for every other way in (a hand-made Plan, code).
 */
export function registerStageRefusal(name: string, stage: string): string | undefined {
  if ((REGISTER_STAGES as readonly string[]).includes(stage)) return undefined;
  if (stage === 'production') {
    return `cannot register ${name} in stage production: a version reaches production only by promotion ` +
      '(an admin moves a staging version whose run succeeded and whose gate passed; the previous production ' +
      `version is archived and both changes are recorded). Register it in stage staging, then run ` +
      `\`headrace promote ${name} VERSION production --reason TEXT\``;
  }
  return `cannot register ${name} in stage ${stage}: a new version enters stage ${REGISTER_STAGES.join(' or ')}`;
}

export class RegistryRuleError extends Error {
  override name = 'RegistryRuleError';
}

export interface Feature {
  name: string;
  /** The column's type in the training table (number, integer, boolean…); `number` when unknown. */
  type: string;
}

export interface Approval {
  step: string;
  approved: boolean;
  actor: string | null;
  reason: string | null;
  at: string | null;
}

/** A version row with its JSON columns typed as the code writes them. */
export type ModelVersionRow = Omit<
  typeof modelVersions.$inferSelect,
  'stage' | 'metrics' | 'tags' | 'lineage' | 'trainingDatasets' | 'runtime' | 'hyperparameters' | 'features' | 'approvals'
> & {
  stage: Stage;
  metrics: Record<string, number>;
  tags: Record<string, string>;
  lineage: Record<string, unknown>;
  trainingDatasets: string[];
  runtime: Record<string, number | string>;
  hyperparameters: Record<string, unknown>;
  features: Feature[];
  approvals: Approval[];
};

export interface RegisterInput {
  name: string;
  description?: string;
  artifactUri: string;
  artifactHash: string;
  stage: string;
  signature: unknown;
  trainingDatasets: string[];
  metrics: Record<string, number>;
  tags: Record<string, string>;
  lineage: Record<string, unknown>;
  runId?: string;
  stepId?: string;
  trainingStartedAt?: Date | null;
  trainingFinishedAt?: Date | null;
  runtime?: Record<string, number | string>;
  hyperparameters?: Record<string, unknown>;
  features?: Feature[];
  pipelineVersionId?: string | null;
  sourceHash?: string | null;
  registeredBy?: string | null;
  reason?: string | null;
  approvals?: Approval[];
  /** The training data's profile (the reference for drift), when the step could make one. */
  profile?: DataProfile | null;
}

/**
 * Registers a version in one transaction. A repeated call for the same (run, step) returns the
 * version made the first time, so a retried activity never registers twice; a model whose artifact
 * (content hash) is already registered under this name returns that version.
 */
export async function registerModelVersion(db: Db, input: RegisterInput): Promise<{ row: ModelVersionRow; created: boolean }> {
  const refusal = registerStageRefusal(input.name, input.stage);
  if (refusal) throw new RegistryRuleError(refusal);
  return db.transaction(async (tx) => {
    if (input.runId && input.stepId) {
      const [existing] = await tx
        .select()
        .from(modelVersions)
        .where(and(eq(modelVersions.runId, input.runId), eq(modelVersions.stepId, input.stepId)));
      if (existing) return { row: existing as ModelVersionRow, created: false };
    }
    await tx.insert(models).values({ name: input.name, description: input.description }).onConflictDoNothing({ target: models.name });
    const [model] = await tx.select().from(models).where(eq(models.name, input.name));
    // The same model bytes are the same version: re-running an unchanged pipeline adds no duplicate.
    const [same] = await tx
      .select()
      .from(modelVersions)
      .where(and(eq(modelVersions.modelId, model.id), eq(modelVersions.artifactHash, input.artifactHash)));
    if (same) return { row: same as ModelVersionRow, created: false };
    const [latest] = await tx
      .select({ version: modelVersions.version })
      .from(modelVersions)
      .where(eq(modelVersions.modelId, model.id))
      .orderBy(desc(modelVersions.version))
      .limit(1);
    const [row] = await tx
      .insert(modelVersions)
      .values({
        modelId: model.id,
        version: (latest?.version ?? 0) + 1,
        artifactUri: input.artifactUri,
        artifactHash: input.artifactHash,
        stage: input.stage,
        signature: input.signature,
        trainingDatasets: input.trainingDatasets,
        metrics: input.metrics,
        tags: input.tags,
        lineage: input.lineage,
        runId: input.runId,
        stepId: input.stepId,
        description: input.description,
        trainingStartedAt: input.trainingStartedAt,
        trainingFinishedAt: input.trainingFinishedAt,
        runtime: input.runtime ?? {},
        hyperparameters: input.hyperparameters ?? {},
        features: input.features ?? [],
        pipelineVersionId: input.pipelineVersionId,
        sourceHash: input.sourceHash,
        registeredBy: input.registeredBy,
        reason: input.reason,
        approvals: input.approvals ?? [],
        profile: input.profile ?? null,
      })
      .returning();
    return { row: row as ModelVersionRow, created: true };
  });
}

/** Every column of a version but its training profile (a thousand quantiles per feature): what lists read. */
const { profile: _profile, ...listedVersionColumns } = getTableColumns(modelVersions);

/** Versions of one model (or all), newest first, without their training profiles (getModelVersion has it). */
export async function listModelVersions(db: Db, name?: string): Promise<Array<Omit<ModelVersionRow, 'profile'> & { name: string }>> {
  const rows = await db
    .select({ v: listedVersionColumns, name: models.name })
    .from(modelVersions)
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .where(name ? eq(models.name, name) : undefined)
    .orderBy(models.name, desc(modelVersions.version));
  return rows.map((r) => ({ ...(r.v as Omit<ModelVersionRow, 'profile'>), name: r.name }));
}

export type ModelRow = typeof models.$inferSelect;
export type StageChangeRow = typeof modelStageChanges.$inferSelect;

export async function getModel(db: Db, name: string): Promise<ModelRow | undefined> {
  const [row] = await db.select().from(models).where(eq(models.name, name));
  return row;
}

export async function getModelVersion(db: Db, name: string, version: number) {
  const [row] = await db
    .select({ v: modelVersions, name: models.name })
    .from(modelVersions)
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .where(and(eq(models.name, name), eq(modelVersions.version, version)));
  return row ? { ...(row.v as ModelVersionRow), name: row.name } : undefined;
}

export async function stageHistory(db: Db, modelVersionId: string): Promise<StageChangeRow[]> {
  return db.select().from(modelStageChanges).where(eq(modelStageChanges.modelVersionId, modelVersionId)).orderBy(asc(modelStageChanges.id));
}

/**
 * Moves a version to `to` and records the change; moving to production archives the version that was
 * in production (recorded too). One transaction, so a model never has two production versions.
 */
export async function setStage(
  db: Db,
  change: { modelId: string; versionId: string; from: string; to: Stage; reason: string; actor: string },
): Promise<{ archived: Array<{ id: string; version: number }> }> {
  return db.transaction(async (tx) => {
    const archived: Array<{ id: string; version: number }> = [];
    if (change.to === 'production') {
      const previous = await tx
        .select({ id: modelVersions.id, version: modelVersions.version })
        .from(modelVersions)
        .where(and(eq(modelVersions.modelId, change.modelId), eq(modelVersions.stage, 'production'), ne(modelVersions.id, change.versionId)));
      for (const p of previous) {
        await tx.update(modelVersions).set({ stage: 'archived' }).where(eq(modelVersions.id, p.id));
        await tx.insert(modelStageChanges).values({
          modelVersionId: p.id, fromStage: 'production', toStage: 'archived', actor: change.actor,
          reason: `replaced in production by the version with id ${change.versionId}: ${change.reason}`,
        });
        archived.push(p);
      }
    }
    await tx.update(modelVersions).set({ stage: change.to }).where(eq(modelVersions.id, change.versionId));
    await tx.insert(modelStageChanges).values({
      modelVersionId: change.versionId, fromStage: change.from, toStage: change.to, reason: change.reason, actor: change.actor,
    });
    return { archived };
  });
}

/**
 * Whether the run that registered a version, or a retry of it, succeeded (a retry reuses the registration).
 * `promotingRun` counts as succeeded: a lifecycle promotes from inside the run that registered the version, and
 * reaching its promotion means every stage before it passed.
 */
async function registeringRunCounts(db: Db, runId: string, promotingRun?: string): Promise<boolean> {
  const rows = rowsOf<{ ok: boolean | null }>(await db.execute(sql`
    with recursive chain(id, status, depth) as (
      select id, status, 0 from runs where id = ${runId}
      union all
      select r.id, r.status, c.depth + 1 from runs r join chain c on r.retry_of = c.id where c.depth < 20
    )
    select bool_or(status = 'succeeded' or id = ${promotingRun ?? null}) as ok from chain`));
  return rows[0]?.ok === true;
}

/**
 * The production gate, the one rule for every way into production (an admin's promotion, a lifecycle's): why
 * `v` may not enter production, or undefined when it may. Only from staging, only when the run that made it
 * succeeded, and only when its metrics meet the gate the pipeline set on the step that produced them (recorded
 * in the lineage at registration; read from the run's Plan for versions registered before that).
 */
export async function productionRefusal(
  db: Db,
  v: Pick<ModelVersionRow, 'version' | 'stage' | 'runId' | 'stepId' | 'lineage' | 'metrics'> & { name: string },
  opts: { promotingRun?: string } = {},
): Promise<string | undefined> {
  const label = `${v.name} v${v.version}`;
  if (v.stage !== 'staging') return `${label} is in stage ${v.stage}: a version moves to production only from staging`;
  if (!v.runId) return undefined; // registered by hand: no pipeline gate to honour
  if (!(await registeringRunCounts(db, v.runId, opts.promotingRun))) {
    return `${label} comes from run ${v.runId}, which did not succeed: its gate cannot count as passed`;
  }
  const gate = (v.lineage as { gate?: { step: string; passed: boolean; unmet: string[] } }).gate;
  if (gate) return gate.passed ? undefined : `${label} did not pass the gate of step "${gate.step}": ${gate.unmet.join('; ')}`;
  const plan = (await getRunPlan(db, v.runId)) as Plan | null;
  const register = plan?.steps.find((s) => s.id === v.stepId);
  const producer = register?.inputs.metrics?.step;
  const stepGate = plan?.steps.find((s) => s.id === producer)?.gate ?? [];
  const unmet = unmetGates(stepGate, { metrics: { type: 'Metrics', values: v.metrics } });
  return unmet.length > 0 ? `${label} does not meet the gate of step "${producer}": ${unmet.join('; ')}` : undefined;
}

/** Sets a version's description and notes (a field left out is kept; null clears it). */
export async function annotateVersion(db: Db, versionId: string, text: { description?: string | null; notes?: string | null }): Promise<void> {
  const set = {
    ...(text.description !== undefined && { description: text.description }),
    ...(text.notes !== undefined && { notes: text.notes }),
  };
  if (Object.keys(set).length > 0) await db.update(modelVersions).set(set).where(eq(modelVersions.id, versionId));
}

/** Merges tags into a version's tags; a null value removes the tag. Returns the new tags. */
export async function mergeTags(db: Db, versionId: string, tags: Record<string, string | null>): Promise<Record<string, string>> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select({ tags: modelVersions.tags }).from(modelVersions).where(eq(modelVersions.id, versionId)).for('update');
    const next: Record<string, string> = { ...((row?.tags ?? {}) as Record<string, string>) };
    for (const [k, v] of Object.entries(tags)) {
      if (v === null) delete next[k];
      else next[k] = v;
    }
    await tx.update(modelVersions).set({ tags: next }).where(eq(modelVersions.id, versionId));
    return next;
  });
}

/** What the run that registers a model knows about it: who asked, the pipeline version, the approvals given. */
export async function runFacts(db: Db, runId: string) {
  const [run] = await db
    .select({ createdBy: runs.createdBy, trigger: runs.trigger, pipelineVersionId: runs.pipelineVersionId, retryOf: runs.retryOf })
    .from(runs)
    .where(eq(runs.id, runId));
  const decided = await db
    .select({ stepId: stepRuns.stepId, status: stepRuns.status, summary: stepRuns.summary, finishedAt: stepRuns.finishedAt })
    .from(stepRuns)
    .where(and(eq(stepRuns.runId, runId), eq(stepRuns.kind, 'approve'), inArray(stepRuns.status, ['succeeded', 'failed'])))
    .orderBy(asc(stepRuns.finishedAt));
  const approvals: Approval[] = decided.map((d) => {
    // The workflow records a decision as summary.approval (workers/workflows/executors/workflow.ts).
    const a = ((d.summary ?? {}) as { approval?: { approved?: boolean; actor?: string; reason?: string; at?: string } }).approval ?? {};
    return {
      step: d.stepId, approved: a.approved ?? d.status === 'succeeded', actor: a.actor ?? null, reason: a.reason ?? null,
      at: a.at ?? d.finishedAt?.toISOString() ?? null,
    };
  });
  return run ? { ...run, approvals } : undefined;
}

/**
 * When the step that trained the model ran: its succeeded attempt in this run, or, where this run reused the
 * result (`cached`), in the run that produced it (a retried run's, or the cache hit's `cachedFrom`).
 */
export async function trainingWindow(db: Db, runId: string, stepId: string): Promise<{ startedAt: Date; finishedAt: Date | null } | undefined> {
  let current: string | null = runId;
  for (let hop = 0; current && hop < 20; hop++) {
    const attempts: Array<{ status: string; summary: unknown; startedAt: Date; finishedAt: Date | null }> = await db
      .select({ status: stepRuns.status, summary: stepRuns.summary, startedAt: stepRuns.startedAt, finishedAt: stepRuns.finishedAt })
      .from(stepRuns)
      .where(and(eq(stepRuns.runId, current), eq(stepRuns.stepId, stepId)))
      .orderBy(desc(stepRuns.attempt));
    const ok = attempts.find((a) => a.status === 'succeeded');
    if (ok) return { startedAt: ok.startedAt, finishedAt: ok.finishedAt };
    const cached = attempts.find((a) => a.status === 'cached');
    const from: string | undefined = (cached?.summary as { cachedFrom?: { runId?: string } } | null)?.cachedFrom?.runId;
    if (from) {
      current = from;
      continue;
    }
    const [run]: Array<{ retryOf: string | null }> = await db.select({ retryOf: runs.retryOf }).from(runs).where(eq(runs.id, current));
    current = cached ? (run?.retryOf ?? null) : null;
  }
  return undefined;
}

/** The model's features with their column types in the training table (the first one that names them). */
export async function featureTypes(db: Db, features: string[], trainingDatasets: string[]): Promise<Feature[]> {
  const types = new Map<string, string>();
  if (trainingDatasets.length > 0) {
    const rows = await db.select({ schema: datasets.schema }).from(datasets).where(inArray(datasets.hash, trainingDatasets));
    for (const r of rows) {
      for (const c of (r.schema ?? []) as Array<{ name: string; type: string }>) if (!types.has(c.name)) types.set(c.name, c.type);
    }
  }
  return features.map((name) => ({ name, type: types.get(name) ?? 'number' }));
}
