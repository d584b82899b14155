// Serving's control plane: deploy a registered version behind an endpoint, roll back, list and read endpoints.
// The rules (docs/serving.md): a spec is MODEL@VERSION, MODEL@STAGE or MODEL@ALIAS; only a version in staging
// or production may take traffic; the endpoint is created by its first deploy.
import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import { and, asc, eq } from 'drizzle-orm';
import { latestRolloutDeployment, listDeploymentEvents } from '../db/repo/deployment-events';
import { strategySettings, strategyVariants, type CanaryInput } from '../db/repo/deploy-strategies';
import {
  createDeployment, deploymentHistory, ENDPOINT_NAME, ENDPOINT_NAME_RULE, EndpointRuleError, endpointStates, getDeployments, getEndpoint,
  listEndpointRows, resolveDeployments, rollbackDeployment, rolloutInFlight, servableRefusal, stopRollout,
  type DeploymentRow, type ResolvedDeployment, type Strategy, type Variant,
} from '../db/repo/endpoints';
import {
  abortRolloutSignal, DEPLOYMENT_ROLLOUT, promoteRolloutSignal, ROLLOUT_TASK_QUEUE, rolloutWorkflowId,
  type RolloutInput, type RolloutResult,
} from '../temporal/contract';
import { updateEndpointSettings } from '../db/repo/endpoints';
import { STAGES, type ModelVersionRow, type Stage } from '../db/repo/registry';
import { models, modelVersions } from '../db/schema';
import type { Services } from './context';
import { ServiceError } from './errors';

// The name rule and the stage rule live with the storage (server/db/repo/endpoints.ts), where the deploy.endpoint
// step of a pipeline reads them too.
export { ENDPOINT_NAME, ENDPOINT_NAME_RULE, SERVABLE_STAGES } from '../db/repo/endpoints';

/** The tag that gives a version an alias (`penguins@champion` is the version tagged `alias: champion`). */
export const ALIAS_TAG = 'alias';

export interface ModelSpec {
  model: string;
  /** A version number, a stage, or an alias. */
  ref: { version: number } | { stage: Stage } | { alias: string };
}

/** Reads `NAME@VERSION` (`penguins@3`, `penguins@v3`), `NAME@STAGE` (`penguins@production`) or `NAME@ALIAS`. */
export function parseModelSpec(spec: string): ModelSpec {
  const at = spec.lastIndexOf('@');
  const model = spec.slice(0, at).trim();
  const ref = spec.slice(at + 1).trim();
  if (at < 0 || !model || !ref) {
    throw new ServiceError('BAD_REQUEST', `"${spec}" is not a model reference: give MODEL@VERSION, MODEL@STAGE or MODEL@ALIAS (penguins@3, penguins@production, penguins@champion)`);
  }
  if (/^v?[1-9]\d*$/.test(ref)) return { model, ref: { version: Number(ref.replace(/^v/, '')) } };
  if ((STAGES as readonly string[]).includes(ref)) return { model, ref: { stage: ref as Stage } };
  return { model, ref: { alias: ref } };
}

/** The version a spec names: a number exactly, a stage by its newest version, an alias by its one tagged version. */
export async function resolveModelSpec(svc: Services, spec: string): Promise<ModelVersionRow & { name: string }> {
  const { model, ref } = parseModelSpec(spec);
  const rows = await svc.db
    .select({ v: modelVersions })
    .from(modelVersions)
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .where(and(eq(models.name, model), 'version' in ref ? eq(modelVersions.version, ref.version) : undefined))
    .orderBy(asc(modelVersions.version));
  const versions = rows.map((r) => ({ ...(r.v as ModelVersionRow), name: model }));
  if ('version' in ref) {
    if (versions.length === 0) {
      const [exists] = await svc.db.select({ id: models.id }).from(models).where(eq(models.name, model));
      throw new ServiceError('NOT_FOUND', exists ? `model ${model} has no version ${ref.version}` : `no model named ${model}`);
    }
    return versions[0];
  }
  if (versions.length === 0) throw new ServiceError('NOT_FOUND', `no model named ${model}`);
  if ('stage' in ref) {
    const inStage = versions.filter((v) => v.stage === ref.stage);
    if (inStage.length === 0) throw new ServiceError('NOT_FOUND', `model ${model} has no version in stage ${ref.stage}`);
    return inStage[inStage.length - 1];
  }
  const tagged = versions.filter((v) => v.tags?.[ALIAS_TAG] === ref.alias);
  if (tagged.length === 0) {
    throw new ServiceError('NOT_FOUND', `model ${model} has no version ${ref.alias}: not a version number, not a stage, and no version carries the tag ${ALIAS_TAG}=${ref.alias}`);
  }
  if (tagged.length > 1) {
    throw new ServiceError('CONFLICT', `alias ${ref.alias} of model ${model} is on versions ${tagged.map((v) => v.version).join(' and ')}: keep the tag ${ALIAS_TAG}=${ref.alias} on one version`);
  }
  return tagged[0];
}

