// deploymentRollout: one durable workflow per deployment made through the API or the CLI (docs/serving.md,
// "Rollouts"). It checks the versions the deployment brings, then shifts traffic by the strategy: `replace`,
// `split` and `shadow` in one shift; `canary` step by step, a durable timer between steps, judging each window
// from the serving windows predict servers record, advancing or rolling back by itself. The deployment's rows
// are its state: every change is an idempotent activity, so a worker killed midway loses and repeats nothing.
import { CancellationScope, condition, isCancellation, patched, proxyActivities, setHandler } from '@temporalio/workflow';
import type { RolloutActivities, RolloutPlan } from '../activities/rollout';
import {
  abortRolloutSignal, promoteRolloutSignal, ROLLOUT_TASK_QUEUE, rolloutProgressQuery,
  type RolloutAbort, type RolloutInput, type RolloutProgress, type RolloutPromote, type RolloutResult,
} from '../../server/temporal/contract';
import { PATCHES } from './patches';

const acts = proxyActivities<RolloutActivities>({
  taskQueue: ROLLOUT_TASK_QUEUE,
  startToCloseTimeout: '2 minutes',
  retry: { maximumAttempts: 10, initialInterval: '500ms', nonRetryableErrorTypes: ['RolloutStopped'] },
});

type Variant = RolloutPlan['variants'][number];

const weightsOf = (variants: Variant[]) => Object.fromEntries(variants.map((v) => [v.name, v.weight]));
const round2 = (x: number) => Math.round(x * 100) / 100;

/** The canary deployment's variants with the canary at `weight`: the stable primaries share the rest by their weights. */
function canaryAt(variants: Variant[], canary: string, weight: number): Variant[] {
  const stable = variants.filter((v) => v.role === 'primary');
  const total = stable.reduce((a, v) => a + v.weight, 0) || 1;
  return variants.map((v) => {
    if (v.name === canary) return { ...v, weight };
    if (v.role === 'primary') return { ...v, weight: round2(((100 - weight) * v.weight) / total) };
    return v;
  });
}

export async function deploymentRollout(input: RolloutInput): Promise<RolloutResult> {
  try {
    return await rollout(input);
  } catch (err) {
    // Cancelled (the workflow itself, not through the abort signal): the deployment is rolled back as by an abort
    // (a no-op when it is active or stopped already), then the workflow ends cancelled.
    if (isCancellation(err) && patched(PATCHES.rolloutCancelRollsBack)) {
      const reason = 'the rollout was cancelled';
      await CancellationScope.nonCancellable(() => acts.rolloutStop({
        deploymentId: input.deploymentId, key: 'cancel', status: 'rolled_back', actor: 'temporal', reason,
        event: { kind: 'rollback', message: `${reason}: the traffic it took goes back`, details: { actor: 'temporal' } },
      }));
    }
    throw err;
  }
}

