// Serving's control plane: deploy a registered version behind an endpoint, roll back, list and read endpoints.
// The rules (docs/serving.md): a spec is MODEL@VERSION, MODEL@STAGE or MODEL@ALIAS; only a version in staging
// or production may take traffic; the endpoint is created by its first deploy.
import { and, asc, eq } from 'drizzle-orm';
import {
  createDeployment, deploymentHistory, ENDPOINT_NAME, ENDPOINT_NAME_RULE, EndpointRuleError, endpointStates, getEndpoint,
  listEndpointRows, replaceVariants, resolveDeployments, rollbackDeployment, servableRefusal, type DeploymentRow,
  type ResolvedDeployment, type Strategy,
} from '../db/repo/endpoints';
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

export interface DeployInput {
  endpoint: string;
  /** MODEL@VERSION, MODEL@STAGE or MODEL@ALIAS. */
  model: string;
  strategy: Strategy;
  actor: string;
  reason?: string;
}

/**
 * Deploys a version by `strategy` (this increment: `replace`, the version takes all traffic): the spec is
 * resolved, a version outside staging and production is refused, the endpoint is created when new.
 */
export async function deploy(svc: Services, input: DeployInput) {
  checkEndpointName(input.endpoint);
  if (input.strategy !== 'replace') throw new ServiceError('BAD_REQUEST', `strategy ${input.strategy} is not available yet: deploy with strategy replace`);
  const v = await resolveModelSpec(svc, input.model);
  const refusal = servableRefusal(v);
  if (refusal) throw new ServiceError('CONFLICT', refusal);
  const { deployment, endpointCreated } = await createDeployment(svc.db, {
    endpoint: input.endpoint,
    strategy: 'replace',
    variants: replaceVariants(v),
    status: 'active',
    actor: input.actor,
    reason: input.reason,
  });
  const [shown] = await viewsOf(svc, [deployment]);
  return { ...shown, endpoint: input.endpoint, endpointCreated };
}

/** Returns the endpoint to the deployment before its current one (a new deployment restoring it). */
export async function rollback(svc: Services, input: { endpoint: string; actor: string; reason?: string }) {
  try {
    const { deployment, undone, restored } = await rollbackDeployment(svc.db, input);
    const [shown] = await viewsOf(svc, [deployment]);
    return { ...shown, endpoint: input.endpoint, undone: undone.number, restored: restored.number };
  } catch (err) {
    if (err instanceof EndpointRuleError) throw new ServiceError(err.code, err.message);
    throw err;
  }
}
