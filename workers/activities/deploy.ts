// deploy.endpoint: serve the version a pipeline registered behind an endpoint, by `replace` (it takes all the
// traffic at once). The rules are the control plane's (server/db/repo/endpoints.ts): only a version in staging or
// production may take traffic; the deployment is appended in the one transaction that moves the endpoint and
// notifies predict servers. The actor, in the deployment and its audit row, is the run's requester.
import { audit } from '../../server/db/repo/audit';
import {
  createDeployment, deploymentHistory, EndpointRuleError, getEndpoint, replaceVariants, servableRefusal, versionForDeploy, type DeploymentRow,
} from '../../server/db/repo/endpoints';
import { runFacts } from '../../server/db/repo/registry';
import type { DeploymentRef } from '../../dsl/refs';
import type { StepResult } from '../workflows/types';
import { userError } from './errors';
import type { KindContext } from './kinds';

/** The deployment a step made: its run and step are kept in the deployment's config. */
interface StepSource {
  run: string;
  step: string;
}

/** A deployment this (run, step) already made: an attempt retried after its commit repeats nothing. */
async function madeBy(ctx: KindContext<'deploy.endpoint'>, source: StepSource): Promise<DeploymentRow | undefined> {
  const endpoint = await getEndpoint(ctx.deps.db, ctx.config.endpoint);
  if (!endpoint) return undefined;
  return (await deploymentHistory(ctx.deps.db, endpoint.id)).find((d) => {
    const s = (d.config as { source?: Partial<StepSource> }).source;
    return s?.run === source.run && s?.step === source.step;
  });
}

export async function deployEndpointStep(ctx: KindContext<'deploy.endpoint'>): Promise<StepResult> {
  const { db } = ctx.deps;
  const { endpoint, strategy } = ctx.config;
  const source: StepSource = { run: ctx.input.runId, step: ctx.input.step.id };
  const actor = (await runFacts(db, source.run))?.createdBy ?? `run ${source.run}`;
  const ref = ctx.inputs.version;
  // The reference carries the stage at registration; what counts is the stage now.
  const v = await versionForDeploy(db, ref.id);
  if (!v) throw userError('BadData', `model version ${ref.name}@${ref.version} no longer exists in the registry`);
  const refusal = servableRefusal(v);
  if (refusal) {
    await audit(db, { actor, action: 'endpoint.deploy', target: endpoint, outcome: 'error', details: { code: 'CONFLICT', message: refusal, ...source } });
    throw userError('Forbidden', refusal);
  }
  const reason = `deployed by step "${source.step}" of run ${source.run} (pipeline ${ctx.input.pipeline})`;
  let deployment = await madeBy(ctx, source);
  if (deployment) {
    ctx.log.info(`deployment #${deployment.number} of ${endpoint} was made by an earlier attempt; nothing new deployed`);
  } else {
    const made = await createDeployment(db, {
      endpoint, strategy, variants: replaceVariants(v), config: { source }, status: 'active', actor, reason,
    }).catch(async (err: unknown) => {
      // A rollout of the endpoint in flight (a canary between steps): the step is refused, not retried.
      if (!(err instanceof EndpointRuleError)) throw err;
      await audit(db, { actor, action: 'endpoint.deploy', target: endpoint, outcome: 'error', details: { code: err.code, message: err.message, ...source } });
      throw userError('Forbidden', err.message);
    });
    deployment = made.deployment;
    await audit(db, { actor, action: 'endpoint.deploy', target: endpoint, outcome: 'ok', details: { id: deployment.id, reason, ...source } });
    ctx.log.info(`${made.endpointCreated ? 'created endpoint' : 'endpoint'} ${endpoint}: deployment #${deployment.number} serves ${v.name} v${v.version} (${v.stage}) by ${strategy}, as ${actor}`);
  }
  const out: DeploymentRef = {
    type: 'Deployment', id: deployment.id, endpoint, number: deployment.number, strategy: deployment.strategy,
    model: v.name, version: v.version, modelVersionId: v.id,
  };
  return {
    outputs: { deployment: out },
    summary: { endpoint, deployment: deployment.number, strategy: deployment.strategy, model: v.name, version: v.version, stage: v.stage, actor },
  };
}
