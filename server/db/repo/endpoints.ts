// Serving's control plane in the database: endpoints and their deployments (docs/serving.md).
// Every change of what an endpoint serves happens in one transaction that locks the endpoint's row, appends a
// deployment, moves `current_deployment_id`, bumps `revision` and issues `pg_notify(DEPLOYMENTS_CHANNEL, …)`,
// which PostgreSQL delivers at commit: predict servers (server/serving/deployments) follow that.
import { asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { rowsOf } from '../client';
import { deployments, endpoints, models, modelVersions, type DEPLOY_STRATEGIES, type DEPLOYMENT_STATUSES } from '../schema';
import type { Feature, Stage } from './registry';

/** An endpoint's name is a path segment of the predict URLs; the step catalog declares the same rule. */
export { ENDPOINT_NAME, ENDPOINT_NAME_RULE } from '../../../dsl/catalog/deploy';

/** The stages whose versions may take traffic. */
export const SERVABLE_STAGES: readonly Stage[] = ['staging', 'production'];

/** Why a version may not take traffic (one sentence saying how to promote it), or undefined when it may. */
export function servableRefusal(v: { name: string; version: number; stage: Stage }): string | undefined {
  if (SERVABLE_STAGES.includes(v.stage)) return undefined;
  return `${v.name}@${v.version} is in stage ${v.stage} and only staging or production versions take traffic: ` +
    `promote it first (headrace promote ${v.name} ${v.version} staging --reason TEXT)`;
}

/** The variants of a `replace` deployment: the version alone, with all the traffic. */
export function replaceVariants(v: { id: string; name: string; version: number }): Variant[] {
  return [{ name: `${v.name}-v${v.version}`, modelVersionId: v.id, weight: 100, role: 'primary' }];
}

/** A model version by id with its model's name and its stage now (a reference may carry an older stage). */
export async function versionForDeploy(db: Db, id: string): Promise<{ id: string; name: string; version: number; stage: Stage } | undefined> {
  const [row] = await db
    .select({ id: modelVersions.id, name: models.name, version: modelVersions.version, stage: modelVersions.stage })
    .from(modelVersions)
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .where(eq(modelVersions.id, id));
  return row ? { ...row, stage: row.stage as Stage } : undefined;
}

/** The NOTIFY channel of deployment changes; the payload is `ENDPOINT:REVISION`. */
export const DEPLOYMENTS_CHANNEL = 'headrace_deployments';

export type Strategy = (typeof DEPLOY_STRATEGIES)[number];
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];

/**
 * One model version behind an endpoint. `primary` variants answer and share the traffic by `weight` (one for
 * `replace`, several for `split`); `canary` answers its `weight` share while a rollout watches it; `shadow`
 * receives a copy of `weight` percent of the requests and never answers.
 */
export interface Variant {
  name: string;
  modelVersionId: string;
  /** Percent of the traffic (0–100); for a shadow, percent of the requests copied to it. */
  weight: number;
  role: 'primary' | 'canary' | 'shadow';
}

export type EndpointRow = typeof endpoints.$inferSelect;
export type DeploymentRow = Omit<typeof deployments.$inferSelect, 'variants' | 'config'> & {
  variants: Variant[];
  config: Record<string, unknown>;
};

/** A variant with the version it serves, as predict servers and the API need it. */
export interface ResolvedVariant extends Variant {
  model: string;
  version: number;
  stage: Stage;
  artifactUri: string;
  artifactHash: string;
  signature: unknown;
  features: Feature[];
}

export type ResolvedDeployment = Omit<DeploymentRow, 'variants'> & { variants: ResolvedVariant[] };

export class EndpointRuleError extends Error {
  override name = 'EndpointRuleError';
  constructor(readonly code: 'NOT_FOUND' | 'CONFLICT', message: string) {
    super(message);
  }
}

export async function getEndpoint(db: Db, name: string): Promise<EndpointRow | undefined> {
  const [row] = await db.select().from(endpoints).where(eq(endpoints.name, name));
  return row;
}

export async function listEndpointRows(db: Db): Promise<EndpointRow[]> {
  return db.select().from(endpoints).orderBy(asc(endpoints.name));
}

