// Pipelines and their immutable versions.
import { and, desc, eq, max, sql } from 'drizzle-orm';
import type { Plan } from '../../../dsl/plan';
import type { Db } from '../client';
import { pipelines, pipelineVersions } from '../schema';

export type PipelineVersionRow = typeof pipelineVersions.$inferSelect;

export interface SaveResult {
  status: 'created' | 'updated' | 'unchanged';
  pipelineId: string;
  version: PipelineVersionRow;
}

/** Saves a new version unless the latest one has the same source hash. */
export async function savePipelineVersion(
  db: Db,
  input: { plan: Plan; source: string; author: string; origin?: string },
): Promise<SaveResult> {
  return db.transaction(async (tx) => {
    const name = input.plan.pipeline;
    const inserted = await tx
      .insert(pipelines)
      .values({ name, description: input.plan.description })
      .onConflictDoNothing({ target: pipelines.name })
      .returning();
    const pipeline = inserted[0] ?? (await tx.select().from(pipelines).where(eq(pipelines.name, name)))[0];
    const [latest] = await tx
      .select()
      .from(pipelineVersions)
      .where(eq(pipelineVersions.pipelineId, pipeline.id))
      .orderBy(desc(pipelineVersions.version))
      .limit(1);
    if (latest && latest.sourceHash === input.plan.sourceHash) {
      if (pipeline.archived) await tx.update(pipelines).set({ archived: false }).where(eq(pipelines.id, pipeline.id));
      return { status: 'unchanged' as const, pipelineId: pipeline.id, version: latest };
    }
    const [version] = await tx
      .insert(pipelineVersions)
      .values({
        pipelineId: pipeline.id,
        version: (latest?.version ?? 0) + 1,
        source: input.source,
        sourceHash: input.plan.sourceHash,
        plan: input.plan,
        origin: input.origin,
        author: input.author,
      })
      .returning();
    await tx
      .update(pipelines)
      // Saving an archived pipeline brings it back.
      .set({ updatedAt: new Date(), description: input.plan.description, archived: false })
      .where(eq(pipelines.id, pipeline.id));
    return { status: latest ? ('updated' as const) : ('created' as const), pipelineId: pipeline.id, version };
  });
}

export async function listPipelines(db: Db) {
  const latest = db
    .select({ pipelineId: pipelineVersions.pipelineId, version: max(pipelineVersions.version).as('latest_version') })
    .from(pipelineVersions)
    .groupBy(pipelineVersions.pipelineId)
    .as('latest');
  return db
    .select({
      id: pipelines.id,
      name: pipelines.name,
      description: pipelines.description,
      updatedAt: pipelines.updatedAt,
      latestVersion: latest.version,
      /** The latest version's `triggers` (its schedule, for the list), not its whole plan. */
      triggers: sql<Plan['triggers'] | null>`${pipelineVersions.plan}->'triggers'`,
    })
    .from(pipelines)
    .leftJoin(latest, eq(latest.pipelineId, pipelines.id))
    .leftJoin(pipelineVersions, and(eq(pipelineVersions.pipelineId, pipelines.id), eq(pipelineVersions.version, latest.version)))
    .where(eq(pipelines.archived, false))
    .orderBy(pipelines.name);
}

export async function getPipelineVersion(db: Db, name: string, version?: number) {
  // One statement: starting a run by name reads this first.
  const where = version === undefined ? eq(pipelines.name, name) : and(eq(pipelines.name, name), eq(pipelineVersions.version, version));
  const [row] = await db
    .select({ pipeline: pipelines, version: pipelineVersions })
    .from(pipelineVersions)
    .innerJoin(pipelines, eq(pipelines.id, pipelineVersions.pipelineId))
    .where(where)
    .orderBy(desc(pipelineVersions.version))
    .limit(1);
  return row;
}

/** Every version of a pipeline, newest first, without sources or plans; empty when there is no such pipeline. */
export async function listPipelineVersions(db: Db, name: string) {
  return db
    .select({
      version: pipelineVersions.version,
      author: pipelineVersions.author,
      createdAt: pipelineVersions.createdAt,
      sourceHash: pipelineVersions.sourceHash,
      origin: pipelineVersions.origin,
    })
    .from(pipelineVersions)
    .innerJoin(pipelines, eq(pipelines.id, pipelineVersions.pipelineId))
    .where(eq(pipelines.name, name))
    .orderBy(desc(pipelineVersions.version));
}

/** Marks a pipeline archived; false when there is no such pipeline. */
export async function archivePipeline(db: Db, name: string): Promise<boolean> {
  const rows = await db.update(pipelines).set({ archived: true, updatedAt: new Date() }).where(eq(pipelines.name, name)).returning({ id: pipelines.id });
  return rows.length > 0;
}

/** Stores the editor's layout of a version (computed after the save answered). */
export async function setVersionLayout(db: Db, versionId: string, layout: Record<string, { x: number; y: number }>): Promise<void> {
  await db.update(pipelineVersions).set({ layout }).where(eq(pipelineVersions.id, versionId));
}

/**
 * Renames a pipeline and saves `plan` (its source with the new `name:`) as its next version, in one transaction:
 * the pipeline keeps its id, so its versions and runs stay with it. False when `from` is unknown; a taken
 * name fails on the unique index (23505).
 */
export async function renamePipelineTo(
  db: Db,
  from: string,
  input: { plan: Plan; source: string; author: string },
): Promise<SaveResult | false> {
  return db.transaction(async (tx) => {
    const rows = await tx.update(pipelines).set({ name: input.plan.pipeline, updatedAt: new Date() }).where(eq(pipelines.name, from)).returning({ id: pipelines.id });
    if (rows.length === 0) return false;
    return savePipelineVersion(tx, input);
  });
}
