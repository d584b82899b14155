// Activity mode (most kinds): the step runs as one activity named by its kind, on the step's task queue, with
// the Plan's timeout, heartbeat and retry. The activity records its own attempts in step_runs.
import { patched, proxyActivities } from '@temporalio/workflow';
import type { PlanStep } from '../../../dsl/plan';
import type { ArtifactRef } from '../../../dsl/refs';
import { PATCHES } from '../patches';
import { bookkeeping } from '../proxies';
import type { RunState, StepOutcome } from '../run-state';
import type { CacheHit, StepInput, StepResult } from '../types';

type StepActivity = (input: StepInput) => Promise<StepResult>;

export function activityFor(step: PlanStep): StepActivity {
  const acts = proxyActivities<Record<string, StepActivity>>({
    taskQueue: step.taskQueue,
    startToCloseTimeout: `${step.timeoutSeconds} seconds`,
    heartbeatTimeout: step.heartbeatSeconds ? `${step.heartbeatSeconds} seconds` : undefined,
    retry: {
      maximumAttempts: step.retry.maximumAttempts,
      initialInterval: `${step.retry.initialIntervalSeconds} seconds`,
      backoffCoefficient: step.retry.backoffCoefficient,
    },
    cancellationType: 'WAIT_CANCELLATION_COMPLETED',
  });
  return acts[step.uses];
}

/**
 * The cache hook: called before a step runs when its `cache: true` applies (not with `RunContext.noCache`).
 * `lookupCache` (workers/activities/cache.ts, on the pipeline task queue with the other bookkeeping) receives the
 * StepInput the step's own activity would get; on a hit it has already recorded the step as `cached` in this run
 * and returns the earlier outputs, which the run uses instead of running the step. null: run the step.
 */
export function tryCache(step: PlanStep, input: StepInput, run: RunState): Promise<CacheHit | null> | undefined {
  if (!step.cache || run.ctx.noCache || !patched(PATCHES.stepCache)) return undefined;
  return bookkeeping.lookupCache(input);
}

export function executeActivity(step: PlanStep, inputs: Record<string, ArtifactRef>, run: RunState): Promise<StepOutcome> {
  const input: StepInput = {
    runId: run.runId, pipeline: run.plan.pipeline, step, inputs, dataRoots: run.ctx.dataRoots,
    ...(run.claimedBySteps && step.dependsOn.length === 0 && { claimsRun: true }),
  };
  const lookup = tryCache(step, input, run);
  // Without a lookup the activity is scheduled at once, as the releases before the cache did (so their histories
  // replay): no promise hop in between; a StepResult is a StepOutcome.
  if (!lookup) return activityFor(step)(input);
  return lookup.then(async (hit) =>
    hit ? { outputs: hit.outputs, state: 'cached' as const } : { outputs: (await activityFor(step)(input)).outputs });
}
