// Wraps a step kind's implementation into its Temporal activity: parse config with the catalog's schema,
// record the attempt in step_runs (idempotent upsert), check gates, classify errors.
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { getStepKind } from '../../dsl/catalog';
import { upsertStepRun } from '../../server/db/repo/runs';
import type { StepInput, StepResult } from '../workflows/types';
import type { ActivityDeps } from './deps';
import { userError } from './errors';
import { unmetGates } from './gates';

export interface StepContext<C> {
  config: C;
  input: StepInput;
  deps: ActivityDeps;
  attempt: number;
  /** Heartbeat details of the previous attempt (checkpoints), if any. */
  previous: unknown;
  heartbeat(details?: unknown): void;
  signal: AbortSignal;
}

export type StepImpl<C> = (ctx: StepContext<C>) => Promise<StepResult>;

export function stepActivity<C>(kind: string, impl: StepImpl<C>, deps: ActivityDeps) {
  return async (input: StepInput): Promise<StepResult> => {
    const actx = Context.current();
    const attempt = actx.info.attempt;
    const started = Date.now();
    const base = { runId: input.runId, stepId: input.step.id, attempt, kind };
    await upsertStepRun(deps.db, { ...base, status: 'running' });
    try {
      const decl = getStepKind(kind);
      if (!decl) throw userError('BadConfig', `unknown step kind "${kind}"`);
      const parsed = decl.config.safeParse(input.step.config);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(with)'}: ${i.message}`).join('; ');
        throw userError('BadConfig', `bad config for ${kind}: ${issues}`);
      }
      const result = await impl({
        config: parsed.data as C,
        input,
        deps,
        attempt,
        previous: actx.info.heartbeatDetails,
        heartbeat: (d) => actx.heartbeat(d),
        signal: actx.cancellationSignal,
      });
      const unmet = unmetGates(input.step.gate, result.outputs);
      if (unmet.length > 0) {
        await upsertStepRun(deps.db, {
          ...base, status: 'failed', outputs: result.outputs, summary: result.summary,
          error: `gate failed: ${unmet.join('; ')}`, durationMs: Date.now() - started,
        });
        throw userError('GateFailed', `gate failed: ${unmet.join('; ')}`);
      }
      await upsertStepRun(deps.db, { ...base, status: 'succeeded', outputs: result.outputs, summary: result.summary, durationMs: Date.now() - started });
      return result;
    } catch (err) {
      if (err instanceof ApplicationFailure && err.type === 'GateFailed') throw err;
      const cancelled = actx.cancellationSignal.aborted;
      const message = err instanceof Error ? err.message : String(err);
      const details = err instanceof ApplicationFailure ? err.details?.[0] : undefined;
      await upsertStepRun(deps.db, {
        ...base, status: cancelled ? 'cancelled' : 'failed', error: message,
        summary: details === undefined ? undefined : { report: details }, durationMs: Date.now() - started,
      }).catch(() => {});
      throw err;
    }
  };
}
