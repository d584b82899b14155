// Wraps a step kind's implementation into its Temporal activity: parse config with the catalog's schema,
// record the attempt in step_runs (idempotent upsert), give it a logger, check gates, record which
// datasets it read and wrote, classify errors.
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { getStepKind } from '../../dsl/catalog';
import type { StepOutputs } from '../../dsl/refs';
import { recordDatasetUse } from '../../server/db/repo/datasets';
import { upsertStepRun } from '../../server/db/repo/runs';
import type { StepInput, StepResult } from '../workflows/types';
import type { ActivityDeps } from './deps';
import { userError } from './errors';
import { unmetGates } from './gates';
import { StepLogger, type StepLog } from './step-log';

export interface StepContext<C> {
  config: C;
  input: StepInput;
  deps: ActivityDeps;
  attempt: number;
  /** Heartbeat details of the previous attempt (checkpoints), if any. */
  previous: unknown;
  heartbeat(details?: unknown): void;
  signal: AbortSignal;
  /** Lines for `run.logs` / `headrace logs` (batched into step_logs). */
  log: StepLog;
}

export type StepImpl<C> = (ctx: StepContext<C>) => Promise<StepResult>;

export function stepActivity<C>(kind: string, impl: StepImpl<C>, deps: ActivityDeps) {
  return async (input: StepInput): Promise<StepResult> => {
    const actx = Context.current();
    const attempt = actx.info.attempt;
    const started = Date.now();
    const base = { runId: input.runId, stepId: input.step.id, attempt, kind };
    const log = new StepLogger(deps.db, { runId: input.runId, stepId: input.step.id, attempt });
    await upsertStepRun(deps.db, { ...base, status: 'running' });
    log.info(`${kind}: attempt ${attempt} started`);
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
        log,
      });
      const unmet = unmetGates(input.step.gate, result.outputs);
      if (input.step.gate.length > 0) {
        log[unmet.length > 0 ? 'error' : 'info'](unmet.length > 0 ? `gate failed: ${unmet.join('; ')}` : `gate passed: ${input.step.gate.map((g) => `${g.metric} ${g.op} ${g.value}`).join(', ')}`);
      }
      if (unmet.length > 0) {
        await upsertStepRun(deps.db, {
          ...base, status: 'failed', outputs: result.outputs, summary: result.summary,
          error: `gate failed: ${unmet.join('; ')}`, durationMs: Date.now() - started,
        });
        throw userError('GateFailed', `gate failed: ${unmet.join('; ')}`);
      }
      await recordDatasetUses(deps, input, result.outputs);
      log.info(`succeeded in ${Date.now() - started} ms`);
      await log.close();
      await upsertStepRun(deps.db, { ...base, status: 'succeeded', outputs: result.outputs, summary: result.summary, durationMs: Date.now() - started });
      return result;
    } catch (err) {
      if (err instanceof ApplicationFailure && err.type === 'GateFailed') {
        await log.close();
        throw err;
      }
      const cancelled = actx.cancellationSignal.aborted;
      const message = err instanceof Error ? err.message : String(err);
      const retrying = !cancelled && !(err instanceof ApplicationFailure && err.nonRetryable) && attempt < input.step.retry.maximumAttempts;
      log[cancelled ? 'warn' : 'error'](cancelled ? 'cancelled' : `failed: ${message}${retrying ? ' (will retry)' : ''}`);
      await log.close();
      const details = err instanceof ApplicationFailure ? err.details?.[0] : undefined;
      await upsertStepRun(deps.db, {
        ...base, status: cancelled ? 'cancelled' : 'failed', error: message,
        summary: details === undefined ? undefined : { report: details }, durationMs: Date.now() - started,
      }).catch(() => {});
      throw err;
    }
  };
}

/** Lineage: the tables a step read (its Table inputs) and wrote (Table outputs it did not just pass through). */
async function recordDatasetUses(deps: ActivityDeps, input: StepInput, outputs: StepOutputs): Promise<void> {
  const tables = (refs: StepOutputs) => Object.values(refs).flatMap((r) => (r.type === 'Table' ? [r.hash] : []));
  const read = new Set(tables(input.inputs));
  const wrote = new Set(tables(outputs).filter((h) => !read.has(h)));
  const key = { runId: input.runId, stepId: input.step.id };
  for (const hash of read) await recordDatasetUse(deps.db, { ...key, hash, direction: 'read' });
  for (const hash of wrote) await recordDatasetUse(deps.db, { ...key, hash, direction: 'wrote' });
}
