// Wraps a step kind's implementation into its Temporal activity: parse config with the catalog's schema,
// record the attempt in step_runs (idempotent upsert), give it a logger, check gates, record which
// datasets it read and wrote and the attempt's cache key, classify errors (errors.ts, docs/errors.md).
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { getStepKind } from '../../dsl/catalog';
import { fastSchema } from '../../dsl/check/fast-schema';
import type { ArtifactRef, StepOutputs } from '../../dsl/refs';
import { recordDatasetUse } from '../../server/db/repo/datasets';
import { writeStepRun } from '../../server/db/repo/step-run-writes';
import type { StepInput, StepResult } from '../workflows/types';
import { dataRootsOf, stepCacheKey, type SourceFile } from './cache-key';
import type { ActivityDeps } from './deps';
import { classifyError, userError } from './errors';
import { unmetGates } from '../../dsl/gates';
import { runningMark } from './running-mark';
import { StepLogger, type StepLog } from './step-log';

export interface StepContext<C, I = Record<string, ArtifactRef | undefined>> {
  config: C;
  /** The step's input references by port, typed from the kind's declared ports (kinds.ts). */
  inputs: I;
  input: StepInput;
  deps: ActivityDeps;
  attempt: number;
  /** Heartbeat details of the previous attempt (checkpoints), if any. */
  previous: unknown;
  /** Heartbeats to Temporal (a training step's checkpoint rides along); the attempt's `running` row is written by then. */
  heartbeat(details?: unknown): void;
  /**
   * Resolves once the attempt's `running` row exists (written at once if the step has not yet run long enough for
   * it, ./running-mark.ts): await it before updating the row (progress, a checkpoint's location).
   */
  recorded(): Promise<void>;
  signal: AbortSignal;
  /** Lines for `run.logs` / `headrace logs` (batched into step_logs). */
  log: StepLog;
  /** The data roots this step may read below. */
  dataRoots: string[];
  /** The files the config names (the kind's path fields), hashed before the step ran (part of its cache key). */
  sources: SourceFile[];
}

export type StepImpl<C, I = Record<string, ArtifactRef | undefined>> = (ctx: StepContext<C, I>) => Promise<StepResult>;

