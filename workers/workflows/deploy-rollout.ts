// deployRollout: the child workflow of the `deploy.rollout` step kind (child mode; docs/serving.md, "From a
// pipeline"). One idempotent activity appends the deployment `pending` as the run's requester, keyed by the run
// and the step; then the deployment's own `deploymentRollout` runs as this workflow's child under the id every
// rollout has (`headrace-deploy-<deployment id>`), so `headrace rollback` and endpoint.promote signal it as they
// signal any rollout. The step succeeds when the rollout leaves the deployment active; rolled back or failed, the
// step fails with the rollout's sentence (a user error: not retried). Cancelling the run rolls the rollout back.
import {
  ActivityFailure, ApplicationFailure, CancellationScope, ChildWorkflowCancellationType, isCancellation, ParentClosePolicy, proxyActivities, startChild,
} from '@temporalio/workflow';
import type { ModelVersionRef } from '../../dsl/refs';
import type { DeployActivities } from '../activities/deploy';
import {
  abortRolloutSignal, DEPLOYMENT_ROLLOUT, ROLLOUT_TASK_QUEUE,
  type ChildStepInput, type ChildStepResult, type RolloutInput, type RolloutResult,
} from '../../server/temporal/contract';

const acts = proxyActivities<DeployActivities>({
  taskQueue: ROLLOUT_TASK_QUEUE,
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 5, initialInterval: '500ms' },
});

/** The failure type of a rollout that ended rolled back or failed. */
export const ROLLOUT_NOT_ACTIVE = 'RolloutNotActive';

export async function deployRollout(input: ChildStepInput): Promise<ChildStepResult> {
  const made = await acts.deployRolloutCreate({
    runId: input.runId, pipeline: input.pipeline, stepId: input.step.id, config: input.step.config, version: input.inputs.version as ModelVersionRef,
  }).catch((err: unknown) => {
    // The step's row shows the activity's own sentence (a refused version, a rollout of the endpoint in flight).
    if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure) throw ApplicationFailure.nonRetryable(err.cause.message, err.cause.type ?? undefined);
    throw err;
  });
  const { deployment } = made;
  // The rollout outlives this workflow if it must (a step timed out): a deployment's rollout always reaches its end.
  const rollout = await startChild<(i: RolloutInput) => Promise<RolloutResult>>(DEPLOYMENT_ROLLOUT, {
    workflowId: made.workflowId,
    taskQueue: ROLLOUT_TASK_QUEUE,
    args: [{ deploymentId: deployment.id }],
    parentClosePolicy: ParentClosePolicy.ABANDON,
    cancellationType: ChildWorkflowCancellationType.ABANDON,
  });
  let result: RolloutResult;
  try {
    result = await rollout.result();
  } catch (err) {
    if (isCancellation(err)) {
      // The run was cancelled: the rollout is asked to roll back, as `headrace rollback` would.
      await CancellationScope.nonCancellable(() => rollout.signal(abortRolloutSignal, { actor: made.actor, reason: `run ${input.runId} was cancelled during the rollout of deployment #${deployment.number} of ${deployment.endpoint}` }));
    }
    throw err;
  }
  if (result.status !== 'active') throw ApplicationFailure.nonRetryable(result.message, ROLLOUT_NOT_ACTIVE);
  return {
    outputs: { deployment },
    summary: {
      endpoint: deployment.endpoint, deployment: deployment.number, strategy: deployment.strategy, model: deployment.model, version: deployment.version,
      stage: made.stage, actor: made.actor, rollout: made.workflowId, result: result.message,
    },
  };
}