async function rollout(input: RolloutInput): Promise<RolloutResult> {
  const { deploymentId } = input;
  let abort: RolloutAbort | undefined;
  let promote: RolloutPromote | undefined;
  const progress: RolloutProgress = { deploymentId, strategy: 'replace', phase: 'checking', step: -1, steps: [], round: 0, weights: {} };
  setHandler(rolloutProgressQuery, () => progress);
  setHandler(abortRolloutSignal, (a) => { abort ??= a; });
  setHandler(promoteRolloutSignal, (p) => { promote ??= p; });

  const plan = await acts.rolloutLoad(deploymentId);
  progress.strategy = plan.strategy;
  progress.steps = plan.canary?.steps ?? [];
  progress.weights = weightsOf(plan.variants);
  const label = `deployment #${plan.number} of ${plan.endpoint}`;

  const done = (result: RolloutResult): RolloutResult => {
    progress.phase = 'done';
    progress.result = result;
    return result;
  };
  const stop = async (status: 'rolled_back' | 'failed', key: string, actor: string, reason: string): Promise<RolloutResult> => {
    const r = await acts.rolloutStop({
      deploymentId, key, status, actor, reason,
      event: { kind: status === 'failed' ? 'failed' : 'rollback', message: reason, details: { actor } },
    });
    return done({ status, message: reason, ...r });
  };
  const aborted = (a: RolloutAbort) => stop('rolled_back', 'abort', a.actor, a.reason ?? `rollback of #${plan.number} during its rollout`);

  if (plan.status !== 'pending' && plan.status !== 'rolling') {
    return done({ status: plan.status === 'active' ? 'active' : 'failed', message: `${label} is ${plan.status}: nothing to roll out` });
  }
  await acts.rolloutEvent({
    deploymentId, key: 'started', kind: 'started', message: `rollout of ${label} by ${plan.strategy} started`,
    details: { strategy: plan.strategy, weights: progress.weights, ...(plan.canary ? { canary: plan.canary } : {}) },
  });

  // The versions new to the endpoint: a canary's or shadow's challenger, every variant of a replace or split.
  const newVariants = plan.variants.filter((v) => plan.strategy === 'replace' || plan.strategy === 'split' || v.role !== 'primary').map((v) => v.name);
  const check = await acts.rolloutCheck({ deploymentId, newVariants });
  if (!check.ok) return stop('failed', 'check', 'rollout', `${label} failed its check: ${check.message}`);
  if (abort) return aborted(abort);

  progress.phase = 'shifting';
  try {
    if (plan.strategy !== 'canary' || !plan.canary) {
      await acts.rolloutApply({
        deploymentId, key: 'shift', variants: plan.variants, status: 'active',
        event: { kind: 'weights', message: `${label} takes the traffic: ${plan.variants.map((v) => `${v.name} ${v.role} ${v.weight}%`).join(', ')}`, details: { weights: progress.weights } },
      });
      await acts.rolloutEvent({ deploymentId, key: 'succeeded', kind: 'succeeded', message: `${label} is active` });
      return done({ status: 'active', message: `${label} is active` });
    }

    const settings = plan.canary;
    const canary = plan.variants.find((v) => v.role === 'canary')!;
    let variants = plan.variants;
    for (let i = 0; i < settings.steps.length && !promote; i++) {
      if (abort) return aborted(abort);
      const weight = settings.steps[i];
      variants = canaryAt(plan.variants, canary.name, weight);
      progress.phase = 'shifting';
      const applied = await acts.rolloutApply({
        deploymentId, key: `step-${i}`, variants, status: 'rolling',
        event: { kind: 'weights', message: `step ${i + 1} of ${settings.steps.length}: the canary ${canary.name} takes ${weight}%`, details: { step: i, weights: weightsOf(variants) } },
      });
      progress.step = i;
      progress.weights = weightsOf(variants);
      progress.appliedAt = applied.at;
      for (let holds = 0; ; holds++) {
        progress.phase = 'watching';
        progress.round++;
        // A durable timer that a rollback or a promotion cuts short.
        await condition(() => abort !== undefined || promote !== undefined, settings.intervalMs);
        if (abort) return aborted(abort);
        if (promote) break;
        const decision = await acts.rolloutJudge({
          deploymentId, endpoint: plan.endpoint, key: `watch-${i}-${holds}`, since: applied.at, weight, canary: canary.name, settings,
        });
        progress.lastDecision = decision;
        if (decision.decision === 'advance') break;
        if (decision.decision === 'rollback') return stop('rolled_back', 'judged', 'rollout', `the rollout rolled back ${label} at ${weight}%: ${decision.reason}`);
        if (holds + 1 > settings.maxHolds) {
          return stop('rolled_back', 'judged', 'rollout', `the rollout rolled back ${label} at ${weight}%: ${settings.maxHolds + 1} windows in a row had too few requests to judge (${decision.reason})`);
        }
      }
    }
    if (abort) return aborted(abort);
    const final: Variant[] = [{ ...canary, role: 'primary', weight: 100 }];
    const by = promote ? `promoted by ${promote.actor}${promote.reason ? ` (${promote.reason})` : ''}` : 'every step passed';
    await acts.rolloutApply({
      deploymentId, key: 'finish', variants: final, status: 'active',
      event: { kind: promote ? 'promote' : 'advance', message: `the canary ${canary.name} takes all the traffic: ${by}`, details: { weights: weightsOf(final), ...(promote ? { actor: promote.actor } : {}) } },
    });
    progress.weights = weightsOf(final);
    await acts.rolloutEvent({ deploymentId, key: 'succeeded', kind: 'succeeded', message: `${label} is active: ${by}` });
    return done({ status: 'active', message: `${label} is active: ${by}` });
  } catch (err) {
    if (isCancellation(err)) throw err;
    // An activity that failed for good (its retries spent): the deployment fails and the traffic it took goes back.
    const message = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
    return stop('failed', 'error', 'rollout', `${label} failed during its rollout: ${message}`);
  }
}