function checkEndpointName(name: string): void {
  if (!ENDPOINT_NAME.test(name)) throw new ServiceError('BAD_REQUEST', `"${name}" is not an endpoint name: use ${ENDPOINT_NAME_RULE}`);
}

/** A deployment as the API shows it: variants with their model, version and stage. */
export type DeploymentView = Omit<ResolvedDeployment, 'variants'> & {
  variants: Array<Pick<ResolvedDeployment['variants'][number], 'name' | 'role' | 'weight' | 'modelVersionId' | 'model' | 'version' | 'stage'>>;
};

function view(d: ResolvedDeployment): DeploymentView {
  return {
    ...d,
    variants: d.variants.map(({ name, role, weight, modelVersionId, model, version, stage }) => ({ name, role, weight, modelVersionId, model, version, stage })),
  };
}

async function viewsOf(svc: Services, rows: DeploymentRow[]): Promise<DeploymentView[]> {
  return (await resolveDeployments(svc.db, rows)).map(view);
}

/** Every endpoint with the deployment serving it. */
export async function listEndpoints(svc: Services) {
  const rows = await listEndpointRows(svc.db);
  const states = new Map((await endpointStates(svc.db)).map((s) => [s.name, s]));
  return rows.map((e) => {
    const d = states.get(e.name)?.deployment;
    return {
      name: e.name,
      description: e.description,
      requireToken: e.requireToken,
      logSampleRate: e.logSampleRate,
      revision: e.revision,
      createdAt: e.createdAt,
      updatedAt: e.updatedAt,
      current: d ? view(d) : null,
    };
  });
}

/** One endpoint: its settings, the current deployment and its history (newest first). */
export async function getEndpointView(svc: Services, name: string) {
  const e = await getEndpoint(svc.db, name);
  if (!e) throw new ServiceError('NOT_FOUND', `no endpoint named ${name}`);
  const history = await viewsOf(svc, await deploymentHistory(svc.db, e.id));
  return {
    name: e.name,
    description: e.description,
    requireToken: e.requireToken,
    logSampleRate: e.logSampleRate,
    revision: e.revision,
    createdBy: e.createdBy,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
    current: history.find((d) => d.id === e.currentDeploymentId) ?? null,
    history,
  };
}

export type { CanaryInput } from '../db/repo/deploy-strategies';

export interface DeployInput {
  endpoint: string;
  /** MODEL@VERSION, MODEL@STAGE or MODEL@ALIAS: the new version (for `split`, the one taking the weight the others leave). */
  model: string;
  strategy: Strategy;
  actor: string;
  reason?: string;
  /** `canary`: its steps and bounds. */
  canary?: CanaryInput;
  /** `split`: the other competing versions and their weights (percent); `model` takes what they leave. */
  variants?: Array<{ model: string; weight: number }>;
  /** `split` (and `canary`): the request key that pins a caller to one variant. */
  sticky?: { header?: string; field?: string };
  /** `shadow`: percent of the requests copied to the challenger (default 100). */
  sample?: number;
  /** Answer once the rollout has finished (a `replace` always does). */
  wait?: boolean;
}