/** An endpoint's deployments, newest first. */
export async function deploymentHistory(db: Db, endpointId: string, limit = 50): Promise<DeploymentRow[]> {
  const rows = await db.select().from(deployments).where(eq(deployments.endpointId, endpointId)).orderBy(desc(deployments.number)).limit(limit);
  return rows as DeploymentRow[];
}

export async function getDeployments(db: Db, ids: string[]): Promise<DeploymentRow[]> {
  if (ids.length === 0) return [];
  return (await db.select().from(deployments).where(inArray(deployments.id, ids))) as DeploymentRow[];
}

/** Attaches to each variant the model version it names (one query for all of them). */
export async function resolveDeployments(db: Db, rows: DeploymentRow[]): Promise<ResolvedDeployment[]> {
  const ids = [...new Set(rows.flatMap((d) => d.variants.map((v) => v.modelVersionId)))];
  const versions = ids.length === 0
    ? []
    : await db
      .select({ v: modelVersions, name: models.name })
      .from(modelVersions)
      .innerJoin(models, eq(models.id, modelVersions.modelId))
      .where(inArray(modelVersions.id, ids));
  const byId = new Map(versions.map((r) => [r.v.id, r]));
  return rows.map((d) => ({
    ...d,
    variants: d.variants.map((variant) => {
      const r = byId.get(variant.modelVersionId);
      if (!r) throw new Error(`deployment ${d.id} names model version ${variant.modelVersionId}, which does not exist`);
      return {
        ...variant,
        model: r.name,
        version: r.v.version,
        stage: r.v.stage as Stage,
        artifactUri: r.v.artifactUri,
        artifactHash: r.v.artifactHash,
        signature: r.v.signature,
        features: r.v.features as Feature[],
      };
    }),
  }));
}

/** What a predict server needs of one endpoint: its settings and the deployment serving it (null before the first). */
export interface EndpointState {
  name: string;
  revision: number;
  requireToken: boolean;
  logSampleRate: number;
  deployment: ResolvedDeployment | null;
}

/** Every endpoint's state, or those named. */
export async function endpointStates(db: Db, names?: string[]): Promise<EndpointState[]> {
  if (names && names.length === 0) return [];
  const rows = names ? await db.select().from(endpoints).where(inArray(endpoints.name, names)) : await db.select().from(endpoints);
  const current = await resolveDeployments(db, await getDeployments(db, rows.flatMap((e) => (e.currentDeploymentId ? [e.currentDeploymentId] : []))));
  const byId = new Map(current.map((d) => [d.id, d]));
  return rows.map((e) => ({
    name: e.name,
    revision: e.revision,
    requireToken: e.requireToken,
    logSampleRate: e.logSampleRate,
    deployment: e.currentDeploymentId ? byId.get(e.currentDeploymentId) ?? null : null,
  }));
}

