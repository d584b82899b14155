// The model registry: named models and their numbered versions.
import { and, asc, desc, eq, ne } from 'drizzle-orm';
import type { Db } from '../client';
import { models, modelStageChanges, modelVersions } from '../schema';

export const STAGES = ['none', 'staging', 'production', 'archived'] as const;
export type Stage = (typeof STAGES)[number];

/** A version row with its JSON columns typed as the code writes them. */
export type ModelVersionRow = Omit<typeof modelVersions.$inferSelect, 'stage' | 'metrics' | 'tags' | 'lineage' | 'trainingDatasets'> & {
  stage: Stage;
  metrics: Record<string, number>;
  tags: Record<string, string>;
  lineage: Record<string, unknown>;
  trainingDatasets: string[];
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
}

/**
 * Registers a version in one transaction. A repeated call for the same (run, step) returns the
 * version made the first time, so a retried activity never registers twice; a model whose artifact
 * (content hash) is already registered under this name returns that version.
 */
export async function registerModelVersion(db: Db, input: RegisterInput): Promise<{ row: ModelVersionRow; created: boolean }> {
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
      })
      .returning();
    return { row: row as ModelVersionRow, created: true };
  });
}

export async function listModelVersions(db: Db, name?: string) {
  const rows = await db
    .select({ v: modelVersions, name: models.name })
    .from(modelVersions)
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .where(name ? eq(models.name, name) : undefined)
    .orderBy(models.name, desc(modelVersions.version));
  return rows.map((r) => ({ ...(r.v as ModelVersionRow), name: r.name }));
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