export function stepActivity<C, I>(kind: string, impl: StepImpl<C, I>, deps: ActivityDeps) {
  return async (input: StepInput): Promise<StepResult> => {
    const actx = Context.current();
    const attempt = actx.info.attempt;
    const started = Date.now();
    // An earlier attempt still recorded `running` never wrote its end: the upserts below close it with this cause.
    const base = {
      runId: input.runId, stepId: input.step.id, attempt, kind, supersededCause: supersededCause(actx.info),
      ...(input.claimsRun && { claimsRun: true }),
    };
    const log = new StepLogger(deps.db, { runId: input.runId, stepId: input.step.id, attempt });
    const roots = dataRootsOf(input, deps.dataRoots);
    // Written once the step has run RUNNING_MARK_MS, or at once when it reports progress; a shorter step only
    // writes its final row.
    const mark = runningMark(() => writeStepRun(deps.db, { ...base, status: 'running' }));
    try {
      log.info(`${kind}: attempt ${attempt} started`);
      const decl = getStepKind(kind);
      if (!decl) throw userError('BadConfig', `unknown step kind "${kind}"`);
      // zod's compiled parser (dsl/check/fast-schema.ts): a bad config still gets the runtime parser's issues.
      const parsed = fastSchema(decl.config).safeParse(input.step.config);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(with)'}: ${i.message}`).join('; ');
        throw userError('BadConfig', `bad config for ${kind}: ${issues}`);
      }
      // Every succeeded attempt records its key, so a later `cache: true` step can reuse it. A key that cannot
      // be computed (the file is missing or outside the roots) only makes the attempt uncacheable: the step's
      // own read reports that error.
      const cache = await stepCacheKey(input, roots, deps.db).catch((err: unknown) => {
        log.warn(`no cache key: ${err instanceof Error ? err.message : String(err)}`);
        return undefined;
      });
      const result = await impl({
        config: parsed.data as C,
        // The checker matched every port's type when it compiled the Plan.
        inputs: input.inputs as I,
        input,
        deps,
        attempt,
        previous: actx.info.heartbeatDetails,
        heartbeat: (d) => {
          void mark.now();
          actx.heartbeat(d);
        },
        recorded: () => mark.now(),
        signal: actx.cancellationSignal,
        log,
        dataRoots: roots,
        sources: cache?.sources ?? [],
      });
      const unmet = unmetGates(input.step.gate, result.outputs);
      if (input.step.gate.length > 0) {
        log[unmet.length > 0 ? 'error' : 'info'](unmet.length > 0 ? `gate failed: ${unmet.join('; ')}` : `gate passed: ${input.step.gate.map((g) => `${g.metric} ${g.op} ${g.value}`).join(', ')}`);
      }
      if (unmet.length > 0) {
        await mark.settle();
        await writeStepRun(deps.db, {
          ...base, status: 'failed', outputs: result.outputs, summary: result.summary,
          error: `gate failed: ${unmet.join('; ')}`, durationMs: Date.now() - started, logs: await log.drain(),
        });
        throw userError('GateFailed', `gate failed: ${unmet.join('; ')}`);
      }
      await recordDatasetUses(deps, input, result.outputs);
      log.info(`succeeded in ${Date.now() - started} ms`);
      // The result and the lines not yet written in one statement.
      await mark.settle();
      await writeStepRun(deps.db, {
        ...base, status: 'succeeded', outputs: result.outputs, summary: result.summary, durationMs: Date.now() - started, cacheKey: cache?.key,
        logs: await log.drain(),
      });
      return result;
    } catch (err) {
      if (err instanceof ApplicationFailure && err.type === 'GateFailed') {
        await log.close();
        throw err;
      }
      const cancelled = actx.cancellationSignal.aborted;
      const c = classifyError(err);
      const retrying = !cancelled && c.retryable && attempt < input.step.retry.maximumAttempts;
      const label = c.class === 'transient' ? 'failed (transient)' : 'failed';
      log[cancelled ? 'warn' : 'error'](cancelled ? 'cancelled' : `${label}: ${c.message}${retrying ? ' (will retry)' : ''}`);
      await log.close();
      const details = err instanceof ApplicationFailure ? err.details?.[0] : undefined;
      try {
        await mark.settle();
        await writeStepRun(deps.db, {
          ...base, status: cancelled ? 'cancelled' : 'failed', error: c.message,
          summary: details === undefined ? undefined : { report: details }, durationMs: Date.now() - started,
        });
      } catch (recordErr) {
        // Dropped on purpose: the step's own failure is what Temporal must see (it retries or fails the run
        // with it); a lost row only leaves this attempt shown as `running` until the next attempt or the run's end.
        actx.log.error(`step ${input.step.id} of run ${input.runId}: could not record attempt ${attempt} as failed: ${(recordErr as Error).message}`);
      }
      throw cancelled ? err : c.failure;
    }
  };
}

/**
 * Why the previous attempt ended without recording it, as Temporal times such an attempt out: with a heartbeat
 * timeout, when its worker stopped answering (killed, or cut off from the server); else at its start-to-close timeout.
 */
export function supersededCause(info: { attempt: number; heartbeatTimeoutMs?: number; startToCloseTimeoutMs: number }): string {
  const s = (ms: number) => `${Math.round(ms / 1000)} s`;
  return info.heartbeatTimeoutMs
    ? `attempt ${info.attempt - 1}'s worker stopped answering (no heartbeat for ${s(info.heartbeatTimeoutMs)}: heartbeat timeout)`
    : `attempt ${info.attempt - 1} did not end within ${s(info.startToCloseTimeoutMs)} (start-to-close timeout; its worker stopped or lost the server)`;
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