/** How long a deploy waits for its rollout when asked to (a canary can take hours: it answers `rolling` then). */
const WAIT_MS = 120_000;

/** A rule of the strategies (server/db/repo/deploy-strategies.ts) broken: the API's error with its sentence. */
function ruled<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof EndpointRuleError) throw new ServiceError(err.code, err.message);
    throw err;
  }
}

/** A version that may take traffic, by its spec (NOT_FOUND, or CONFLICT outside staging and production). */
async function servable(svc: Services, spec: string) {
  const v = await resolveModelSpec(svc, spec);
  const refusal = servableRefusal(v);
  if (refusal) throw new ServiceError('CONFLICT', refusal);
  return v;
}

/** The variants of a deployment by strategy, from the request and what the endpoint serves now. */
async function variantsFor(svc: Services, input: DeployInput): Promise<Variant[]> {
  const version = await servable(svc, input.model);
  try {
    return await strategyVariants(svc.db, { ...input, version, others: input.variants, resolve: (spec) => servable(svc, spec) });
  } catch (err) {
    if (err instanceof EndpointRuleError) throw new ServiceError(err.code, err.message);
    throw err;
  }
}

/** A deployment by id, as the API shows it, with its endpoint. */
async function shownById(svc: Services, id: string, endpoint: string) {
  const [shown] = await viewsOf(svc, await getDeployments(svc.db, [id]));
  return { ...shown, endpoint };
}

