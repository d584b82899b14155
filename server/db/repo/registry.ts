// The model registry: named models and their numbered versions.
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../client';
import { models, modelVersions } from '../schema';

export type ModelVersionRow = typeof modelVersions.$inferSelect;

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
      if (existing) return { row: existing, created: false };
    }
    await tx.insert(models).values({ name: input.name, description: input.description }).onConflictDoNothing({ target: models.name });
    const [model] = await tx.select().from(models).where(eq(models.name, input.name));
    // The same model bytes are the same version: re-running an unchanged pipeline adds no duplicate.
    const [same] = await tx
      .select()
      .from(modelVersions)
      .where(and(eq(modelVersions.modelId, model.id), eq(modelVersions.artifactHash, input.artifactHash)));
    if (same) return { row: same, created: false };
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
    return { row, created: true };
  });
}

export async function listModelVersions(db: Db, name?: string) {
  const rows = await db
    .select({ v: modelVersions, name: models.name })
    .from(modelVersions)
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .where(name ? eq(models.name, name) : undefined)
    .orderBy(models.name, desc(modelVersions.version));
  return rows.map((r) => ({ ...r.v, name: r.name }));
}
