// A sweep (`matrix:` on a training step): its trials run as the kind's own activity, `parallelism` at a time, each
// under its own step id (trialStepId: its rows, log and curves apart), each told what the median stopping rule
// compares. A failed trial does not fail the sweep; the best successful trial by `select` is the step's outcome,
// and the step's row keeps every trial's settings and figures (the run page's sweep table and plot).
import { ApplicationFailure, CancellationScope, isCancellation } from '@temporalio/workflow';
import type { PlanStep } from '../../../dsl/plan';
import type { ArtifactRef } from '../../../dsl/refs';
import { trialStepId } from '../../../dsl/trial-step-id';
import { bookkeeping } from '../proxies';
import { messageOf } from '../failure-message';
import type { RunState, StepOutcome } from '../run-state';
import type { StepResult } from '../types';
import { activityFor } from './activity';

/** One trial in the sweep step's summary. */
export interface TrialSummary {
  index: number;
  stepId: string;
  values: Record<string, unknown>;
  status: 'succeeded' | 'stopped' | 'failed';
  /** The trial's figures of the epoch its model keeps (loss, val_loss, val_accuracy or val_rmse). */
  figures?: Record<string, number>;
  epochs?: number;
  error?: string;
}

export async function executeSweep(step: PlanStep, inputs: Record<string, ArtifactRef>, run: RunState): Promise<StepOutcome> {
  const sweep = step.sweep!;
  const started = Date.now();
  const { metric, mode } = sweep.select;
  const count = sweep.trials.length;
  const trials: TrialSummary[] = sweep.trials.map((t) => ({ index: t.index, stepId: trialStepId(step.id, t.index), values: t.values, status: 'failed' }));
  const results = new Map<number, StepResult>();
  const summary = () => ({ sweep: { metric, mode, parallelism: sweep.parallelism, trials } });
  const row = (status: 'running' | 'succeeded' | 'failed' | 'cancelled', more: { outputs?: Record<string, ArtifactRef>; summary?: Record<string, unknown>; error?: string } = {}) =>
    bookkeeping.recordSteps({
      runId: run.runId,
      steps: [{ stepId: step.id, kind: step.uses, attempt: 1, status, ...more, ...(status === 'running' ? {} : { durationMs: Date.now() - started }) }],
    });
  await row('running', { summary: { sweep: { metric, mode, parallelism: sweep.parallelism, trials: trials.map((t) => ({ ...t, status: 'pending' })) } } });

  let next = 0;
  const lane = async () => {
    while (next < count) {
      const k = next++;
      const t = sweep.trials[k];
      const { sweep: _sweep, ...rest } = step;
      const trialStep: PlanStep = {
        ...rest, id: trials[k].stepId, config: t.config,
        trial: { of: step.id, index: t.index, count, metric, mode, stopping: sweep.select.stopping },
      };
      try {
        const result = await activityFor(trialStep)({ runId: run.runId, pipeline: run.plan.pipeline, step: trialStep, inputs, dataRoots: run.ctx.dataRoots });
        results.set(k, result);
        const s = result.summary ?? {};
        trials[k] = {
          ...trials[k], status: s.stoppedBy ? 'stopped' : 'succeeded',
          figures: (s.selection as Record<string, number> | undefined) ?? {}, ...(typeof s.epochs === 'number' ? { epochs: s.epochs } : {}),
        };
      } catch (err) {
        if (isCancellation(err)) throw err;
        trials[k] = { ...trials[k], status: 'failed', error: messageOf(err) };
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: sweep.parallelism }, lane));
  } catch (err) {
    if (isCancellation(err)) await CancellationScope.nonCancellable(() => row('cancelled', { summary: summary() }));
    throw err;
  }

  // The best trial that ran to its end; a stopped one only when none did.
  const value = (t: TrialSummary) => t.figures?.[metric];
  const ranked = trials
    .filter((t) => t.status !== 'failed' && Number.isFinite(value(t)))
    .sort((a, b) => Number(a.status === 'stopped') - Number(b.status === 'stopped') || (mode === 'min' ? value(a)! - value(b)! : value(b)! - value(a)!) || a.index - b.index);
  const best = ranked[0];
  if (!best) {
    const message = `every trial of the sweep failed: ${trials.map((t) => `trial ${t.index}: ${t.error ?? `no ${metric}`}`).join('; ')}`;
    await row('failed', { summary: summary(), error: message });
    throw ApplicationFailure.nonRetryable(message, 'SweepFailed');
  }
  const outputs = results.get(trials.indexOf(best))!.outputs;
  await row('succeeded', { outputs, summary: { sweep: { ...summary().sweep, best: best.index } } });
  return { outputs };
}