/** `name → revision` of every endpoint: the cheap question a poller asks. */
export async function endpointRevisions(db: Db): Promise<Map<string, number>> {
  const rows = await db.select({ name: endpoints.name, revision: endpoints.revision }).from(endpoints);
  return new Map(rows.map((r) => [r.name, r.revision]));
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Locks the endpoint's row for the transaction (creating the endpoint first when `create` is given). */
async function lockEndpoint(tx: Tx, name: string, create?: { actor: string }): Promise<EndpointRow | undefined> {
  if (create) await tx.insert(endpoints).values({ name, createdBy: create.actor }).onConflictDoNothing({ target: endpoints.name });
  const [row] = await tx.select().from(endpoints).where(eq(endpoints.name, name)).for('update');
  return row;
}

/** Points the endpoint at `deploymentId`, bumps its revision and notifies followers (delivered at commit). */
async function moveCurrent(tx: Tx, endpoint: EndpointRow, deploymentId: string): Promise<number> {
  const revision = endpoint.revision + 1;
  await tx.update(endpoints).set({ currentDeploymentId: deploymentId, revision, updatedAt: new Date() }).where(eq(endpoints.id, endpoint.id));
  await tx.execute(sql`select pg_notify(${DEPLOYMENTS_CHANNEL}, ${`${endpoint.name}:${revision}`})`);
  return revision;
}

async function nextNumber(tx: Tx, endpointId: string): Promise<number> {
  const [row] = rowsOf<{ n: number }>(
    await tx.execute(sql`select coalesce(max(${deployments.number}), 0)::int + 1 as n from ${deployments} where ${deployments.endpointId} = ${endpointId}`),
  );
  return Number(row.n);
}

export interface NewDeployment {
  endpoint: string;
  strategy: Strategy;
  variants: Variant[];
  config?: Record<string, unknown>;
  /** `active` at once (replace, until a rollout workflow drives it), or `pending` for a workflow to take over. */
  status: DeploymentStatus;
  actor: string;
  reason?: string | null;
}

/**
 * Appends a deployment and makes it the endpoint's current one (the endpoint is created on its first deploy);
 * the one it replaces becomes `superseded` and is where a rollback returns to.
 */
export async function createDeployment(db: Db, input: NewDeployment): Promise<{ deployment: DeploymentRow; endpointCreated: boolean }> {
  return db.transaction(async (tx) => {
    const existed = await lockEndpoint(tx, input.endpoint);
    const endpoint = existed ?? (await lockEndpoint(tx, input.endpoint, { actor: input.actor }))!;
    const previous = endpoint.currentDeploymentId;
    const [row] = await tx.insert(deployments).values({
      endpointId: endpoint.id,
      number: await nextNumber(tx, endpoint.id),
      strategy: input.strategy,
      variants: input.variants,
      config: input.config ?? {},
      status: input.status,
      previousDeploymentId: previous,
      actor: input.actor,
      reason: input.reason ?? null,
      finishedAt: input.status === 'active' ? new Date() : null,
    }).returning();
    if (previous) {
      await tx.update(deployments).set({ status: 'superseded', finishedAt: sql`coalesce(${deployments.finishedAt}, now())` }).where(eq(deployments.id, previous));
    }
    await moveCurrent(tx, endpoint, row.id);
    return { deployment: row as DeploymentRow, endpointCreated: !existed };
  });
}

/**
 * Returns the endpoint to the deployment before its current one, as a new deployment restoring that one's
 * strategy, variants and settings (history is appended, never rewritten). The undone deployment becomes
 * `rolled_back`; a further rollback goes one more step back.
 */
export async function rollbackDeployment(db: Db, input: { endpoint: string; actor: string; reason?: string | null }): Promise<{ deployment: DeploymentRow; undone: DeploymentRow; restored: DeploymentRow }> {
  return db.transaction(async (tx) => {
    const endpoint = await lockEndpoint(tx, input.endpoint);
    if (!endpoint) throw new EndpointRuleError('NOT_FOUND', `no endpoint named ${input.endpoint}`);
    if (!endpoint.currentDeploymentId) throw new EndpointRuleError('CONFLICT', `endpoint ${input.endpoint} has no deployment to roll back`);
    const [current] = (await tx.select().from(deployments).where(eq(deployments.id, endpoint.currentDeploymentId))) as DeploymentRow[];
    if (!current.previousDeploymentId) {
      throw new EndpointRuleError('CONFLICT', `endpoint ${input.endpoint} has nothing to roll back to: deployment #${current.number} is the first it had`);
    }
    const [restored] = (await tx.select().from(deployments).where(eq(deployments.id, current.previousDeploymentId))) as DeploymentRow[];
    const [row] = await tx.insert(deployments).values({
      endpointId: endpoint.id,
      number: await nextNumber(tx, endpoint.id),
      strategy: restored.strategy,
      variants: restored.variants,
      config: restored.config,
      status: 'active',
      previousDeploymentId: restored.previousDeploymentId,
      rollbackOf: current.id,
      actor: input.actor,
      reason: input.reason ?? `rollback of #${current.number} to #${restored.number}`,
      finishedAt: new Date(),
    }).returning();
    const [undone] = await tx.update(deployments)
      .set({ status: 'rolled_back', finishedAt: sql`coalesce(${deployments.finishedAt}, now())` })
      .where(eq(deployments.id, current.id))
      .returning();
    await moveCurrent(tx, endpoint, row.id);
    return { deployment: row as DeploymentRow, undone: undone as DeploymentRow, restored };
  });
}