/** Waits for a rollout's result, at most `ms` (undefined when it has not finished by then). */
async function rolloutResult(svc: Services, workflowId: string, ms: number): Promise<RolloutResult | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((r) => { timer = setTimeout(() => r(undefined), ms); });
  try {
    return await Promise.race([svc.temporal.workflow.getHandle(workflowId).result() as Promise<RolloutResult>, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Deploys a version by `strategy`: the specs are resolved, a version outside staging and production is refused,
 * the endpoint is created when new. The deployment is appended `pending` and its rollout workflow started
 * (docs/serving.md, "Rollouts"); a `replace` (or any strategy with `wait`) answers when the rollout has finished.
 * Services built without a Temporal client (the data plane's tests, scripts) apply a `replace` directly.
 */
export async function deploy(svc: Services, input: DeployInput) {
  checkEndpointName(input.endpoint);
  const variants = await variantsFor(svc, input);
  const config = ruled(() => strategySettings(input));
  if (!svc.temporal) {
    if (input.strategy !== 'replace') throw new ServiceError('BAD_REQUEST', `strategy ${input.strategy} needs the rollout workflow: deploy through the API`);
    const { deployment, endpointCreated } = await create(svc, { endpoint: input.endpoint, strategy: 'replace', variants, config, status: 'active', actor: input.actor, reason: input.reason });
    const [shown] = await viewsOf(svc, [deployment]);
    return { ...shown, endpoint: input.endpoint, endpointCreated };
  }
  const id = randomUUID();
  const workflowId = rolloutWorkflowId(id);
  const { deployment, endpointCreated } = await create(svc, {
    id, workflowId, endpoint: input.endpoint, strategy: input.strategy, variants, config, status: 'pending', actor: input.actor, reason: input.reason,
  });
  try {
    await svc.temporal.workflow.start(DEPLOYMENT_ROLLOUT, { taskQueue: ROLLOUT_TASK_QUEUE, workflowId, args: [{ deploymentId: deployment.id } satisfies RolloutInput] });
  } catch (err) {
    await stopRollout(svc.db, {
      deploymentId: deployment.id, key: 'start', status: 'failed', actor: input.actor, reason: `its rollout did not start: ${(err as Error).message}`,
      event: { kind: 'failed', message: `its rollout did not start: ${(err as Error).message}` },
    });
    throw err;
  }
  if (input.strategy === 'replace' || input.wait) {
    const result = await rolloutResult(svc, workflowId, WAIT_MS);
    if (result?.status === 'failed') throw new ServiceError('CONFLICT', result.message);
  }
  return { ...(await shownById(svc, deployment.id, input.endpoint)), endpointCreated };
}

async function create(svc: Services, input: Parameters<typeof createDeployment>[1]) {
  try {
    return await createDeployment(svc.db, input);
  } catch (err) {
    if (err instanceof EndpointRuleError) throw new ServiceError(err.code, err.message);
    throw err;
  }
}

/**
 * Returns the endpoint to the deployment before its current one (a new deployment restoring it). A deployment
 * still rolling out is stopped by its workflow (signalled to abort), which rolls it back.
 */
export async function rollback(svc: Services, input: { endpoint: string; actor: string; reason?: string }) {
  const e = await getEndpoint(svc.db, input.endpoint);
  const rolling = e && svc.temporal ? await rolloutInFlight(svc.db, e.id) : undefined;
  if (e && rolling?.workflowId) {
    let result: RolloutResult | undefined;
    try {
      await svc.temporal.workflow.getHandle(rolling.workflowId).signal(abortRolloutSignal, { actor: input.actor, reason: input.reason });
      result = await rolloutResult(svc, rolling.workflowId, WAIT_MS);
    } catch (err) {
      // Its workflow is gone (terminated, or its history removed): the deployment is stopped here, as it would have.
      if (!(err instanceof WorkflowNotFoundError)) throw err;
      const reason = input.reason ?? `rollback of #${rolling.number} during its rollout`;
      const stopped = await stopRollout(svc.db, { deploymentId: rolling.id, key: 'abort', status: 'rolled_back', actor: input.actor, reason, event: { kind: 'rollback', message: reason, details: { actor: input.actor } } });
      result = { status: 'rolled_back', message: reason, ...(stopped.rollback ? { rollbackDeploymentId: stopped.rollback.id } : {}) };
    }
    if (!result) throw new ServiceError('CONFLICT', `deployment #${rolling.number} of ${input.endpoint} was asked to stop, and its rollout has not answered yet: see headrace endpoints ${input.endpoint}`);
    if (result.status === 'active') throw new ServiceError('CONFLICT', `deployment #${rolling.number} of ${input.endpoint} finished its rollout before it could be stopped: roll back again to undo it`);
    const after = (await getEndpoint(svc.db, input.endpoint))!;
    // A rollout that had taken traffic appended a rollback to the deployment before it; one that had not leaves the endpoint as it was.
    const restoredId = result.rollbackDeploymentId ? rolling.previousDeploymentId : after.currentDeploymentId;
    const [restored] = restoredId ? await getDeployments(svc.db, [restoredId]) : [];
    if (!after.currentDeploymentId) throw new ServiceError('CONFLICT', `deployment #${rolling.number} of ${input.endpoint} was stopped before it took traffic; the endpoint serves nothing`);
    return { ...(await shownById(svc, after.currentDeploymentId, input.endpoint)), undone: rolling.number, restored: restored?.number ?? rolling.number };
  }
  try {
    const { deployment, undone, restored } = await rollbackDeployment(svc.db, input);
    const [shown] = await viewsOf(svc, [deployment]);
    return { ...shown, endpoint: input.endpoint, undone: undone.number, restored: restored.number };
  } catch (err) {
    if (err instanceof EndpointRuleError) throw new ServiceError(err.code, err.message);
    throw err;
  }
}

export interface EndpointUpdate {
  endpoint: string;
  requireToken?: boolean;
  /** The share of requests written to the prediction log, 0 to 1. */
  logSampleRate?: number;
  /** Empty or null clears it. */
  description?: string | null;
}

/**
 * Changes an endpoint's settings (token required, prediction-log sample rate, description); predict servers
 * follow the change within a second, as they follow a deployment. At least one setting must be given.
 */
export async function updateEndpoint(svc: Services, input: EndpointUpdate) {
  const { endpoint, ...settings } = input;
  if (settings.requireToken === undefined && settings.logSampleRate === undefined && settings.description === undefined) {
    throw new ServiceError('BAD_REQUEST', 'nothing to change: give requireToken, logSampleRate or description');
  }
  if (settings.logSampleRate !== undefined && !(settings.logSampleRate >= 0 && settings.logSampleRate <= 1)) {
    throw new ServiceError('BAD_REQUEST', `logSampleRate must be between 0 and 1 (a share of the requests), got ${settings.logSampleRate}`);
  }
  const description = settings.description === undefined ? undefined : settings.description?.trim() || null;
  try {
    const e = await updateEndpointSettings(svc.db, endpoint, { ...settings, description });
    return {
      name: e.name, description: e.description, requireToken: e.requireToken, logSampleRate: e.logSampleRate,
      revision: e.revision, updatedAt: e.updatedAt,
    };
  } catch (err) {
    if (err instanceof EndpointRuleError) throw new ServiceError(err.code, err.message);
    throw err;
  }
}

/**
 * Makes the named variant take all the traffic. A canary still rolling out is finished early (its workflow is
 * signalled); otherwise the variant's version is deployed by `replace` as a new deployment (ending a split or
 * a shadow), through its own rollout.
 */
export async function promote(svc: Services, input: { endpoint: string; variant: string; actor: string; reason?: string }) {
  const e = await getEndpoint(svc.db, input.endpoint);
  if (!e) throw new ServiceError('NOT_FOUND', `no endpoint named ${input.endpoint}`);
  const rolling = await rolloutInFlight(svc.db, e.id);
  if (rolling) {
    const variant = rolling.variants.find((v) => v.name === input.variant);
    if (rolling.strategy !== 'canary' || variant?.role !== 'canary' || !rolling.workflowId || !svc.temporal) {
      throw new ServiceError('CONFLICT', `endpoint ${input.endpoint} is rolling out deployment #${rolling.number} (${rolling.strategy}): ` +
        `only its canary (${rolling.variants.filter((v) => v.role === 'canary').map((v) => v.name).join(', ') || 'none'}) can be promoted; roll it back to keep the version serving now`);
    }
    await svc.temporal.workflow.getHandle(rolling.workflowId).signal(promoteRolloutSignal, { variant: input.variant, actor: input.actor, reason: input.reason });
    const result = await rolloutResult(svc, rolling.workflowId, WAIT_MS);
    if (result && result.status !== 'active') throw new ServiceError('CONFLICT', result.message);
    return { ...(await shownById(svc, rolling.id, input.endpoint)), endpointCreated: false };
  }
  const [current] = e.currentDeploymentId ? await resolveDeployments(svc.db, await getDeployments(svc.db, [e.currentDeploymentId])) : [];
  const variant = current?.variants.find((v) => v.name === input.variant);
  if (!current || !variant) {
    throw new ServiceError('NOT_FOUND', `endpoint ${input.endpoint} has no variant ${input.variant}` +
      (current ? ` (it serves ${current.variants.map((v) => v.name).join(', ')})` : ''));
  }
  if (current.variants.length === 1) throw new ServiceError('CONFLICT', `variant ${input.variant} already takes all the traffic of ${input.endpoint}`);
  return deploy(svc, {
    endpoint: input.endpoint, model: `${variant.model}@${variant.version}`, strategy: 'replace', actor: input.actor,
    reason: input.reason ?? `promote variant ${input.variant} of deployment #${current.number}`,
  });
}

/** The latest rollout of an endpoint (its deployment) and the events it recorded, in order. */
export async function rolloutEvents(svc: Services, endpoint: string) {
  const e = await getEndpoint(svc.db, endpoint);
  if (!e) throw new ServiceError('NOT_FOUND', `no endpoint named ${endpoint}`);
  const d = await latestRolloutDeployment(svc.db, e.id);
  if (!d) return { endpoint, deployment: null, events: [] };
  const events = await listDeploymentEvents(svc.db, d.id);
  return {
    endpoint,
    deployment: { id: d.id, number: d.number, strategy: d.strategy, status: d.status, workflowId: d.workflowId, config: d.config as Record<string, unknown>, createdAt: d.createdAt, finishedAt: d.finishedAt },
    events: events.map((x) => ({ id: x.id, at: x.at, kind: x.kind, message: x.message, details: x.details })),
  };
}
