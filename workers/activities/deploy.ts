// deploy.endpoint: serve the version a pipeline registered behind an endpoint, by `replace` (it takes all the
// traffic at once). deploy.rollout's deployment is made here too (deployRolloutCreate), then rolled out by the
// child workflow `deployRollout` (workers/workflows/deploy-rollout.ts). The rules are the control plane's (server/db/repo/endpoints.ts): only a version in staging or
// production may take traffic; the deployment is appended in the one transaction that moves the endpoint and
// notifies predict servers. The actor, in the deployment and its audit row, is the run's requester.
import { randomUUID } from 'node:crypto';
import { parseConfig } from '../../dsl/catalog';
import type { Db } from '../../server/db/client';
import { audit } from '../../server/db/repo/audit';
import { strategySettings, strategyVariants, versionByNumber, type StrategyInput } from '../../server/db/repo/deploy-strategies';
import {
  createDeployment, deploymentHistory, EndpointRuleError, getEndpoint, replaceVariants, servableRefusal, versionForDeploy, type DeploymentRow,
} from '../../server/db/repo/endpoints';
import { runFacts } from '../../server/db/repo/registry';
import type { DeploymentRef, ModelVersionRef } from '../../dsl/refs';
import { rolloutWorkflowId } from '../../server/temporal/contract';
import type { ActivityDeps } from './deps';
import type { StepResult } from '../workflows/types';
import { userError } from './errors';
import type { KindContext } from './kinds';

/** The deployment a step made: its run and step are kept in the deployment's config. */
interface StepSource {
  run: string;
  step: string;
}

/** A deployment this (run, step) already made: an attempt retried after its commit repeats nothing. */
async function madeBy(db: Db, endpointName: string, source: StepSource): Promise<DeploymentRow | undefined> {
  const endpoint = await getEndpoint(db, endpointName);
  if (!endpoint) return undefined;
  return (await deploymentHistory(db, endpoint.id)).find((d) => {
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
  let deployment = await madeBy(db, endpoint, source);
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

/** What `deployRollout` asks for: the step, its `with:` and the version arriving on its port. */
export interface RolloutStepInput {
  runId: string;
  pipeline: string;
  stepId: string;
  config: unknown;
  version: ModelVersionRef;
}

/** The pending deployment a deploy.rollout step made (or an earlier attempt of it), and who it acts as. */
export interface RolloutStepDeployment {
  deployment: DeploymentRef;
  /** The rollout's workflow id (`headrace-deploy-<deployment id>`). */
  workflowId: string;
  status: string;
  actor: string;
  stage: string;
  /** Whether this attempt made it (false: an earlier attempt had). */
  made: boolean;
}

export function deployActivities(deps: ActivityDeps) {
  const { db } = deps;
  return {
    /**
     * Appends deploy.rollout's deployment `pending`, as the run's requester, by the rules of the deploy service
     * (server/db/repo/deploy-strategies.ts). Keyed by the run and the step: an attempt retried after its commit
     * answers the deployment the first made. A broken rule is a user error (not retried).
     */
    async deployRolloutCreate(input: RolloutStepInput): Promise<RolloutStepDeployment> {
      let config: ReturnType<typeof parseConfig<'deploy.rollout'>>;
      try {
        config = parseConfig('deploy.rollout', input.config);
      } catch (err) {
        throw userError('BadConfig', `deploy.rollout's settings are invalid: ${(err as Error).message}`);
      }
      const { endpoint } = config;
      const source: StepSource = { run: input.runId, step: input.stepId };
      const actor = (await runFacts(db, source.run))?.createdBy ?? `run ${source.run}`;
      const v = await versionForDeploy(db, input.version.id);
      if (!v) throw userError('BadData', `model version ${input.version.name}@${input.version.version} no longer exists in the registry`);
      const answer = (d: DeploymentRow, made: boolean): RolloutStepDeployment => ({
        deployment: { type: 'Deployment', id: d.id, endpoint, number: d.number, strategy: d.strategy, model: v.name, version: v.version, modelVersionId: v.id },
        workflowId: d.workflowId ?? rolloutWorkflowId(d.id), status: d.status, actor, stage: v.stage, made,
      });
      const earlier = await madeBy(db, endpoint, source);
      if (earlier) return answer(earlier, false);

      const refuse = async (code: string, message: string, type: 'Forbidden' | 'BadConfig' = 'Forbidden') => {
        await audit(db, { actor, action: 'endpoint.deploy', target: endpoint, outcome: 'error', details: { code, message, ...source } });
        return userError(type, message);
      };
      const refusal = servableRefusal(v);
      if (refusal) throw await refuse('CONFLICT', refusal);
      const strategy: StrategyInput = {
        strategy: config.strategy,
        canary: config.canary && { ...config.canary, maxLatencyP99Ms: config.canary.maxLatencyP99 },
        sticky: config.sticky,
        sample: config.shadow?.sample,
      };
      let variants;
      let settings;
      try {
        variants = await strategyVariants(db, {
          ...strategy, endpoint, model: `${v.name}@${v.version}`, version: v, others: config.split?.variants,
          resolve: async (spec) => {
            const other = await versionByNumber(db, spec);
            if (!other) throw new EndpointRuleError('NOT_FOUND', `split names ${spec}, and the registry has no such version`);
            const no = servableRefusal(other);
            if (no) throw new EndpointRuleError('CONFLICT', no);
            return other;
          },
        });
        settings = strategySettings(strategy);
      } catch (err) {
        if (!(err instanceof EndpointRuleError)) throw err;
        throw await refuse(err.code, err.message, err.code === 'BAD_REQUEST' ? 'BadConfig' : 'Forbidden');
      }
      const reason = `rolled out by step "${source.step}" of run ${source.run} (pipeline ${input.pipeline})`;
      const id = randomUUID();
      let made;
      try {
        made = await createDeployment(db, {
          id, workflowId: rolloutWorkflowId(id), endpoint, strategy: config.strategy, variants, config: { ...settings, source }, status: 'pending', actor, reason,
        });
      } catch (err) {
        // A rollout of the endpoint in flight: the step is refused, not retried.
        if (!(err instanceof EndpointRuleError)) throw err;
        throw await refuse(err.code, err.message);
      }
      await audit(db, { actor, action: 'endpoint.deploy', target: endpoint, outcome: 'ok', details: { id, strategy: config.strategy, reason, ...source } });
      return answer(made.deployment, true);
    },
  };
}

export type DeployActivities = ReturnType<typeof deployActivities>;
