// Serving's control plane in the database: endpoints and their deployments (docs/serving.md).
// Every change of what an endpoint serves happens in one transaction that locks the endpoint's row, appends a
// deployment, moves `current_deployment_id`, bumps `revision` and issues `pg_notify(DEPLOYMENTS_CHANNEL, …)`,
// which PostgreSQL delivers at commit: predict servers (server/serving/deployments) follow that.
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { rowsOf } from '../client';
import { deployments, endpoints, models, modelVersions, type DEPLOY_STRATEGIES, type DEPLOYMENT_STATUSES } from '../schema';
import { recordDeploymentEvent, type DeploymentEventInput } from './deployment-events';
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
  constructor(readonly code: 'BAD_REQUEST' | 'NOT_FOUND' | 'CONFLICT', message: string) {
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

/** The deployments of an endpoint still being rolled out (pending or rolling), newest first. */
async function inFlight(tx: Tx | Db, endpointId: string): Promise<DeploymentRow[]> {
  return (await tx.select().from(deployments)
    .where(and(eq(deployments.endpointId, endpointId), inArray(deployments.status, ['pending', 'rolling'])))
    .orderBy(desc(deployments.number))) as DeploymentRow[];
}

/** The endpoint's deployment that a rollout workflow is still driving (pending or rolling), if any. */
export async function rolloutInFlight(db: Db, endpointId: string): Promise<DeploymentRow | undefined> {
  return (await inFlight(db, endpointId))[0];
}

/** Points the endpoint at `deploymentId`, bumps its revision and notifies followers (delivered at commit). */
async function moveCurrent(tx: Tx, endpoint: EndpointRow, deploymentId: string): Promise<number> {
  const revision = endpoint.revision + 1;
  await tx.update(endpoints).set({ currentDeploymentId: deploymentId, revision, updatedAt: new Date() }).where(eq(endpoints.id, endpoint.id));
  await tx.execute(sql`select pg_notify(${DEPLOYMENTS_CHANNEL}, ${`${endpoint.name}:${revision}`})`);
  return revision;
}

/** Makes `deploymentId` current: the one serving before becomes `superseded`. Bumps the revision and notifies. */
async function takeOver(tx: Tx, endpoint: EndpointRow, deploymentId: string): Promise<void> {
  const previous = endpoint.currentDeploymentId;
  if (previous && previous !== deploymentId) {
    await tx.update(deployments).set({ status: 'superseded', finishedAt: sql`coalesce(${deployments.finishedAt}, now())` }).where(eq(deployments.id, previous));
  }
  await moveCurrent(tx, endpoint, deploymentId);
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
  /**
   * `active` at once (a direct replace), or `pending`: the row is appended but the endpoint keeps serving the
   * deployment before until the rollout workflow (`workflowId`) shifts traffic to it.
   */
  status: DeploymentStatus;
  actor: string;
  reason?: string | null;
  /** The id to give the row (the rollout's workflow id is made from it). */
  id?: string;
  workflowId?: string | null;
}

/**
 * Appends a deployment and makes it the endpoint's current one (the endpoint is created on its first deploy);
 * the one it replaces becomes `superseded` and is where a rollback returns to.
 */
export async function createDeployment(db: Db, input: NewDeployment): Promise<{ deployment: DeploymentRow; endpointCreated: boolean }> {
  return db.transaction(async (tx) => {
    const existed = await lockEndpoint(tx, input.endpoint);
    const endpoint = existed ?? (await lockEndpoint(tx, input.endpoint, { actor: input.actor }))!;
    const busy = (await inFlight(tx, endpoint.id))[0];
    if (busy) {
      throw new EndpointRuleError('CONFLICT', `endpoint ${input.endpoint} is rolling out deployment #${busy.number} (${busy.strategy}, ${busy.status}): ` +
        `wait for it, promote it or roll it back first`);
    }
    const previous = endpoint.currentDeploymentId;
    const [row] = await tx.insert(deployments).values({
      ...(input.id ? { id: input.id } : {}),
      workflowId: input.workflowId ?? null,
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
    // A pending deployment takes no traffic yet: its rollout's first shift makes it current (applyRollout).
    if (input.status !== 'pending') await takeOver(tx, endpoint, row.id);
    return { deployment: row as DeploymentRow, endpointCreated: !existed };
  });
}

/** Appends the deployment that undoes `current` (restoring its previous one) and makes it current. */
async function undo(
  tx: Tx, endpoint: EndpointRow, current: DeploymentRow,
  input: { actor: string; reason?: string | null; status?: 'rolled_back' | 'failed' },
): Promise<{ deployment: DeploymentRow; undone: DeploymentRow; restored: DeploymentRow }> {
  if (!current.previousDeploymentId) {
    throw new EndpointRuleError('CONFLICT', `endpoint ${endpoint.name} has nothing to roll back to: deployment #${current.number} is the first it had`);
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
    .set({ status: input.status ?? 'rolled_back', finishedAt: sql`coalesce(${deployments.finishedAt}, now())` })
    .where(eq(deployments.id, current.id))
    .returning();
  await moveCurrent(tx, endpoint, row.id);
  return { deployment: row as DeploymentRow, undone: undone as DeploymentRow, restored };
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
    return undo(tx, endpoint, current, input);
  });
}

// --- the rollout workflow's changes ------------------------------------------------------------------------------
// Each runs in one transaction holding the endpoint's row lock and records its event there, keyed: an activity
// retried after its commit finds its key recorded and changes nothing (docs/serving.md, "Rollouts").

/** Locks the endpoint of a deployment and reads the deployment under that lock. */
async function lockDeployment(tx: Tx, deploymentId: string): Promise<{ endpoint: EndpointRow; deployment: DeploymentRow }> {
  const [first] = await tx.select({ endpointId: deployments.endpointId }).from(deployments).where(eq(deployments.id, deploymentId));
  if (!first) throw new EndpointRuleError('NOT_FOUND', `no deployment ${deploymentId}`);
  const [endpoint] = await tx.select().from(endpoints).where(eq(endpoints.id, first.endpointId)).for('update');
  const [deployment] = (await tx.select().from(deployments).where(eq(deployments.id, deploymentId))) as DeploymentRow[];
  return { endpoint, deployment };
}

export interface RolloutChange {
  deploymentId: string;
  /** Names this change: applied at most once. */
  key: string;
  /** The deployment's variants from now on (weights, roles); unchanged when absent. */
  variants?: Variant[];
  /** `rolling` while the rollout watches, `active` when it is done. */
  status: 'rolling' | 'active';
  event: Omit<DeploymentEventInput, 'deploymentId' | 'key'>;
}

/**
 * Sets a rolling-out deployment's variants and status in one transaction: the first change makes the deployment
 * the endpoint's current one (the one before becomes `superseded`); each change bumps the revision and notifies
 * predict servers, as a deploy does. Refused (CONFLICT) once the deployment was rolled back, failed or superseded.
 */
export async function applyRollout(db: Db, change: RolloutChange): Promise<{ applied: boolean; deployment: DeploymentRow }> {
  return db.transaction(async (tx) => {
    const { endpoint, deployment } = await lockDeployment(tx, change.deploymentId);
    if (!(await recordDeploymentEvent(tx, { ...change.event, deploymentId: deployment.id, key: change.key }))) return { applied: false, deployment };
    if (deployment.status !== 'pending' && deployment.status !== 'rolling') {
      throw new EndpointRuleError('CONFLICT', `deployment #${deployment.number} of ${endpoint.name} is ${deployment.status}: its rollout changes nothing more`);
    }
    const [row] = await tx.update(deployments).set({
      variants: change.variants ?? deployment.variants,
      status: change.status,
      ...(change.status === 'active' ? { finishedAt: new Date() } : {}),
    }).where(eq(deployments.id, deployment.id)).returning();
    await takeOver(tx, endpoint, deployment.id);
    return { applied: true, deployment: row as DeploymentRow };
  });
}

export interface RolloutStop {
  deploymentId: string;
  key: string;
  /** `rolled_back` (aborted, or judged bad) or `failed` (it could not be rolled out). */
  status: 'rolled_back' | 'failed';
  actor: string;
  reason: string;
  event: Omit<DeploymentEventInput, 'deploymentId' | 'key'>;
}

/**
 * Ends a rollout that will not finish. A deployment that never took traffic (pending) just takes the status; one
 * that did (rolling, current) is undone as a rollback does, the endpoint returning to the deployment before it.
 * Returns the rollback deployment made (null when none was needed) and whether this call changed anything.
 */
export async function stopRollout(db: Db, stop: RolloutStop): Promise<{ applied: boolean; deployment: DeploymentRow; rollback: DeploymentRow | null }> {
  return db.transaction(async (tx) => {
    const { endpoint, deployment } = await lockDeployment(tx, stop.deploymentId);
    const made = async () => ((await tx.select().from(deployments).where(eq(deployments.rollbackOf, deployment.id)))[0] as DeploymentRow | undefined) ?? null;
    if (!(await recordDeploymentEvent(tx, { ...stop.event, deploymentId: deployment.id, key: stop.key }))) {
      return { applied: false, deployment, rollback: await made() };
    }
    if (deployment.status !== 'pending' && deployment.status !== 'rolling') {
      return { applied: false, deployment, rollback: await made() };
    }
    if (endpoint.currentDeploymentId !== deployment.id) {
      const [row] = await tx.update(deployments).set({ status: stop.status, finishedAt: new Date() }).where(eq(deployments.id, deployment.id)).returning();
      return { applied: true, deployment: row as DeploymentRow, rollback: null };
    }
    const { deployment: rollback, undone } = await undo(tx, endpoint, deployment, { actor: stop.actor, reason: stop.reason, status: stop.status });
    return { applied: true, deployment: undone, rollback };
  });
}

/** An endpoint's settings that predict servers follow; each one given is changed, the others are kept. */
export interface EndpointSettings {
  requireToken?: boolean;
  /** 0 to 1. */
  logSampleRate?: number;
  description?: string | null;
}

/**
 * Changes an endpoint's settings in one transaction that locks its row, bumps its revision and notifies
 * followers (delivered at commit), so every predict server applies the change as it applies a deployment.
 */
export async function updateEndpointSettings(db: Db, name: string, settings: EndpointSettings): Promise<EndpointRow> {
  return db.transaction(async (tx) => {
    const endpoint = await lockEndpoint(tx, name);
    if (!endpoint) throw new EndpointRuleError('NOT_FOUND', `no endpoint named ${name}`);
    const revision = endpoint.revision + 1;
    const [row] = await tx.update(endpoints).set({
      ...(settings.requireToken === undefined ? {} : { requireToken: settings.requireToken }),
      ...(settings.logSampleRate === undefined ? {} : { logSampleRate: settings.logSampleRate }),
      ...(settings.description === undefined ? {} : { description: settings.description }),
      revision,
      updatedAt: new Date(),
    }).where(eq(endpoints.id, endpoint.id)).returning();
    await tx.execute(sql`select pg_notify(${DEPLOYMENTS_CHANNEL}, ${`${name}:${revision}`})`);
    return row;
  });
}
