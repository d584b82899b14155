// What a deployment's rollout did and decided, in order (table deployment_events; docs/serving.md, "Rollouts").
// The rollout workflow's activities append them; an event carries a `key` (in `details.key`) naming the step it
// records, so an activity retried after its commit (a worker killed at the wrong moment) records nothing twice.
import { and, asc, desc, eq, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { deploymentEvents, deployments } from '../schema';

export const DEPLOYMENT_EVENT_KINDS = [
  'started', 'checked', 'weights', 'watch', 'hold', 'advance', 'promote', 'rollback', 'succeeded', 'failed',
] as const;
export type DeploymentEventKind = (typeof DEPLOYMENT_EVENT_KINDS)[number];

export interface DeploymentEventInput {
  deploymentId: string;
  kind: DeploymentEventKind;
  message: string;
  details?: Record<string, unknown>;
  /** Records the event at most once per deployment and key. */
  key?: string;
}

export type DeploymentEventRow = typeof deploymentEvents.$inferSelect & { details: Record<string, unknown> };

/** A database or a transaction of one. */
type Conn = Db | Parameters<Parameters<Db['transaction']>[0]>[0];

/** Whether an event with this key was recorded for the deployment. */
export async function eventRecorded(db: Conn, deploymentId: string, key: string): Promise<boolean> {
  const rows = await db
    .select({ id: deploymentEvents.id })
    .from(deploymentEvents)
    .where(and(eq(deploymentEvents.deploymentId, deploymentId), sql`${deploymentEvents.details}->>'key' = ${key}`))
    .limit(1);
  return rows.length > 0;
}

/**
 * Appends an event; with a `key`, only when no event of that key was recorded for the deployment (callers that
 * need this exact, as the rollout's transactions do, hold the endpoint's row lock meanwhile). True when written.
 */
export async function recordDeploymentEvent(db: Conn, e: DeploymentEventInput): Promise<boolean> {
  if (e.key && (await eventRecorded(db, e.deploymentId, e.key))) return false;
  await db.insert(deploymentEvents).values({
    deploymentId: e.deploymentId,
    kind: e.kind,
    message: e.message,
    details: e.key ? { ...(e.details ?? {}), key: e.key } : (e.details ?? {}),
  });
  return true;
}

/** A deployment's events in the order they happened. */
export async function listDeploymentEvents(db: Db, deploymentId: string): Promise<DeploymentEventRow[]> {
  const rows = await db.select().from(deploymentEvents).where(eq(deploymentEvents.deploymentId, deploymentId)).orderBy(asc(deploymentEvents.id));
  return rows as DeploymentEventRow[];
}

/** The endpoint's latest deployment driven by a rollout workflow (the one whose events `endpoint.events` shows). */
export async function latestRolloutDeployment(db: Db, endpointId: string): Promise<typeof deployments.$inferSelect | undefined> {
  const [row] = await db
    .select()
    .from(deployments)
    .where(and(eq(deployments.endpointId, endpointId), isNotNull(deployments.workflowId)))
    .orderBy(desc(deployments.number))
    .limit(1);
  return row;
}
